// Package circuits holds the Groth16 statements of DESIGN §5 and their witness builders.
package circuits

import (
	"fmt"
	"math/big"

	"github.com/consensys/gnark/frontend"

	"lethe.io/prover-native/zkdigest"
)

// RoundingBoundBits: for every pruned row i (mask 0), |Σ_j C[i][j]·z[j] − W[i]·2^16| < 2^RoundingBoundBits
// (both sides at scale 2^32, i.e. a real-valued error below 2^-8).
const RoundingBoundBits = 24

// ObsShape fixes the public layout of an OBS unlearning statement.
type ObsShape struct {
	Params int `json:"params"` // N weights
	Block  int `json:"block"`  // Fisher block size B (the last block may be shorter)
	Pruned int `json:"pruned"` // p columns of H⁻¹ (and entries of z) per block
}

func (s ObsShape) Blocks() int { return (s.Params + s.Block - 1) / s.Block }

func (s ObsShape) KeyID() string {
	return fmt.Sprintf("obs-n%d-b%d-p%d", s.Params, s.Block, s.Pruned)
}

func (s ObsShape) Validate() error {
	if s.Params <= 0 || s.Block <= 0 || s.Pruned <= 0 || s.Pruned > s.Block {
		return fmt.Errorf("invalid OBS shape %+v", s)
	}
	if s.Params > 1<<24 {
		return fmt.Errorf("params %d above limit 2^24", s.Params)
	}
	return nil
}

// ObsCircuit proves W' = M ⊙ (W − round(C·z / 2^16)) block by block, with C = H⁻¹[:,P]
// (scale 2^16) and z (scale 2^16) private, and (1−M[i])·(C[i,:]·z − W[i]·2^16) within
// ±2^RoundingBoundBits, i.e. H⁻¹[P,P]·z ≈ W[P]. Public: zkDigest(W), zkDigest(W'), zkDigest(M).
type ObsCircuit struct {
	DigestOld  frontend.Variable `gnark:",public"`
	DigestNew  frontend.Variable `gnark:",public"`
	DigestMask frontend.Variable `gnark:",public"`

	W    []frontend.Variable
	WNew []frontend.Variable
	Mask []frontend.Variable
	C    []frontend.Variable // row-major, per weight i: C[i*p + j]
	Z    []frontend.Variable // per block b: Z[b*p + j]
	Rem  []frontend.Variable // rounding remainders, one per weight

	shape ObsShape
}

func NewObsCircuit(s ObsShape) *ObsCircuit {
	return &ObsCircuit{
		W: make([]frontend.Variable, s.Params), WNew: make([]frontend.Variable, s.Params),
		Mask: make([]frontend.Variable, s.Params), C: make([]frontend.Variable, s.Params*s.Pruned),
		Z: make([]frontend.Variable, s.Blocks()*s.Pruned), Rem: make([]frontend.Variable, s.Params),
		shape: s,
	}
}

func (c *ObsCircuit) Define(api frontend.API) error {
	g, err := zkdigest.NewGadget(api)
	if err != nil {
		return err
	}
	rc := g.Rangechecker()
	s := c.shape
	half := big.NewInt(1 << (zkdigest.ScaleBits - 1))
	scale := big.NewInt(1 << zkdigest.ScaleBits)
	for _, z := range c.Z {
		g.CheckSigned(z, zkdigest.MagnitudeBits)
	}
	for i := 0; i < s.Params; i++ {
		b := i / s.Block
		api.AssertIsBoolean(c.Mask[i])
		var acc frontend.Variable = 0
		for j := 0; j < s.Pruned; j++ {
			acc = api.Add(acc, api.Mul(c.C[i*s.Pruned+j], c.Z[b*s.Pruned+j]))
		}
		// delta = round(acc / 2^16): acc + 2^15 = delta·2^16 + rem, 0 <= rem < 2^16
		rc.Check(c.Rem[i], zkdigest.ScaleBits)
		delta := api.Div(api.Sub(api.Add(acc, half), c.Rem[i]), scale)
		api.AssertIsEqual(c.WNew[i], api.Mul(c.Mask[i], api.Sub(c.W[i], delta)))
		// pruned rows: the compensation reproduces the pruned weight within the bound
		e := api.Mul(api.Sub(1, c.Mask[i]), api.Sub(acc, api.Mul(c.W[i], scale)))
		g.CheckSigned(e, RoundingBoundBits)
	}
	api.AssertIsEqual(c.DigestOld, g.Digest(c.W, true))
	api.AssertIsEqual(c.DigestNew, g.Digest(c.WNew, true))
	api.AssertIsEqual(c.DigestMask, g.Digest(c.Mask, false))
	return nil
}
