// Package gkrhash proves a batch of Poseidon2 permutations (BLS12-381 Fr, t = 3,
// rF = 8, rP = 56, x^5; the permutation of ../zkdigest) with GKR inside a gnark
// circuit instead of spelling every S-box out as R1CS constraints.
//
// Each Permute call returns the permutation's three output lanes as hint
// outputs. When the circuit is compiled, a deferred finalize builds one GKR
// circuit over all calls (padded with all-zero instances to a power of two),
// solves it, asserts that every claimed output equals the GKR output and
// verifies the GKR proof in-circuit. The Fiat–Shamir transcript starts from a
// BSB22 commitment (api.(frontend.Committer).Commit) to every input and output,
// so a Groth16 circuit using this package carries one extra commitment.
//
// GKR circuit layout (v^r is the state after the S-boxes of round r and
// before its matrix; every lane is kept as a linear form over GKR wires):
//
//	S-box lane (all lanes of a full round, lane 0 of a partial round):
//	    a wire  v^r_i = (row_i(M_prev) · v^{r-1} + rk^r_i)^5          (degree 5)
//	lanes 1, 2 of a partial round: the linear form row_i(M_prev) · v^{r-1},
//	    materialised as a linear wire (degree 1) once it depends on more
//	    than `checkpoint` wires (DefaultCheckpoint = 16)
//	output: three linear wires o_i = row_i(M_E) · v^63
//
// where v^{-1} is the input, M_prev is the matrix the canonical permutation
// applies just before round r (M_E for r = 0..4 and 61..63, since the
// permutation starts with M_E; M_I for r = 5..60), M_E = circ(2, 1, 1) and
// M_I = [[2,1,1],[1,2,1],[1,1,3]]. With checkpoint 2 this is one wire per lane
// per round (198 wires, the shape of gnark's gkr-poseidon2); with 16 it is 92.
// Every GKR wire costs one sumcheck of log2(instances) rounds in the verifier,
// every gate input one extra claim, so fewer wires make the verifier cheaper.
//
// The Fiat–Shamir hash of the GKR transcript is Poseidon2 t=2 (rF=6, rP=50,
// gnark-crypto's BLS12-381 default; the native POSEIDON2_BLS12_381 that gnark's
// GKR prover hint uses). gnark v0.14 has no in-circuit BLS12-381 default for
// it, so this package re-registers std/hash's POSEIDON2 builder: BLS12-381 gets
// these parameters, every other field keeps gnark's builder. MiMC is the
// alternative (NewWithOptions), about 1.8x dearer per absorbed element.
//
// The prover process must know the gates: Register (called by New and by
// init) registers them in gnark's global gate registry, the permutation hint
// with the solver and the POSEIDON2 builder above.
package gkrhash

import (
	"errors"
	"fmt"
	"math/big"
	"sync"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
	_ "github.com/consensys/gnark-crypto/ecc/bls12-381/fr/mimc" // native MiMC for the GKR prover hint
	nativeposeidon2 "github.com/consensys/gnark-crypto/ecc/bls12-381/fr/poseidon2"
	"github.com/consensys/gnark/constraint/solver"
	"github.com/consensys/gnark/constraint/solver/gkrgates"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/gkrapi"
	"github.com/consensys/gnark/std/gkrapi/gkr"
	stdhash "github.com/consensys/gnark/std/hash"
	_ "github.com/consensys/gnark/std/hash/mimc" // in-circuit MiMC, Fiat–Shamir option
	stdposeidon2 "github.com/consensys/gnark/std/hash/poseidon2"
	p2 "github.com/consensys/gnark/std/permutation/poseidon2"

	"lethe.io/prover-native/zkdigest"
)

const (
	width   = zkdigest.Width
	rF      = zkdigest.FullRounds
	rP      = zkdigest.PartialRounds
	nRounds = rF + rP
	halfRF  = rF / 2
)

// HashPoseidon2 and HashMiMC name the Fiat–Shamir hashes the GKR verifier can use
// (gnark's registry names; both exist natively in gnark-crypto for BLS12-381).
const (
	HashPoseidon2 = "POSEIDON2"
	HashMiMC      = "MIMC"
)

// matrix rows
var (
	rowsExt = [3][3]int64{{2, 1, 1}, {1, 2, 1}, {1, 1, 2}}
	rowsInt = [3][3]int64{{2, 1, 1}, {1, 2, 1}, {1, 1, 3}}
)

// prevRows is the matrix applied just before round r (r = nRounds: the final one).
func prevRows(r int) [3][3]int64 {
	if r <= halfRF || r > halfRF+rP {
		return rowsExt
	}
	return rowsInt
}

func isFull(r int) bool { return r < halfRF || r >= halfRF+rP }

// hasSBox: whether lane i of round r goes through the S-box.
func hasSBox(r, i int) bool { return isFull(r) || i == 0 }

// DefaultCheckpoint is the largest number of GKR wires a lane that skips the
// S-box (lanes 1 and 2 of the partial rounds) may depend on before it is
// materialised as a wire of its own. 2 gives one wire per lane per round
// (198 wires); larger values trade wires (one sumcheck each) for gate inputs
// (one extra claim each).
const DefaultCheckpoint = 16

// term and form: a lane as a linear combination of GKR wires.
type term struct {
	wire int
	c    fr.Element
}
type form []term

func unit(w int) form {
	var one fr.Element
	one.SetOne()
	return form{{w, one}}
}

// combine returns Σ rows[j]·f[j], merged by wire in first-seen order, zero terms dropped.
func combine(row [3]int64, f [3]form) form {
	var out form
	idx := map[int]int{}
	for j := range f {
		var c fr.Element
		c.SetInt64(row[j])
		for _, t := range f[j] {
			var v fr.Element
			v.Mul(&c, &t.c)
			if k, ok := idx[t.wire]; ok {
				out[k].c.Add(&out[k].c, &v)
			} else {
				idx[t.wire] = len(out)
				out = append(out, term{t.wire, v})
			}
		}
	}
	res := out[:0]
	for _, t := range out {
		if !t.c.IsZero() {
			res = append(res, t)
		}
	}
	return res
}

// gateSpec is one GKR wire: (Σ coeffs·inputs + key)^5 when sbox, else Σ coeffs·inputs.
type gateSpec struct {
	name   gkr.GateName
	inputs []int // wire ids; 0..2 are the permutation's inputs, gate k is wire 3+k
	coeffs []*big.Int
	key    *big.Int
	sbox   bool
}

func (g gateSpec) function() gkr.GateFunction {
	coeffs, key, sbox := g.coeffs, g.key, g.sbox
	return func(api gkr.GateAPI, x ...frontend.Variable) frontend.Variable {
		if len(x) != len(coeffs) {
			panic("gkrhash: gate input count")
		}
		terms := make([]frontend.Variable, 0, len(x)+1)
		for i := range x {
			terms = append(terms, api.Mul(x[i], coeffs[i]))
		}
		if key != nil {
			terms = append(terms, key)
		} else if len(terms) < 2 {
			terms = append(terms, 0)
		}
		u := api.Add(terms[0], terms[1], terms[2:]...)
		if !sbox {
			return u
		}
		u2 := api.Mul(u, u)
		return api.Mul(u2, u2, u)
	}
}

// layout is the GKR circuit of one permutation; the last three gates are the output lanes.
type layout struct {
	gates []gateSpec
}

func buildLayout(checkpoint int) *layout {
	keys := zkdigest.Params().RoundKeys
	l := &layout{}
	next := 3
	emit := func(f form, sbox bool, key *big.Int) form {
		g := gateSpec{
			name: gkr.GateName(fmt.Sprintf("lethe/gkrhash/poseidon2-bls12381-t3-rf8-rp56/cp%d/w%d", checkpoint, next)),
			key:  key, sbox: sbox,
		}
		for _, t := range f {
			g.inputs = append(g.inputs, t.wire)
			g.coeffs = append(g.coeffs, t.c.BigInt(new(big.Int)))
		}
		l.gates = append(l.gates, g)
		next++
		return unit(next - 1)
	}
	lanes := [3]form{unit(0), unit(1), unit(2)}
	for r := 0; r < nRounds; r++ {
		rows := prevRows(r)
		var pre [3]form
		for i := range pre {
			pre[i] = combine(rows[i], lanes)
		}
		materialise := false
		for i := range pre {
			if hasSBox(r, i) {
				lanes[i] = emit(pre[i], true, keys[r][i].BigInt(new(big.Int)))
			} else {
				lanes[i] = pre[i]
				materialise = materialise || len(pre[i]) > checkpoint
			}
		}
		if materialise {
			for i := range lanes {
				if !hasSBox(r, i) {
					lanes[i] = emit(lanes[i], false, nil)
				}
			}
		}
	}
	for i := 0; i < 3; i++ {
		emit(combine(rowsExt[i], lanes), false, nil)
	}
	return l
}

var (
	layoutsMu sync.Mutex
	layouts   = map[int]*layout{}
)

// layoutFor builds (once) and registers the gates of the layout with the given checkpoint.
func layoutFor(checkpoint int) (*layout, error) {
	layoutsMu.Lock()
	defer layoutsMu.Unlock()
	if l, ok := layouts[checkpoint]; ok {
		return l, nil
	}
	if checkpoint < 2 {
		return nil, fmt.Errorf("gkrhash: checkpoint %d < 2", checkpoint)
	}
	l := buildLayout(checkpoint)
	for _, g := range l.gates {
		deg, solvable := 1, gkrgates.WithUnverifiedSolvableVar(0)
		if g.sbox {
			deg, solvable = 5, gkrgates.WithNoSolvableVar()
		}
		if err := gkrgates.Register(g.function(), len(g.inputs),
			gkrgates.WithUnverifiedDegree(deg), solvable,
			gkrgates.WithName(g.name),
			gkrgates.WithCurves(ecc.BLS12_381)); err != nil {
			return nil, err
		}
	}
	layouts[checkpoint] = l
	return l, nil
}

var registerOnce = sync.OnceValue(func() error {
	solver.RegisterHint(permuteHint)
	stdhash.Register(stdhash.POSEIDON2, poseidon2Hasher)
	_, err := layoutFor(DefaultCheckpoint)
	return err
})

// poseidon2Hasher is gnark's in-circuit "POSEIDON2" Merkle–Damgård hasher,
// extended to BLS12-381 with gnark-crypto's default BLS12-381 parameters
// (t=2, rF=6, rP=50), the native POSEIDON2_BLS12_381 the GKR prover hint uses.
// gnark v0.14 has no in-circuit BLS12-381 default; other fields are unchanged.
func poseidon2Hasher(api frontend.API) (stdhash.FieldHasher, error) {
	if api.Compiler().Field().Cmp(ecc.BLS12_381.ScalarField()) != 0 {
		return stdposeidon2.NewMerkleDamgardHasher(api)
	}
	d := nativeposeidon2.GetDefaultParameters()
	perm, err := p2.NewPoseidon2FromParameters(api, d.Width, d.NbFullRounds, d.NbPartialRounds)
	if err != nil {
		return nil, err
	}
	return stdhash.NewMerkleDamgardHasher(api, perm, 0), nil
}

// Register registers the GKR gates and the permutation hint. A prover (for
// example the sidecar) must call it, or import this package, before solving a
// circuit that uses it. Idempotent.
func Register() error { return registerOnce() }

func init() {
	if err := Register(); err != nil {
		panic(err)
	}
}

// permuteHint computes the native permutation (the witness the GKR proof checks).
func permuteHint(mod *big.Int, ins, outs []*big.Int) error {
	if mod.Cmp(ecc.BLS12_381.ScalarField()) != 0 {
		return errors.New("gkrhash: only BLS12-381 is supported")
	}
	if len(ins) != 3 || len(outs) != 3 {
		return errors.New("gkrhash: permute hint expects 3 inputs and 3 outputs")
	}
	var s [3]fr.Element
	for i := range s {
		s[i].SetBigInt(ins[i])
	}
	zkdigest.Permute(&s)
	for i := range s {
		s[i].BigInt(outs[i])
	}
	return nil
}

// Permutations collects the permutations of one circuit and proves them with GKR.
type Permutations struct {
	api        frontend.API
	hashName   string
	checkpoint int
	ins        [3][]frontend.Variable
	outs       [3][]frontend.Variable
	// Stats after compilation.
	NbInstances, NbWires int
}

// New returns a batch whose GKR Fiat–Shamir hash is Poseidon2 (t=2, rF=6,
// rP=50, gnark-crypto's BLS12-381 default) and whose partial-round lanes are
// checkpointed every DefaultCheckpoint wires.
func New(api frontend.API) *Permutations {
	return NewWithOptions(api, HashPoseidon2, DefaultCheckpoint)
}

// NewWithOptions is New with an explicit Fiat–Shamir hash (HashPoseidon2 or
// HashMiMC) and checkpoint (>= 2; see DefaultCheckpoint).
func NewWithOptions(api frontend.API, hashName string, checkpoint int) *Permutations {
	if api.Compiler().Field().Cmp(ecc.BLS12_381.ScalarField()) != 0 {
		panic("gkrhash: only BLS12-381 is supported")
	}
	if err := Register(); err != nil {
		panic(err)
	}
	p := &Permutations{api: api, hashName: hashName, checkpoint: checkpoint}
	api.Compiler().Defer(p.finalize)
	return p
}

// Permute returns the Poseidon2 permutation of (a, b, c); the result is
// constrained when the circuit is finalized.
func (p *Permutations) Permute(a, b, c frontend.Variable) [3]frontend.Variable {
	out, err := p.api.Compiler().NewHint(permuteHint, 3, a, b, c)
	if err != nil {
		panic(err)
	}
	in := [3]frontend.Variable{a, b, c}
	var res [3]frontend.Variable
	for i := range in {
		p.ins[i] = append(p.ins[i], in[i])
		p.outs[i] = append(p.outs[i], out[i])
		res[i] = out[i]
	}
	return res
}

// Len is the number of permutations requested so far.
func (p *Permutations) Len() int { return len(p.ins[0]) }

func (p *Permutations) finalize(api frontend.API) error {
	n := p.Len()
	if n == 0 {
		return nil
	}
	l, err := layoutFor(p.checkpoint)
	if err != nil {
		return err
	}
	padded := int(ecc.NextPowerOfTwo(uint64(n)))
	if padded < 2 {
		padded = 2
	}
	g := gkrapi.New()
	wires := make([]gkr.Variable, 0, 3+len(l.gates))
	for i := 0; i < 3; i++ {
		col := make([]frontend.Variable, padded)
		copy(col, p.ins[i])
		for j := n; j < padded; j++ {
			col[j] = 0
		}
		v, err := g.Import(col)
		if err != nil {
			return err
		}
		wires = append(wires, v)
	}
	for _, gs := range l.gates {
		in := make([]gkr.Variable, len(gs.inputs))
		for k, w := range gs.inputs {
			in[k] = wires[w]
		}
		wires = append(wires, g.NamedGate(gs.name, in...))
	}
	sol, err := g.Solve(api)
	if err != nil {
		return err
	}
	outWires := wires[len(wires)-3:]
	committed := make([]frontend.Variable, 0, 6*n)
	for i := range outWires {
		got := sol.Export(outWires[i])
		for j := 0; j < n; j++ {
			api.AssertIsEqual(got[j], p.outs[i][j])
		}
		committed = append(committed, p.ins[i]...)
		committed = append(committed, p.outs[i]...)
	}
	committer, ok := api.(frontend.Committer)
	if !ok {
		return errors.New("gkrhash: the builder does not support commitments")
	}
	challenge, err := committer.Commit(committed...)
	if err != nil {
		return err
	}
	p.NbInstances, p.NbWires = padded, len(wires)
	return sol.Verify(p.hashName, challenge)
}
