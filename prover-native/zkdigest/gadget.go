package zkdigest

import (
	"math/big"

	"github.com/consensys/gnark/frontend"
	p2 "github.com/consensys/gnark/std/permutation/poseidon2"
	"github.com/consensys/gnark/std/rangecheck"
)

// Gadget computes zkDigest inside a circuit. Weights passed to DigestChecked are
// range-checked to |raw| < 2^40 (needed: packing is injective only on that range).
type Gadget struct {
	api  frontend.API
	perm *p2.Permutation
	rc   frontend.Rangechecker
}

func NewGadget(api frontend.API) (*Gadget, error) {
	perm, err := p2.NewPoseidon2FromParameters(api, Width, FullRounds, PartialRounds)
	if err != nil {
		return nil, err
	}
	return &Gadget{api: api, perm: perm, rc: rangecheck.New(api)}, nil
}

// Rangechecker shares the circuit's single range checker (one commitment).
func (g *Gadget) Rangechecker() frontend.Rangechecker { return g.rc }

func (g *Gadget) permute(s []frontend.Variable) {
	if err := g.perm.Permutation(s); err != nil {
		panic(err)
	}
}

func (g *Gadget) compress(a, b frontend.Variable, tag int) frontend.Variable {
	s := []frontend.Variable{a, b, tag}
	g.permute(s)
	return s[0]
}

// CheckSigned asserts |x| < 2^bits for a signed value x (x + 2^bits in [0, 2^(bits+1))).
func (g *Gadget) CheckSigned(x frontend.Variable, bits int) {
	off := new(big.Int).Lsh(big.NewInt(1), uint(bits))
	g.rc.Check(g.api.Add(x, off), bits+1)
}

// Digest returns zkDigest of raw; if checkRange, every weight is range-checked first.
func (g *Gadget) Digest(raw []frontend.Variable, checkRange bool) frontend.Variable {
	api := g.api
	offset := new(big.Int).Lsh(big.NewInt(1), MagnitudeBits)
	nLeaves := (len(raw) + LeafWeights - 1) / LeafWeights
	if nLeaves == 0 {
		nLeaves = 1
	}
	width := 1
	for width < nLeaves {
		width <<= 1
	}
	level := make([]frontend.Variable, width)
	for i := range level {
		level[i] = 0
	}
	for leaf := 0; leaf < nLeaves; leaf++ {
		packed := make([]frontend.Variable, LeafElements)
		for k := 0; k < LeafElements; k++ {
			acc := frontend.Variable(0)
			for j := 0; j < PerElement; j++ {
				idx := k*PerElement + j
				if idx >= LeafWeights {
					break
				}
				shift := new(big.Int).Lsh(big.NewInt(1), uint(SlotBits*j))
				gi := leaf*LeafWeights + idx
				if gi < len(raw) {
					u := api.Add(raw[gi], offset)
					if checkRange {
						g.rc.Check(u, SlotBits)
					}
					acc = api.Add(acc, api.Mul(u, shift))
				} else {
					acc = api.Add(acc, new(big.Int).Mul(offset, shift))
				}
			}
			packed[k] = acc
		}
		s := []frontend.Variable{0, 0, TagLeaf}
		for k := 0; k < LeafElements; k += 2 {
			s[0] = api.Add(s[0], packed[k])
			if k+1 < LeafElements {
				s[1] = api.Add(s[1], packed[k+1])
			}
			g.permute(s)
		}
		level[leaf] = s[0]
	}
	for len(level) > 1 {
		next := make([]frontend.Variable, len(level)/2)
		for i := range next {
			next[i] = g.compress(level[2*i], level[2*i+1], TagNode)
		}
		level = next
	}
	return g.compress(level[0], len(raw), TagRoot)
}
