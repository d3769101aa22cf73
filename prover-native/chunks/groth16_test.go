package chunks

import (
	"os"
	"testing"
	"time"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/backend/witness"
	"github.com/consensys/gnark/constraint"
	cs "github.com/consensys/gnark/constraint/bls12-381"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
)

func publicWitness(t *testing.T, pub []fr.Element) witness.Witness {
	w, err := witness.New(ecc.BLS12_381.ScalarField())
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan any, len(pub))
	for i := range pub {
		ch <- pub[i]
	}
	close(ch)
	if err := w.Fill(len(pub), 0, ch); err != nil {
		t.Fatal(err)
	}
	return w
}

// groth16RoundTrip: dev setup, prove, verify with the instance's publics; then every public
// input changed in turn (the proof replayed with another bind, index, kind, ...) must fail.
func groth16RoundTrip(t *testing.T, empty, assignment frontend.Circuit, pub []fr.Element) {
	t0 := time.Now()
	ccs, err := frontend.Compile(ecc.BLS12_381.ScalarField(), r1cs.NewBuilder, empty)
	if err != nil {
		t.Fatal(err)
	}
	if got := ccs.GetNbPublicVariables() - 1; got != len(pub) {
		t.Fatalf("circuit has %d public inputs, instance gives %d", got, len(pub))
	}
	t1 := time.Now()
	pk, vk, err := groth16.Setup(ccs)
	if err != nil {
		t.Fatal(err)
	}
	t2 := time.Now()
	full, err := frontend.NewWitness(assignment, ecc.BLS12_381.ScalarField())
	if err != nil {
		t.Fatal(err)
	}
	proof, err := groth16.Prove(ccs, pk, full)
	if err != nil {
		t.Fatal(err)
	}
	t3 := time.Now()
	if err := groth16.Verify(proof, vk, publicWitness(t, pub)); err != nil {
		t.Fatalf("honest proof rejected: %v", err)
	}
	t.Logf("%d constraints: compile %v, setup %v, prove %v", ccs.GetNbConstraints(), t1.Sub(t0), t2.Sub(t1), t3.Sub(t2))
	names := []string{"old", "new", "index", "kind", "bind", "count"}
	for i := range pub {
		other := append([]fr.Element(nil), pub...)
		var one fr.Element
		one.SetOne()
		other[i].Add(&other[i], &one)
		if err := groth16.Verify(proof, vk, publicWitness(t, other)); err == nil {
			name := "statement public"
			if i < len(names) {
				name = names[i]
			}
			t.Fatalf("proof accepted with public input %d (%s) changed", i, name)
		}
	}
}

// Groth16 setup dominates (≈1 min CPU for delta on 2 cores): the delta round trip runs unless
// -short; the larger kinds only with LETHE_CHUNK_GROTH16=all (`lethe-prover bench --chunk`
// measures all three).
func slow(t *testing.T, all bool) {
	if testing.Short() {
		t.Skip("Groth16 setup is slow; skipped under -short")
	}
	if all && os.Getenv("LETHE_CHUNK_GROTH16") != "all" {
		t.Skip("set LETHE_CHUNK_GROTH16=all to run this Groth16 round trip")
	}
}

// Every public input appears in at least one constraint (else Groth16 gives it a zero IC
// point and does not bind it).
func assertPublicsConstrained(t *testing.T, empty frontend.Circuit) {
	ccs, err := frontend.Compile(ecc.BLS12_381.ScalarField(), r1cs.NewBuilder, empty)
	if err != nil {
		t.Fatal(err)
	}
	r := ccs.(*cs.R1CS)
	nPub := r.GetNbPublicVariables() // wire 0 is the constant 1
	used := make([]bool, nPub)
	mark := func(l constraint.LinearExpression) {
		for _, term := range l {
			if int(term.VID) < nPub && !term.IsConstant() && term.CID != constraint.CoeffIdZero {
				used[term.VID] = true
			}
		}
	}
	for _, c := range r.GetR1Cs() {
		mark(c.L)
		mark(c.R)
		mark(c.O)
	}
	for i := 1; i < nPub; i++ {
		if !used[i] {
			t.Fatalf("public input %d appears in no constraint", i-1)
		}
	}
}

func TestPublicsConstrained(t *testing.T) {
	assertPublicsConstrained(t, &DeltaCircuit{})
	assertPublicsConstrained(t, &CascadeCircuit{})
	assertPublicsConstrained(t, &ObsCircuit{})
}

func TestDeltaGroth16(t *testing.T) {
	slow(t, false)
	in := randomDelta(7, 2, 700)
	groth16RoundTrip(t, &DeltaCircuit{}, in.Assignment(), in.Public())
}

type unusedPublic struct {
	X, Y frontend.Variable `gnark:",public"`
	Z    frontend.Variable
}

func (c *unusedPublic) Define(api frontend.API) error {
	api.AssertIsEqual(api.Mul(c.Z, c.Z), c.Y)
	return nil
}

// The checker itself: a public input used nowhere is reported.
func TestPublicsCheckerCatchesUnusedInput(t *testing.T) {
	ft := &testing.T{}
	done := make(chan struct{})
	go func() { defer close(done); assertPublicsConstrained(ft, &unusedPublic{}) }()
	<-done
	if !ft.Failed() {
		t.Fatal("an unused public input went unnoticed")
	}
}

func TestCascadeGroth16(t *testing.T) {
	slow(t, true)
	in := randomCascade(8, 3, 900, 30000, -20000)
	groth16RoundTrip(t, &CascadeCircuit{}, in.Assignment(), in.Public())
}

func TestObsGroth16(t *testing.T) {
	slow(t, true)
	in := randomObs(t, 9, 1, 1000, 2, 5)
	groth16RoundTrip(t, &ObsCircuit{}, in.Assignment(), in.Public())
}
