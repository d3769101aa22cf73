package circuits

import (
	"fmt"
	"math"
	"math/big"
	"math/rand"

	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
	"github.com/consensys/gnark/frontend"

	"lethe.io/prover-native/fixedpoint"
	"lethe.io/prover-native/zkdigest"
)

// ObsInstance is the prover's input for an OBS statement (JSON witness encoding of ProveRequest).
// WNew may be omitted: the prover then derives it; if given, it must satisfy the relation.
type ObsInstance struct {
	Shape ObsShape `json:"shape"`
	W     []int64  `json:"w"`
	Mask  []int64  `json:"mask"`
	C     []int64  `json:"c"`
	Z     []int64  `json:"z"`
	WNew  []int64  `json:"w_new,omitempty"`
	rem   []int64
}

var (
	half  = big.NewInt(1 << (zkdigest.ScaleBits - 1))
	scale = big.NewInt(1 << zkdigest.ScaleBits)
)

// roundShift returns (q, r) with v + 2^15 = q·2^16 + r, 0 <= r < 2^16.
func roundShift(v *big.Int) (*big.Int, int64) {
	t := new(big.Int).Add(v, half)
	q, r := new(big.Int).DivMod(t, scale, new(big.Int))
	return q, r.Int64()
}

// Prepare checks sizes and ranges, derives the rounding remainders (and WNew when absent) and
// returns a clear error when the witness does not satisfy the statement.
func (in *ObsInstance) Prepare() error {
	s := in.Shape
	if err := s.Validate(); err != nil {
		return err
	}
	if len(in.W) != s.Params || len(in.Mask) != s.Params || len(in.C) != s.Params*s.Pruned || len(in.Z) != s.Blocks()*s.Pruned {
		return fmt.Errorf("witness sizes do not match shape %+v", s)
	}
	if err := zkdigest.CheckRaw(in.W); err != nil {
		return fmt.Errorf("w: %w", err)
	}
	if err := zkdigest.CheckRaw(in.Z); err != nil {
		return fmt.Errorf("z: %w", err)
	}
	derive := in.WNew == nil
	if derive {
		in.WNew = make([]int64, s.Params)
	} else if len(in.WNew) != s.Params {
		return fmt.Errorf("w_new has %d entries, want %d", len(in.WNew), s.Params)
	}
	in.rem = make([]int64, s.Params)
	bound := new(big.Int).Lsh(big.NewInt(1), RoundingBoundBits)
	for i := 0; i < s.Params; i++ {
		m := in.Mask[i]
		if m != 0 && m != 1 {
			return fmt.Errorf("mask[%d] = %d is not a bit", i, m)
		}
		b := i / s.Block
		acc := new(big.Int)
		for j := 0; j < s.Pruned; j++ {
			acc.Add(acc, new(big.Int).Mul(big.NewInt(in.C[i*s.Pruned+j]), big.NewInt(in.Z[b*s.Pruned+j])))
		}
		delta, r := roundShift(acc)
		in.rem[i] = r
		want := new(big.Int).Sub(big.NewInt(in.W[i]), delta)
		want.Mul(want, big.NewInt(m))
		if derive {
			if !want.IsInt64() {
				return fmt.Errorf("w_new[%d] overflows", i)
			}
			in.WNew[i] = want.Int64()
		} else if want.Cmp(big.NewInt(in.WNew[i])) != 0 {
			return fmt.Errorf("relation violated at weight %d: w_new = %d, M⊙(W − H⁻¹[:,P]·z) gives %s", i, in.WNew[i], want)
		}
		if m == 0 {
			e := new(big.Int).Sub(acc, new(big.Int).Mul(big.NewInt(in.W[i]), scale))
			if new(big.Int).Abs(e).Cmp(bound) >= 0 {
				return fmt.Errorf("pruned weight %d: H⁻¹[P,P]·z misses W[P] by %s (bound 2^%d at scale 2^32)", i, e, RoundingBoundBits)
			}
		}
	}
	if err := zkdigest.CheckRaw(in.WNew); err != nil {
		return fmt.Errorf("w_new: %w", err)
	}
	return nil
}

// Public returns the public inputs in circuit order: zkDigest(W), zkDigest(W'), zkDigest(M).
func (in *ObsInstance) Public() []fr.Element {
	return []fr.Element{zkdigest.MustDigest(in.W), zkdigest.MustDigest(in.WNew), zkdigest.MustDigest(in.Mask)}
}

func vars(xs []int64) []frontend.Variable {
	out := make([]frontend.Variable, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// Assignment builds the full circuit assignment (call Prepare first).
func (in *ObsInstance) Assignment() *ObsCircuit {
	pub := in.Public()
	return &ObsCircuit{DigestOld: pub[0], DigestNew: pub[1], DigestMask: pub[2],
		W: vars(in.W), WNew: vars(in.WNew), Mask: vars(in.Mask), C: vars(in.C), Z: vars(in.Z), Rem: vars(in.rem), shape: in.Shape}
}

// quantizer applies the fixed-point rule and keeps the first error, so generators stay linear.
type quantizer struct{ err error }

func (q *quantizer) fixed(x float64) int64 {
	r, err := fixedpoint.FromFloat(x)
	if err != nil && q.err == nil {
		q.err = err
	}
	return r
}

func toFloat(raw int64) float64 { return fixedpoint.ToFloat(raw) }

// RandomObs draws a random OBS unlearning instance (W' left to Prepare): per Fisher block,
// `pruned` weights are masked and the compensation z solves H⁻¹[P,P]·z = W[P] for a random
// well-conditioned H⁻¹. It is the project's only generator of OBS demo and benchmark instances.
func RandomObs(s ObsShape, rng *rand.Rand) (*ObsInstance, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	in := &ObsInstance{Shape: s, W: make([]int64, s.Params), Mask: make([]int64, s.Params),
		C: make([]int64, s.Params*s.Pruned), Z: make([]int64, s.Blocks()*s.Pruned)}
	var q quantizer
	for i := range in.W {
		in.W[i] = q.fixed(rng.NormFloat64() * 0.1)
		in.Mask[i] = 1
	}
	for b := 0; b < s.Blocks(); b++ {
		in.randomBlock(b, rng, &q)
	}
	if q.err != nil {
		return nil, fmt.Errorf("random OBS instance %s: %w", s.KeyID(), q.err)
	}
	return in, nil
}

// SampleObs is the demo and benchmark instance of shape s for a seed: RandomObs drawn from
// math/rand's source `seed`, prepared (W' derived). The sidecar serves it (SampleObsInstance).
func SampleObs(s ObsShape, seed int64) (*ObsInstance, error) {
	in, err := RandomObs(s, rand.New(rand.NewSource(seed)))
	if err != nil {
		return nil, err
	}
	if err := in.Prepare(); err != nil {
		return nil, err
	}
	return in, nil
}

// randomBlock masks the block's pruned weights, draws C = H⁻¹[:,P] and solves for z.
func (in *ObsInstance) randomBlock(b int, rng *rand.Rand, q *quantizer) {
	s, p := in.Shape, in.Shape.Pruned
	lo, hi := b*s.Block, min((b+1)*s.Block, s.Params)
	n := hi - lo
	cnt := min(p, n)
	pos := rng.Perm(n)[:cnt]
	cols := make([][]float64, n) // cols[row][j]
	for r := range cols {
		cols[r] = make([]float64, p)
		for j := range cols[r] {
			cols[r][j] = rng.NormFloat64() * 0.05
		}
	}
	for j := 0; j < cnt; j++ {
		cols[pos[j]][j] += 1.0 // diagonal dominance of H⁻¹[P,P]
	}
	// quantise C first so z is solved against exactly the matrix the circuit sees
	cq := make([][]float64, n)
	for r := range cols {
		cq[r] = make([]float64, p)
		for j := range cols[r] {
			in.C[(lo+r)*p+j] = q.fixed(cols[r][j])
			cq[r][j] = toFloat(in.C[(lo+r)*p+j])
		}
	}
	a := make([][]float64, cnt)
	rhs := make([]float64, cnt)
	for k := 0; k < cnt; k++ {
		a[k] = append([]float64(nil), cq[pos[k]][:cnt]...)
		rhs[k] = toFloat(in.W[lo+pos[k]])
		in.Mask[lo+pos[k]] = 0
	}
	z := solve(a, rhs)
	for j := 0; j < cnt; j++ {
		in.Z[b*p+j] = q.fixed(z[j])
	}
}

// solve is Gaussian elimination with partial pivoting (tiny p×p systems).
func solve(a [][]float64, b []float64) []float64 {
	n := len(b)
	for c := 0; c < n; c++ {
		piv := c
		for r := c + 1; r < n; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[piv][c]) {
				piv = r
			}
		}
		a[c], a[piv] = a[piv], a[c]
		b[c], b[piv] = b[piv], b[c]
		for r := c + 1; r < n; r++ {
			f := a[r][c] / a[c][c]
			for k := c; k < n; k++ {
				a[r][k] -= f * a[c][k]
			}
			b[r] -= f * b[c]
		}
	}
	x := make([]float64, n)
	for r := n - 1; r >= 0; r-- {
		s := b[r]
		for k := r + 1; k < n; k++ {
			s -= a[r][k] * x[k]
		}
		x[r] = s / a[r][r]
	}
	return x
}

// CascadeInstance is the prover's input for a cascade step.
type CascadeInstance struct {
	Shape CascadeShape `json:"shape"`
	K     int64        `json:"k"`
	W     []int64      `json:"w"`
	Delta []int64      `json:"delta"`
	WNew  []int64      `json:"w_new,omitempty"`
	rem   []int64
}

func (in *CascadeInstance) Prepare() error {
	s := in.Shape
	if err := s.Validate(); err != nil {
		return err
	}
	if len(in.W) != s.Params || len(in.Delta) != s.Params {
		return fmt.Errorf("witness sizes do not match shape %+v", s)
	}
	for name, v := range map[string][]int64{"w": in.W, "delta": in.Delta, "k": {in.K}} {
		if err := zkdigest.CheckRaw(v); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	derive := in.WNew == nil
	if derive {
		in.WNew = make([]int64, s.Params)
	} else if len(in.WNew) != s.Params {
		return fmt.Errorf("w_new has %d entries, want %d", len(in.WNew), s.Params)
	}
	in.rem = make([]int64, s.Params)
	for i := range in.W {
		step, r := roundShift(new(big.Int).Mul(big.NewInt(in.K), big.NewInt(in.Delta[i])))
		in.rem[i] = r
		want := new(big.Int).Add(big.NewInt(in.W[i]), step)
		if derive {
			in.WNew[i] = want.Int64()
		} else if want.Cmp(big.NewInt(in.WNew[i])) != 0 {
			return fmt.Errorf("relation violated at weight %d: w_new = %d, w + round(k·Δ) gives %s", i, in.WNew[i], want)
		}
	}
	if err := zkdigest.CheckRaw(in.WNew); err != nil {
		return fmt.Errorf("w_new: %w", err)
	}
	return nil
}

// Public: zkDigest(w), zkDigest(w'), zkDigest(Δ), k.
func (in *CascadeInstance) Public() []fr.Element {
	return []fr.Element{zkdigest.MustDigest(in.W), zkdigest.MustDigest(in.WNew), zkdigest.MustDigest(in.Delta), zkdigest.FieldOf(in.K)}
}

func (in *CascadeInstance) Assignment() *CascadeCircuit {
	pub := in.Public()
	return &CascadeCircuit{DigestOld: pub[0], DigestNew: pub[1], DigestDelta: pub[2], K: pub[3],
		W: vars(in.W), WNew: vars(in.WNew), Delta: vars(in.Delta), Rem: vars(in.rem), shape: in.Shape}
}

// RandomCascade draws a random cascade step (W' left to Prepare).
func RandomCascade(s CascadeShape, rng *rand.Rand) (*CascadeInstance, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	var q quantizer
	in := &CascadeInstance{Shape: s, K: q.fixed(0.25 + rng.Float64()), W: make([]int64, s.Params), Delta: make([]int64, s.Params)}
	for i := range in.W {
		in.W[i] = q.fixed(rng.NormFloat64() * 0.1)
		in.Delta[i] = q.fixed(rng.NormFloat64() * 0.01)
	}
	if q.err != nil {
		return nil, fmt.Errorf("random cascade instance %s: %w", s.KeyID(), q.err)
	}
	return in, nil
}
