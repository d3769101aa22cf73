package circuits

import (
	"fmt"
	"math/big"

	"github.com/consensys/gnark/frontend"

	"lethe.io/prover-native/zkdigest"
)

// CascadeShape fixes the layout of a cascade-step statement.
type CascadeShape struct {
	Params int `json:"params"`
}

func (s CascadeShape) KeyID() string { return fmt.Sprintf("cascade-n%d", s.Params) }

func (s CascadeShape) Validate() error {
	if s.Params <= 0 || s.Params > 1<<24 {
		return fmt.Errorf("invalid cascade shape %+v", s)
	}
	return nil
}

// CascadeCircuit proves w'_y = w_y + round(k·Δ / 2^16) element-wise for a public fixed-point k.
// Public: zkDigest(w_y), zkDigest(w'_y), zkDigest(Δ), k.
type CascadeCircuit struct {
	DigestOld   frontend.Variable `gnark:",public"`
	DigestNew   frontend.Variable `gnark:",public"`
	DigestDelta frontend.Variable `gnark:",public"`
	K           frontend.Variable `gnark:",public"`

	W     []frontend.Variable
	WNew  []frontend.Variable
	Delta []frontend.Variable
	Rem   []frontend.Variable

	shape CascadeShape
}

func NewCascadeCircuit(s CascadeShape) *CascadeCircuit {
	return &CascadeCircuit{W: make([]frontend.Variable, s.Params), WNew: make([]frontend.Variable, s.Params),
		Delta: make([]frontend.Variable, s.Params), Rem: make([]frontend.Variable, s.Params), shape: s}
}

func (c *CascadeCircuit) Define(api frontend.API) error {
	g, err := zkdigest.NewGadget(api)
	if err != nil {
		return err
	}
	rc := g.Rangechecker()
	half := big.NewInt(1 << (zkdigest.ScaleBits - 1))
	scale := big.NewInt(1 << zkdigest.ScaleBits)
	g.CheckSigned(c.K, zkdigest.MagnitudeBits)
	for i := 0; i < c.shape.Params; i++ {
		rc.Check(c.Rem[i], zkdigest.ScaleBits)
		// k·Δ + 2^15 = step·2^16 + rem
		step := api.Div(api.Sub(api.Add(api.Mul(c.K, c.Delta[i]), half), c.Rem[i]), scale)
		api.AssertIsEqual(c.WNew[i], api.Add(c.W[i], step))
	}
	api.AssertIsEqual(c.DigestOld, g.Digest(c.W, true))
	api.AssertIsEqual(c.DigestNew, g.Digest(c.WNew, true))
	api.AssertIsEqual(c.DigestDelta, g.Digest(c.Delta, true))
	return nil
}
