package chunks

import (
	"fmt"
	"math/big"
	"sort"

	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
	"github.com/consensys/gnark/frontend"

	"lethe.io/prover-native/zkdigest"
)

const (
	// FisherBlock: weights per Fisher block (H is FisherBlock×FisherBlock, symmetric). 16 keeps
	// the in-circuit hash of H (the dominant cost, ≈ 10k·(B+1) constraints per chunk) near 170k.
	FisherBlock  = 16
	FisherBlocks = Weights / FisherBlock
	// FisherEntries: the upper triangle of one block, row-major (H[r][k], r ≤ k).
	FisherEntries = FisherBlock * (FisherBlock + 1) / 2
	// MaxRemoved: removed weights per Fisher block (columns of C = H⁻¹[:,P]).
	MaxRemoved = 2
	// MaskBits per public mask element; MaskElems elements hold the chunk's 1,024 bits.
	MaskBits  = 248
	MaskElems = (Weights + MaskBits - 1) / MaskBits
	// ToleranceBits: |(H·C)[r][j] − E_P[r][j]·2^32| < 2^ToleranceBits at scale 2^32 (2^-11 real).
	// An honest C (H⁻¹[:,P] rounded to raws) misses by ≤ ‖H row‖₁·2^-17 < 2^-11.7 for any H of
	// mean diagonal 1 with κ(H) < 256 (obs_tolerance_test.go, TestObsHonestResidualWorstCase).
	ToleranceBits = 21
	// CompensationBits: |C[r,:]·z − W[r]·2^16| < 2^CompensationBits at scale 2^32 for r ∈ P
	// (honest: ≤ ‖C[p,:]‖₁·2^-17 < 2^-12.7, same test).
	CompensationBits = 21
	// TagFisher: domain tag of the Fisher commitment sponge.
	TagFisher = 5
	// productBits bounds |C[r,:]·z| < 2^81 (two products of |raw| < 2^40).
	productBits = 81
)

// upper returns the index of H[r][k] in a block's upper-triangle list.
func upper(r, k int) int {
	if r > k {
		r, k = k, r
	}
	return r*FisherBlock - r*(r-1)/2 + (k - r)
}

// ObsCircuit (kind 3): zero-shot ZK-APEX Group-OBS update of one chunk. With the public
// removed set P and frozen set F (bit masks, P ∩ F = ∅, padding bits 0), per Fisher block b of 16
// weights with committed symmetric H_b, private C_b (16×2), z_b (2), selection Sel_b:
//   - every column j of C_b targets one removed weight of the block (Sel), every removed weight
//     exactly one column, unused columns have z_j = 0, so untouched blocks keep W′ = W;
//   - (H_b·C_b)[r][j] = Sel_b[j][r]·2^32 within ±2^21 (H·C = E_P within 2^-11);
//   - for r ∈ P: |C[r,:]·z − W[r]·2^16| < 2^21 and W′[r] = 0;
//   - for r ∈ F: W′[r] = W[r]; otherwise W′[r] = W[r] − round(C[r,:]·z / 2^16) (half away from 0);
//   - H, C, z, W, W′ all |raw| < 2^40; FisherDigest = sponge over H's upper triangles.
//
// Public inputs, in order: Old, New, Index, Kind, Bind, Count, Removed[0..5), Frozen[0..5), FisherDigest.
type ObsCircuit struct {
	Header
	Removed      [MaskElems]frontend.Variable `gnark:",public"`
	Frozen       [MaskElems]frontend.Variable `gnark:",public"`
	FisherDigest frontend.Variable            `gnark:",public"`

	W   [Weights]frontend.Variable
	H   [FisherBlocks][FisherEntries]frontend.Variable
	C   [FisherBlocks][FisherBlock][MaxRemoved]frontend.Variable
	Z   [FisherBlocks][MaxRemoved]frontend.Variable
	Sel [FisherBlocks][MaxRemoved][FisherBlock]frontend.Variable
}

func (g *Gadget) unpackMask(elems []frontend.Variable) []frontend.Variable {
	var bits []frontend.Variable
	for e, x := range elems {
		n := min(MaskBits, Weights-e*MaskBits)
		bits = append(bits, g.api.ToBinary(x, n)...)
	}
	return bits
}

// roundShift returns q = round(p / 2^16), halves away from zero, for |p| < 2^productBits.
func (g *Gadget) roundShift(p frontend.Variable) frontend.Variable {
	api := g.api
	out, err := api.Compiler().NewHint(roundHint, 2, p)
	if err != nil {
		panic(err)
	}
	neg, rem := out[0], out[1]
	api.AssertIsBoolean(neg)
	// neg = [p < 0]: p (neg = 0) or −p − 1 (neg = 1) is in [0, 2^productBits)
	g.rc.Check(api.Sub(p, api.Mul(neg, api.Add(api.Mul(2, p), 1))), productBits)
	g.rc.Check(rem, zkdigest.ScaleBits)
	q := api.Div(api.Sub(api.Add(p, 1<<(zkdigest.ScaleBits-1)), neg, rem), 1<<zkdigest.ScaleBits)
	g.CheckSigned(q, StepBits+1)
	return q
}

// roundHint: (neg, rem) with p + 2^15 − neg = q·2^16 + rem, q = round half away from zero.
func roundHint(field *big.Int, in []*big.Int, out []*big.Int) error {
	p := new(big.Int).Set(in[0])
	if p.Cmp(new(big.Int).Rsh(field, 1)) > 0 {
		p.Sub(p, field)
	}
	q := RoundShift(p)
	neg := int64(0)
	if p.Sign() < 0 {
		neg = 1
	}
	out[0].SetInt64(neg)
	r := new(big.Int).Add(p, big.NewInt(1<<(zkdigest.ScaleBits-1)-neg))
	out[1].Sub(r, new(big.Int).Lsh(q, zkdigest.ScaleBits))
	return nil
}

func (c *ObsCircuit) Define(api frontend.API) error {
	g, err := NewGadget(api, &c.Header, KindObs)
	if err != nil {
		return err
	}
	P, F := g.unpackMask(c.Removed[:]), g.unpackMask(c.Frozen[:])
	for i := 0; i < Weights; i++ {
		api.AssertIsEqual(api.Mul(P[i], F[i]), 0)
		pad := api.Sub(1, g.real[i])
		api.AssertIsEqual(api.Mul(api.Add(P[i], F[i]), pad), 0)
		g.CheckRaw(c.W[i])
	}
	// Fisher commitment
	var flat []frontend.Variable
	for b := range c.H {
		for _, h := range c.H[b] {
			g.CheckRaw(h)
			flat = append(flat, h)
		}
	}
	api.AssertIsEqual(c.FisherDigest, g.fisherDigest(flat))

	offset32 := new(big.Int).Lsh(big.NewInt(1), 2*zkdigest.ScaleBits)
	scale := big.NewInt(1 << zkdigest.ScaleBits)
	wNew := make([]frontend.Variable, Weights)
	for b := 0; b < FisherBlocks; b++ {
		for j := 0; j < MaxRemoved; j++ {
			g.CheckRaw(c.Z[b][j])
			used := frontend.Variable(0)
			for r := 0; r < FisherBlock; r++ {
				api.AssertIsBoolean(c.Sel[b][j][r])
				used = api.Add(used, c.Sel[b][j][r])
			}
			api.AssertIsBoolean(used)
			api.AssertIsEqual(api.Mul(c.Z[b][j], api.Sub(1, used)), 0)
			for r := 0; r < FisherBlock; r++ {
				g.CheckRaw(c.C[b][r][j])
			}
		}
		for r := 0; r < FisherBlock; r++ {
			cover := frontend.Variable(0)
			for j := 0; j < MaxRemoved; j++ {
				cover = api.Add(cover, c.Sel[b][j][r])
			}
			api.AssertIsEqual(cover, P[b*FisherBlock+r])
		}
		// H·C = E_P within the tolerance
		for r := 0; r < FisherBlock; r++ {
			for j := 0; j < MaxRemoved; j++ {
				m := frontend.Variable(0)
				for k := 0; k < FisherBlock; k++ {
					m = api.Add(m, api.Mul(c.H[b][upper(r, k)], c.C[b][k][j]))
				}
				g.CheckSigned(api.Sub(m, api.Mul(c.Sel[b][j][r], offset32)), ToleranceBits)
			}
		}
		for r := 0; r < FisherBlock; r++ {
			i := b*FisherBlock + r
			p := frontend.Variable(0)
			for j := 0; j < MaxRemoved; j++ {
				p = api.Add(p, api.Mul(c.C[b][r][j], c.Z[b][j]))
			}
			q := g.roundShift(p)
			g.CheckSigned(api.Mul(P[i], api.Sub(p, api.Mul(c.W[i], scale))), CompensationBits)
			wNew[i] = api.Mul(api.Sub(1, P[i]), api.Sub(c.W[i], api.Mul(api.Sub(1, F[i]), q)))
			g.CheckRaw(wNew[i])
		}
	}
	api.AssertIsEqual(c.Old, g.Subroot(c.W[:]))
	api.AssertIsEqual(c.New, g.Subroot(wNew))
	return nil
}

// fisherDigest: the values packed six per element (u = h + 2^40, 41-bit slots, absent slots 0),
// absorbed two elements at a time into a Poseidon2 sponge starting at (0, 0, TagFisher); lane 0.
func (g *Gadget) fisherDigest(vals []frontend.Variable) frontend.Variable {
	api := g.api
	offset := new(big.Int).Lsh(big.NewInt(1), zkdigest.MagnitudeBits)
	var elems []frontend.Variable
	for lo := 0; lo < len(vals); lo += zkdigest.PerElement {
		acc := frontend.Variable(0)
		for j := 0; j < zkdigest.PerElement && lo+j < len(vals); j++ {
			shift := new(big.Int).Lsh(big.NewInt(1), uint(zkdigest.SlotBits*j))
			acc = api.Add(acc, api.Mul(api.Add(vals[lo+j], offset), shift))
		}
		elems = append(elems, acc)
	}
	if len(elems)%2 == 1 {
		elems = append(elems, 0)
	}
	s := []frontend.Variable{0, 0, TagFisher}
	for k := 0; k < len(elems); k += 2 {
		s[0] = api.Add(s[0], elems[k])
		s[1] = api.Add(s[1], elems[k+1])
		g.permute(s)
	}
	return s[0]
}

// FisherDigest is the native Fisher commitment of a chunk: blocks in order, each block's upper
// triangle row-major (FisherBlocks × FisherEntries raws, |raw| < 2^40).
func FisherDigest(h [][]int64) (fr.Element, error) {
	var flat []int64
	for b, blk := range h {
		if len(blk) != FisherEntries {
			return fr.Element{}, fmt.Errorf("fisher block %d has %d entries, want %d", b, len(blk), FisherEntries)
		}
		flat = append(flat, blk...)
	}
	if err := zkdigest.CheckRaw(flat); err != nil {
		return fr.Element{}, fmt.Errorf("fisher: %w", err)
	}
	offset := new(big.Int).Lsh(big.NewInt(1), zkdigest.MagnitudeBits)
	var elems []fr.Element
	for lo := 0; lo < len(flat); lo += zkdigest.PerElement {
		acc := new(big.Int)
		for j := min(zkdigest.PerElement, len(flat)-lo) - 1; j >= 0; j-- {
			acc.Lsh(acc, zkdigest.SlotBits)
			acc.Add(acc, new(big.Int).Add(offset, big.NewInt(flat[lo+j])))
		}
		var e fr.Element
		e.SetBigInt(acc)
		elems = append(elems, e)
	}
	if len(elems)%2 == 1 {
		elems = append(elems, fr.Element{})
	}
	var s [3]fr.Element
	s[2].SetUint64(TagFisher)
	for k := 0; k < len(elems); k += 2 {
		s[0].Add(&s[0], &elems[k])
		s[1].Add(&s[1], &elems[k+1])
		zkdigest.Permute(&s)
	}
	return s[0], nil
}

// MaskElements packs a set of chunk positions into the MaskElems public elements
// (bit i of the chunk = bit i mod 248 of element i / 248).
func MaskElements(set []int) []fr.Element {
	ints := make([]*big.Int, MaskElems)
	for i := range ints {
		ints[i] = new(big.Int)
	}
	for _, i := range set {
		ints[i/MaskBits].SetBit(ints[i/MaskBits], i%MaskBits, 1)
	}
	out := make([]fr.Element, MaskElems)
	for i := range out {
		out[i].SetBigInt(ints[i])
	}
	return out
}

// ObsInstance is the JSON witness of a chunk-obs proof. Removed and frozen are positions in the
// chunk (0..count−1); fisher holds ceil(count/16) blocks (missing ones are zero), each its upper
// triangle row-major; c holds per block 16 rows × 2 columns (row-major), column j for the j-th
// removed weight of the block in increasing order; z per block 2 values. w_new is derived when
// absent and checked when given.
type ObsInstance struct {
	Target
	W       []int64   `json:"w"`
	Removed []int     `json:"removed"`
	Frozen  []int     `json:"frozen"`
	Fisher  [][]int64 `json:"fisher"`
	C       [][]int64 `json:"c"`
	Z       [][]int64 `json:"z"`
	WNew    []int64   `json:"w_new,omitempty"`

	h   [][]int64
	sel [FisherBlocks][MaxRemoved][FisherBlock]int
}

func (in *ObsInstance) KeyID() string { return KeyID(KindObs) }

func (in *ObsInstance) block(rows [][]int64, b, n int) []int64 {
	if b < len(rows) {
		return rows[b]
	}
	return make([]int64, n)
}

func (in *ObsInstance) Prepare() error {
	n := len(in.W)
	if err := checkCount(n); err != nil {
		return err
	}
	if _, err := in.bind(); err != nil {
		return fmt.Errorf("bind: %w", err)
	}
	if err := zkdigest.CheckRaw(in.W); err != nil {
		return fmt.Errorf("w: %w", err)
	}
	blocks := (n + FisherBlock - 1) / FisherBlock
	if len(in.Fisher) > blocks || len(in.C) > blocks || len(in.Z) > blocks {
		return fmt.Errorf("fisher, c and z take at most %d blocks for %d weights", blocks, n)
	}
	removed, frozen := map[int]bool{}, map[int]bool{}
	for _, i := range in.Removed {
		if i < 0 || i >= n || removed[i] {
			return fmt.Errorf("removed position %d out of range or repeated", i)
		}
		removed[i] = true
	}
	for _, i := range in.Frozen {
		if i < 0 || i >= n || frozen[i] || removed[i] {
			return fmt.Errorf("frozen position %d out of range, repeated or also removed", i)
		}
		frozen[i] = true
	}
	in.h = make([][]int64, FisherBlocks)
	for b := range in.h {
		in.h[b] = in.block(in.Fisher, b, FisherEntries)
		if len(in.h[b]) != FisherEntries {
			return fmt.Errorf("fisher block %d has %d entries, want %d", b, len(in.h[b]), FisherEntries)
		}
		c, z := in.block(in.C, b, FisherBlock*MaxRemoved), in.block(in.Z, b, MaxRemoved)
		if len(c) != FisherBlock*MaxRemoved || len(z) != MaxRemoved {
			return fmt.Errorf("block %d: c needs %d values, z %d", b, FisherBlock*MaxRemoved, MaxRemoved)
		}
		for name, v := range map[string][]int64{"fisher": in.h[b], "c": c, "z": z} {
			if err := zkdigest.CheckRaw(v); err != nil {
				return fmt.Errorf("block %d: %s: %w", b, name, err)
			}
		}
	}
	in.sel = [FisherBlocks][MaxRemoved][FisherBlock]int{}
	wNew := make([]int64, n)
	tol := new(big.Int).Lsh(big.NewInt(1), ToleranceBits)
	comp := new(big.Int).Lsh(big.NewInt(1), CompensationBits)
	for b := 0; b < blocks; b++ {
		var targets []int
		for r := 0; r < FisherBlock; r++ {
			if removed[b*FisherBlock+r] {
				targets = append(targets, r)
			}
		}
		sort.Ints(targets)
		if len(targets) > MaxRemoved {
			return fmt.Errorf("Fisher block %d has %d removed weights, at most %d", b, len(targets), MaxRemoved)
		}
		c, z := in.block(in.C, b, FisherBlock*MaxRemoved), in.block(in.Z, b, MaxRemoved)
		for j, t := range targets {
			in.sel[b][j][t] = 1
		}
		for j := len(targets); j < MaxRemoved; j++ {
			if z[j] != 0 {
				return fmt.Errorf("block %d: z[%d] must be 0 (column targets no removed weight)", b, j)
			}
		}
		for r := 0; r < FisherBlock; r++ {
			for j := 0; j < MaxRemoved; j++ {
				m := new(big.Int)
				for k := 0; k < FisherBlock; k++ {
					m.Add(m, new(big.Int).Mul(big.NewInt(in.h[b][upper(r, k)]), big.NewInt(c[k*MaxRemoved+j])))
				}
				m.Sub(m, new(big.Int).Lsh(big.NewInt(int64(in.sel[b][j][r])), 2*zkdigest.ScaleBits))
				if new(big.Int).Abs(m).Cmp(tol) >= 0 {
					return fmt.Errorf("block %d: (H·C − E_P)[%d][%d] = %s, outside ±2^%d (scale 2^32)", b, r, j, m, ToleranceBits)
				}
			}
			i := b*FisherBlock + r
			if i >= n {
				for j := 0; j < MaxRemoved; j++ {
					if c[r*MaxRemoved+j] != 0 {
						return fmt.Errorf("block %d: row %d of c is past the chunk's %d weights and must be 0", b, r, n)
					}
				}
				continue
			}
			p := new(big.Int)
			for j := 0; j < MaxRemoved; j++ {
				p.Add(p, new(big.Int).Mul(big.NewInt(c[r*MaxRemoved+j]), big.NewInt(z[j])))
			}
			switch {
			case removed[i]:
				e := new(big.Int).Sub(p, new(big.Int).Lsh(big.NewInt(in.W[i]), zkdigest.ScaleBits))
				if new(big.Int).Abs(e).Cmp(comp) >= 0 {
					return fmt.Errorf("removed weight %d: C[r,:]·z misses W·2^16 by %s (bound 2^%d)", i, e, CompensationBits)
				}
				wNew[i] = 0
			case frozen[i]:
				wNew[i] = in.W[i]
			default:
				q := RoundShift(p)
				if !q.IsInt64() {
					return fmt.Errorf("weight %d: update overflows", i)
				}
				wNew[i] = in.W[i] - q.Int64()
			}
		}
	}
	if err := zkdigest.CheckRaw(wNew); err != nil {
		return fmt.Errorf("w_new: %w", err)
	}
	if in.WNew == nil {
		in.WNew = wNew
		return nil
	}
	if len(in.WNew) != n {
		return fmt.Errorf("w_new has %d weights, w has %d", len(in.WNew), n)
	}
	for i := range wNew {
		if wNew[i] != in.WNew[i] {
			return fmt.Errorf("relation violated at weight %d: w_new = %d, the OBS update gives %d", i, in.WNew[i], wNew[i])
		}
	}
	return nil
}

// Public: Old, New, Index, Kind, Bind, Count, Removed[5], Frozen[5], FisherDigest (call Prepare first).
func (in *ObsInstance) Public() []fr.Element {
	b, _ := in.bind()
	pub := header(mustSubroot(in.W, in.Index), mustSubroot(in.WNew, in.Index), in.Index, KindObs, b, len(in.W))
	pub = append(pub, MaskElements(in.Removed)...)
	pub = append(pub, MaskElements(in.Frozen)...)
	d, err := FisherDigest(in.h)
	if err != nil {
		panic(err)
	}
	return append(pub, d)
}

func (in *ObsInstance) Assignment() frontend.Circuit {
	pub := in.Public()
	a := &ObsCircuit{Header: headerAssignment(pub), W: pad(in.W), FisherDigest: pub[6+2*MaskElems]}
	for e := 0; e < MaskElems; e++ {
		a.Removed[e], a.Frozen[e] = pub[6+e], pub[6+MaskElems+e]
	}
	for b := 0; b < FisherBlocks; b++ {
		c, z := in.block(in.C, b, FisherBlock*MaxRemoved), in.block(in.Z, b, MaxRemoved)
		for e := 0; e < FisherEntries; e++ {
			a.H[b][e] = in.h[b][e]
		}
		for j := 0; j < MaxRemoved; j++ {
			a.Z[b][j] = z[j]
			for r := 0; r < FisherBlock; r++ {
				a.C[b][r][j] = c[r*MaxRemoved+j]
				a.Sel[b][j][r] = in.sel[b][j][r]
			}
		}
	}
	return a
}
