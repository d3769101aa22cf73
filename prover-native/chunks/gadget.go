package chunks

import (
	"fmt"
	"math/big"

	"github.com/consensys/gnark/constraint/solver"
	"github.com/consensys/gnark/frontend"
	p2 "github.com/consensys/gnark/std/permutation/poseidon2"
	"github.com/consensys/gnark/std/rangecheck"

	"lethe.io/prover-native/zkdigest"
)

func init() { solver.RegisterHint(prefixHint, signHint, roundHint) }

// signHint: outputs[0] = 1 if inputs[0], read as a signed field element, is negative (> r/2).
func signHint(field *big.Int, in []*big.Int, out []*big.Int) error {
	halfR := new(big.Int).Rsh(field, 1)
	if in[0].Cmp(halfR) > 0 {
		out[0].SetInt64(1)
	} else {
		out[0].SetInt64(0)
	}
	return nil
}

// prefixHint: outputs[i] = 1 if i < inputs[0] else 0.
func prefixHint(_ *big.Int, in []*big.Int, out []*big.Int) error {
	if !in[0].IsInt64() {
		return fmt.Errorf("count out of range")
	}
	n := in[0].Int64()
	for i := range out {
		if int64(i) < n {
			out[i].SetInt64(1)
		} else {
			out[i].SetInt64(0)
		}
	}
	return nil
}

// Header holds the six public inputs every chunk statement starts with, in this order.
type Header struct {
	Old   frontend.Variable `gnark:",public"` // subroot of the chunk before the update
	New   frontend.Variable `gnark:",public"` // subroot after
	Index frontend.Variable `gnark:",public"` // chunk index in the model
	Kind  frontend.Variable `gnark:",public"` // statement kind (1 delta, 2 cascade, 3 obs)
	Bind  frontend.Variable `gnark:",public"` // H(channel ‖ requestId ‖ modelId ‖ version)
	Count frontend.Variable `gnark:",public"` // real weights in this chunk, 1..1024
}

// Gadget is the in-circuit side of one chunk: the prefix of real weights, subroots, range checks.
type Gadget struct {
	api     frontend.API
	perm    *p2.Permutation
	rc      frontend.Rangechecker
	real    []frontend.Variable // real[i] = 1 iff weight i < Count
	isFirst frontend.Variable   // Index == 0
}

// NewGadget constrains the header (kind constant, bind bound, count in 1..1024) and returns the gadget.
func NewGadget(api frontend.API, h *Header, kind int) (*Gadget, error) {
	perm, err := p2.NewPoseidon2FromParameters(api, zkdigest.Width, zkdigest.FullRounds, zkdigest.PartialRounds)
	if err != nil {
		return nil, err
	}
	g := &Gadget{api: api, perm: perm, rc: rangecheck.New(api)}
	api.AssertIsEqual(h.Kind, kind)
	// bind is used in no other relation; this product puts it in a constraint so that Groth16
	// gives it a non-zero IC point (a public variable in no constraint is not bound).
	api.AssertIsEqual(api.Mul(h.Bind, h.Kind), api.Mul(h.Bind, kind))
	real, err := api.Compiler().NewHint(prefixHint, Weights, h.Count)
	if err != nil {
		return nil, err
	}
	sum := frontend.Variable(0)
	for i, b := range real {
		api.AssertIsBoolean(b)
		if i > 0 {
			api.AssertIsEqual(api.Mul(b, api.Sub(1, real[i-1])), 0) // monotone: 1…1 0…0
		}
		sum = api.Add(sum, b)
	}
	api.AssertIsEqual(real[0], 1) // at least one real weight
	api.AssertIsEqual(sum, h.Count)
	g.real = real
	g.isFirst = api.IsZero(h.Index)
	return g, nil
}

// Rangechecker is the circuit's single range checker.
func (g *Gadget) Rangechecker() frontend.Rangechecker { return g.rc }

// Real returns the 0/1 flag "weight i is a real weight".
func (g *Gadget) Real(i int) frontend.Variable { return g.real[i] }

// CheckRaw asserts |x| < 2^40 exactly: x + 2^40 in [0, 2^41) and x + 2^40 ≠ 0.
func (g *Gadget) CheckRaw(x frontend.Variable) {
	u := g.api.Add(x, new(big.Int).Lsh(big.NewInt(1), zkdigest.MagnitudeBits))
	g.rc.Check(u, zkdigest.SlotBits)
	g.api.AssertIsDifferent(u, 0)
}

// CheckSigned asserts −2^bits ≤ x < 2^bits.
func (g *Gadget) CheckSigned(x frontend.Variable, bits int) {
	g.rc.Check(g.api.Add(x, new(big.Int).Lsh(big.NewInt(1), uint(bits))), bits+1)
}

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

// Subroot returns the chunk subroot of vals (exactly Weights values; range checks are the
// caller's, see CheckRaw). Padding weights must be 0; padding leaves count as the field element
// 0; the fold is narrowed to the whole tree for a single-chunk model of fewer than 9 leaves,
// as ZkDigest.chunkSubroots does.
func (g *Gadget) Subroot(vals []frontend.Variable) frontend.Variable {
	api := g.api
	if len(vals) != Weights {
		panic("chunk subroot needs exactly 1024 values")
	}
	offset := new(big.Int).Lsh(big.NewInt(1), zkdigest.MagnitudeBits)
	level := make([]frontend.Variable, Leaves)
	for i, v := range vals {
		api.AssertIsEqual(api.Mul(v, api.Sub(1, g.real[i])), 0)
	}
	for l := 0; l < Leaves; l++ {
		packed := make([]frontend.Variable, zkdigest.LeafElements)
		for k := range packed {
			acc := frontend.Variable(0)
			for j := 0; j < zkdigest.PerElement; j++ {
				idx := k*zkdigest.PerElement + j
				if idx >= zkdigest.LeafWeights {
					break
				}
				shift := new(big.Int).Lsh(big.NewInt(1), uint(zkdigest.SlotBits*j))
				u := api.Add(vals[l*zkdigest.LeafWeights+idx], offset)
				acc = api.Add(acc, api.Mul(u, shift))
			}
			packed[k] = acc
		}
		s := []frontend.Variable{0, 0, zkdigest.TagLeaf}
		for k := 0; k < zkdigest.LeafElements; k += 2 {
			s[0] = api.Add(s[0], packed[k])
			if k+1 < zkdigest.LeafElements {
				s[1] = api.Add(s[1], packed[k+1])
			}
			g.permute(s)
		}
		level[l] = api.Mul(s[0], g.real[l*zkdigest.LeafWeights])
	}
	res := level[0]
	for k := 1; len(level) > 1; k++ {
		next := make([]frontend.Variable, len(level)/2)
		for i := range next {
			next[i] = g.compress(level[2*i], level[2*i+1], zkdigest.TagNode)
		}
		level = next
		// the fold reaches width 2^k iff this is not chunk 0 or leaf 2^(k-1) is real
		wide := api.Sub(1, api.Mul(g.isFirst, api.Sub(1, g.real[(1<<(k-1))*zkdigest.LeafWeights])))
		res = api.Select(wide, level[0], res)
	}
	return res
}
