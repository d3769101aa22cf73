package gkrhash

import (
	"fmt"
	"math/big"
	"math/rand"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
	"github.com/consensys/gnark/constraint/solver"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
	"github.com/consensys/gnark/test"

	"lethe.io/prover-native/zkdigest"
)

// permCircuit claims Outs[k] = P(Ins[k]) for every k.
type permCircuit struct {
	Ins  [][3]frontend.Variable
	Outs [][3]frontend.Variable
	hash string
	cp   int
}

func (c *permCircuit) Define(api frontend.API) error {
	p := NewWithOptions(api, c.hash, c.cp)
	for k := range c.Ins {
		o := p.Permute(c.Ins[k][0], c.Ins[k][1], c.Ins[k][2])
		for i := 0; i < 3; i++ {
			api.AssertIsEqual(o[i], c.Outs[k][i])
		}
	}
	return nil
}

func emptyPerm(n int, hash string) *permCircuit {
	return &permCircuit{Ins: make([][3]frontend.Variable, n), Outs: make([][3]frontend.Variable, n), hash: hash, cp: DefaultCheckpoint}
}

// randomPerm returns an assignment with random inputs and native outputs.
func randomPerm(rng *rand.Rand, n int) *permCircuit {
	a := emptyPerm(n, "")
	for k := 0; k < n; k++ {
		var s [3]fr.Element
		for i := range s {
			s[i].SetBigInt(new(big.Int).Rand(rng, fr.Modulus()))
			a.Ins[k][i] = s[i]
		}
		zkdigest.Permute(&s)
		for i := range s {
			a.Outs[k][i] = s[i]
		}
	}
	return a
}

func TestPermuteMatchesNative(t *testing.T) {
	assert := test.NewAssert(t)
	rng := rand.New(rand.NewSource(1))
	type variant struct {
		n    int
		hash string
		cp   int
	}
	for _, v := range []variant{
		{1, HashPoseidon2, DefaultCheckpoint}, {5, HashPoseidon2, DefaultCheckpoint}, {100, HashPoseidon2, DefaultCheckpoint},
		{5, HashMiMC, DefaultCheckpoint}, {5, HashPoseidon2, 2}, {5, HashPoseidon2, 3}, {5, HashPoseidon2, 60},
	} {
		assert.Run(func(assert *test.Assert) {
			w := randomPerm(rng, v.n)
			c := emptyPerm(v.n, v.hash)
			c.cp = v.cp
			assert.NoError(test.IsSolved(c, w, ecc.BLS12_381.ScalarField()))
		}, fmt.Sprintf("n=%d/%s/cp=%d", v.n, v.hash, v.cp))
	}
}

func TestWrongOutputFails(t *testing.T) {
	assert := test.NewAssert(t)
	rng := rand.New(rand.NewSource(2))
	w := randomPerm(rng, 5)
	w.Outs[3][1] = new(big.Int).Add(toBig(w.Outs[3][1]), big.NewInt(1))
	assert.Error(test.IsSolved(emptyPerm(5, HashPoseidon2), w, ecc.BLS12_381.ScalarField()))
}

// TestLyingHintFails compiles the circuit to R1CS and replaces the permutation
// hint by one that agrees with a wrong witness: the circuit's own equality
// checks pass, only the GKR-checked outputs can reject it.
func TestLyingHintFails(t *testing.T) {
	assert := test.NewAssert(t)
	rng := rand.New(rand.NewSource(3))
	const n = 5
	ccs, err := frontend.Compile(ecc.BLS12_381.ScalarField(), r1cs.NewBuilder, emptyPerm(n, HashPoseidon2))
	assert.NoError(err)

	good := randomPerm(rng, n)
	wit, err := frontend.NewWitness(good, ecc.BLS12_381.ScalarField())
	assert.NoError(err)
	assert.NoError(ccs.IsSolved(wit), "honest witness")

	bad := *good
	bad.Outs = append([][3]frontend.Variable(nil), good.Outs...)
	lie := new(big.Int).Add(toBig(good.Outs[2][0]), big.NewInt(1))
	bad.Outs[2][0] = lie
	lying := func(mod *big.Int, ins, outs []*big.Int) error {
		if err := permuteHint(mod, ins, outs); err != nil {
			return err
		}
		if ins[0].Cmp(toBig(good.Ins[2][0])) == 0 {
			outs[0].Set(lie)
		}
		return nil
	}
	wit, err = frontend.NewWitness(&bad, ecc.BLS12_381.ScalarField())
	assert.NoError(err)
	assert.Error(ccs.IsSolved(wit, solver.OverrideHint(solver.GetHintID(permuteHint), lying)), "lying hint")
}

// leafCircuit computes zkdigest's leaf hash of one 64-weight leaf with the GKR gadget.
type leafCircuit struct {
	Packed [zkdigest.LeafElements]frontend.Variable
	Hash   frontend.Variable
}

func (c *leafCircuit) Define(api frontend.API) error {
	p := New(api)
	s := [3]frontend.Variable{0, 0, zkdigest.TagLeaf}
	for k := 0; k < zkdigest.LeafElements; k += 2 {
		s[0] = api.Add(s[0], c.Packed[k])
		if k+1 < zkdigest.LeafElements {
			s[1] = api.Add(s[1], c.Packed[k+1])
		}
		s = p.Permute(s[0], s[1], s[2])
	}
	api.AssertIsEqual(s[0], c.Hash)
	if p.Len() != 6 {
		return fmt.Errorf("leaf sponge used %d permutations, want 6", p.Len())
	}
	return nil
}

func TestLeafHashKnownAnswer(t *testing.T) {
	assert := test.NewAssert(t)
	rng := rand.New(rand.NewSource(4))
	raw := make([]int64, zkdigest.LeafWeights)
	for i := range raw {
		raw[i] = rng.Int63n(1<<zkdigest.MagnitudeBits) - (1 << (zkdigest.MagnitudeBits - 1))
	}
	packed := zkdigest.PackLeaf(raw)
	var w leafCircuit
	for i := range packed {
		w.Packed[i] = packed[i]
	}
	w.Hash = zkdigest.Leaves(raw)[0]
	assert.NoError(test.IsSolved(&leafCircuit{}, &w, ecc.BLS12_381.ScalarField()))
	w.Hash = zkdigest.Leaves(raw[:63])[0] // a different leaf
	assert.Error(test.IsSolved(&leafCircuit{}, &w, ecc.BLS12_381.ScalarField()))
}

func toBig(v frontend.Variable) *big.Int {
	switch x := v.(type) {
	case fr.Element:
		return x.BigInt(new(big.Int))
	case *big.Int:
		return x
	}
	panic(fmt.Sprintf("toBig: %T", v))
}
