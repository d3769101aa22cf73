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
// GKR circuit layout (one wire per lane per round; v^r is the state after the
// S-boxes of round r and before its matrix):
//
//	full round r:     v^r_i = (row_i(M_prev) · v^{r-1} + rk^r_i)^5, i = 0, 1, 2
//	partial round r:  v^r_0 = (row_0(M_prev) · v^{r-1} + rk^r_0)^5
//	                  v^r_i =  row_i(M_prev) · v^{r-1},             i = 1, 2
//	output:           o_i   =  row_i(M_E) · v^63
//
// where v^{-1} is the input, M_prev is the matrix the canonical permutation
// applies just before round r (M_E for r = 0..4 and 61..63, since the
// permutation starts with M_E; M_I for r = 5..60), M_E = circ(2, 1, 1) and
// M_I = [[2,1,1],[1,2,1],[1,1,3]].
//
// The prover process must know the gates: Register (called by New and by
// init) registers them in gnark's global gate registry and registers the
// permutation hint with the solver.
package gkrhash

import (
	"errors"
	"fmt"
	"math/big"
	"sync"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
	_ "github.com/consensys/gnark-crypto/ecc/bls12-381/fr/mimc" // native MiMC for the GKR prover hint
	"github.com/consensys/gnark/constraint/solver"
	"github.com/consensys/gnark/constraint/solver/gkrgates"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/gkrapi"
	"github.com/consensys/gnark/std/gkrapi/gkr"
	_ "github.com/consensys/gnark/std/hash/mimc"      // in-circuit MiMC, Fiat–Shamir option
	_ "github.com/consensys/gnark/std/hash/poseidon2" // in-circuit Poseidon2 (gnark default params), Fiat–Shamir option

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

func gateName(r, i int) gkr.GateName {
	kind := "lin"
	if r < nRounds && hasSBox(r, i) {
		kind = "sbox"
	}
	return gkr.GateName(fmt.Sprintf("lethe/gkrhash/poseidon2-bls12381-t3-rf8-rp56/r%d/lane%d/%s", r, i, kind))
}

// linearGate: x -> row · x (degree 1).
func linearGate(row [3]int64) gkr.GateFunction {
	return func(api gkr.GateAPI, x ...frontend.Variable) frontend.Variable {
		if len(x) != 3 {
			panic("gkrhash: linear gate expects 3 inputs")
		}
		return api.Add(api.Mul(x[0], row[0]), api.Mul(x[1], row[1]), api.Mul(x[2], row[2]))
	}
}

// sboxGate: x -> (row · x + key)^5 (degree 5).
func sboxGate(row [3]int64, key *big.Int) gkr.GateFunction {
	return func(api gkr.GateAPI, x ...frontend.Variable) frontend.Variable {
		if len(x) != 3 {
			panic("gkrhash: s-box gate expects 3 inputs")
		}
		u := api.Add(api.Mul(x[0], row[0]), api.Mul(x[1], row[1]), api.Mul(x[2], row[2]), key)
		u2 := api.Mul(u, u)
		return api.Mul(u2, u2, u)
	}
}

var registerOnce = sync.OnceValue(func() error {
	solver.RegisterHint(permuteHint)
	keys := zkdigest.Params().RoundKeys
	for r := 0; r <= nRounds; r++ {
		rows := prevRows(r)
		for i := 0; i < width; i++ {
			var (
				f   gkr.GateFunction
				deg int
			)
			if r < nRounds && hasSBox(r, i) {
				k := new(big.Int)
				keys[r][i].BigInt(k)
				f, deg = sboxGate(rows[i], k), 5
			} else {
				f, deg = linearGate(rows[i]), 1
			}
			// Every input appears with a nonzero coefficient in the linear part,
			// so for the linear gates input 0 is solvable; the s-box gates have none.
			solvable := gkrgates.WithNoSolvableVar()
			if deg == 1 {
				solvable = gkrgates.WithUnverifiedSolvableVar(0)
			}
			if err := gkrgates.Register(f, 3,
				gkrgates.WithUnverifiedDegree(deg), solvable,
				gkrgates.WithName(gateName(r, i)),
				gkrgates.WithCurves(ecc.BLS12_381)); err != nil {
				return err
			}
		}
	}
	return nil
})

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
	api      frontend.API
	hashName string
	ins      [3][]frontend.Variable
	outs     [3][]frontend.Variable
	// Stats after compilation.
	NbInstances, NbWires int
}

// New returns a batch whose GKR Fiat–Shamir hash is MiMC (gnark's std/hash/mimc).
func New(api frontend.API) *Permutations { return NewWithHash(api, HashMiMC) }

// NewWithHash is New with an explicit Fiat–Shamir hash (HashPoseidon2 or HashMiMC).
func NewWithHash(api frontend.API, hashName string) *Permutations {
	if api.Compiler().Field().Cmp(ecc.BLS12_381.ScalarField()) != 0 {
		panic("gkrhash: only BLS12-381 is supported")
	}
	if err := Register(); err != nil {
		panic(err)
	}
	p := &Permutations{api: api, hashName: hashName}
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
	padded := int(ecc.NextPowerOfTwo(uint64(n)))
	if padded < 2 {
		padded = 2
	}
	g := gkrapi.New()
	var state [3]gkr.Variable
	for i := range state {
		col := make([]frontend.Variable, padded)
		copy(col, p.ins[i])
		for j := n; j < padded; j++ {
			col[j] = 0
		}
		v, err := g.Import(col)
		if err != nil {
			return err
		}
		state[i] = v
	}
	wires := 3
	for r := 0; r <= nRounds; r++ {
		var next [3]gkr.Variable
		for i := range next {
			next[i] = g.NamedGate(gateName(r, i), state[0], state[1], state[2])
			wires++
		}
		state = next
	}
	sol, err := g.Solve(api)
	if err != nil {
		return err
	}
	committed := make([]frontend.Variable, 0, 6*n)
	for i := range state {
		got := sol.Export(state[i])
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
	p.NbInstances, p.NbWires = padded, wires
	return sol.Verify(p.hashName, challenge)
}
