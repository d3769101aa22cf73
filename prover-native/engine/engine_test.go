package engine

import (
	"math/rand"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
	"github.com/consensys/gnark/test"

	"lethe.io/prover-native/circuits"
)

func randomObs(t *testing.T, s circuits.ObsShape, seed int64) *circuits.ObsInstance {
	t.Helper()
	in, err := circuits.RandomObs(s, rand.New(rand.NewSource(seed)))
	if err != nil {
		t.Fatal(err)
	}
	return in
}

func randomCascade(t *testing.T, s circuits.CascadeShape, seed int64) *circuits.CascadeInstance {
	t.Helper()
	in, err := circuits.RandomCascade(s, rand.New(rand.NewSource(seed)))
	if err != nil {
		t.Fatal(err)
	}
	return in
}

func TestObsSolvesAndRejects(t *testing.T) {
	s := circuits.ObsShape{Params: 150, Block: 64, Pruned: 2}
	in := randomObs(t, s, 1)
	if err := in.Prepare(); err != nil {
		t.Fatal(err)
	}
	if err := test.IsSolved(circuits.NewObsCircuit(s), in.Assignment(), ecc.BLS12_381.ScalarField()); err != nil {
		t.Fatalf("honest witness rejected: %v", err)
	}
	// a tampered new model must not satisfy the circuit
	bad := in.Assignment()
	bad.WNew[3] = in.WNew[3] + 1
	if test.IsSolved(circuits.NewObsCircuit(s), bad, ecc.BLS12_381.ScalarField()) == nil {
		t.Fatal("tampered W' accepted")
	}
	// a pruned weight that is not zeroed
	bad = in.Assignment()
	for i, m := range in.Mask {
		if m == 0 {
			bad.Mask[i] = 1
			break
		}
	}
	if test.IsSolved(circuits.NewObsCircuit(s), bad, ecc.BLS12_381.ScalarField()) == nil {
		t.Fatal("wrong mask accepted")
	}
	// prover-side check gives a clear error
	in2 := randomObs(t, s, 1)
	in2.Prepare()
	in2.WNew[5]++
	if err := in2.Prepare(); err == nil {
		t.Fatal("Prepare accepted a violated relation")
	}
	// compensation that does not reproduce W[P]
	in3 := randomObs(t, s, 1)
	in3.Z[0] += 1 << 14
	if err := in3.Prepare(); err == nil {
		t.Fatal("Prepare accepted a wrong compensation")
	}
}

func TestCascadeSolvesAndRejects(t *testing.T) {
	s := circuits.CascadeShape{Params: 70}
	in := randomCascade(t, s, 2)
	if err := in.Prepare(); err != nil {
		t.Fatal(err)
	}
	if err := test.IsSolved(circuits.NewCascadeCircuit(s), in.Assignment(), ecc.BLS12_381.ScalarField()); err != nil {
		t.Fatalf("honest witness rejected: %v", err)
	}
	bad := in.Assignment()
	bad.WNew[0] = in.WNew[0] - 1
	if test.IsSolved(circuits.NewCascadeCircuit(s), bad, ecc.BLS12_381.ScalarField()) == nil {
		t.Fatal("tampered w' accepted")
	}
}

func TestProveVerifyGroth16(t *testing.T) {
	s := circuits.CascadeShape{Params: 64}
	keys, err := DevSetup(s.KeyID())
	if err != nil {
		t.Fatal(err)
	}
	st := WrapCascade(randomCascade(t, s, 3))
	res, err := Prove(keys, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(keys.VK, res.Proof, res.Public); err != nil {
		t.Fatalf("valid proof rejected: %v", err)
	}
	pub := append([]fr.Element(nil), res.Public...)
	pub[3].SetInt64(12345)
	if Verify(keys.VK, res.Proof, pub) == nil {
		t.Fatal("altered public input accepted")
	}
	flipped := append([]byte(nil), res.Proof...)
	flipped[10] ^= 1
	if Verify(keys.VK, flipped, res.Public) == nil {
		t.Fatal("flipped proof accepted")
	}
	// a violated relation fails to prove with a clear error
	bad := randomCascade(t, s, 3)
	bad.Prepare()
	bad.WNew[1]++
	if _, err := Prove(keys, WrapCascade(bad), nil); err == nil {
		t.Fatal("proved a false statement")
	}
	t.Logf("constraints=%d proof=%dB prove=%dms", res.Constraints, len(res.Proof), res.ProveMs)
}
