package engine

import (
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/rangecheck"
)

// squareCircuit: Y = X² with X < 2¹⁶, the range check exercising the BSB22 commitment the
// chunk circuits' range checks use.
type squareCircuit struct {
	X frontend.Variable
	Y frontend.Variable `gnark:",public"`
}

func (c *squareCircuit) Define(api frontend.API) error {
	rangecheck.New(api).Check(c.X, 16)
	api.AssertIsEqual(api.Mul(c.X, c.X), c.Y)
	return nil
}

type squareStatement struct{ x, y int64 }

func (s squareStatement) KeyID() string                { return "square" }
func (s squareStatement) Kind() string                 { return "square" }
func (s squareStatement) Empty() frontend.Circuit      { return &squareCircuit{} }
func (s squareStatement) Prepare() error               { return nil }
func (s squareStatement) Assignment() frontend.Circuit { return &squareCircuit{X: s.x, Y: s.y} }
func (s squareStatement) Public() []fr.Element {
	var y fr.Element
	y.SetInt64(s.y)
	return []fr.Element{y}
}

// The PlonK path of `lethe-prover bench --backend plonk` on a small circuit: dev KZG SRS,
// setup, prove, verify; a changed public input and a false witness are refused.
func TestPlonkRoundTrip(t *testing.T) {
	ccs, err := CompilePlonk(&squareCircuit{})
	if err != nil {
		t.Fatal(err)
	}
	k, err := PlonkDevSetup(ccs)
	if err != nil {
		t.Fatal(err)
	}
	if k.SRSSize < ccs.GetNbConstraints() {
		t.Fatalf("SRS of %d points for %d constraints", k.SRSSize, ccs.GetNbConstraints())
	}
	res, err := PlonkProve(k, squareStatement{x: 300, y: 90000})
	if err != nil {
		t.Fatal(err)
	}
	if err := PlonkVerify(k.VK, res.Proof, res.Public); err != nil {
		t.Fatalf("own proof rejected: %v", err)
	}
	other := squareStatement{x: 301, y: 90601}.Public()
	if err := PlonkVerify(k.VK, res.Proof, other); err == nil {
		t.Fatal("proof accepted for another public input")
	}
	if _, err := PlonkProve(k, squareStatement{x: 300, y: 90001}); err == nil {
		t.Fatal("false statement proven")
	}
	if _, err := PlonkProve(k, squareStatement{x: 1 << 16, y: 1 << 32}); err == nil {
		t.Fatal("out-of-range witness proven")
	}
	bad := append([]byte(nil), res.Proof...)
	bad[len(bad)/2] ^= 1
	if err := PlonkVerify(k.VK, bad, res.Public); err == nil {
		t.Fatal("flipped proof byte accepted")
	}
}
