package chunks

import (
	"fmt"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
	"github.com/consensys/gnark/frontend"

	"lethe.io/prover-native/zkdigest"
)

// StepBits bounds each rounded step: |k·Δ| < 2^80, so |round(k·Δ/2^16)| ≤ 2^64; the circuit
// asserts −2^StepBits ≤ step < 2^StepBits, which keeps step·2^16 + rem far from wrapping.
const StepBits = 65

// CascadeCircuit (kind 2): w′ = w + Σ_s round(k_s·Δ_s / 2^16) element-wise with FixedPoint's
// rule (round half away from zero): for p = k_s·Δ_s and neg = [p < 0],
// p + 2^15 − neg = step·2^16 + rem with 0 ≤ rem < 2^16 and the step range-checked, so the
// division is exact over the integers. neg = sign(k_s) ⊕ sign(Δ_s), both signs pinned by
// |x| = x − 2·sign·x < 2^40 (a wrong sign makes |x| negative; for x = 0 the sign is free and p = 0,
// where both values of neg round to 0). Every k_s, Δ_s, w and w′ satisfies |raw| < 2^40;
// subroot(Δ_s) = DeltaRoot_s. Unused starts: k = 0 and Δ = 0 (DeltaRoot = subroot of zeros).
// Public inputs, in order: Old, New, Index, Kind, Bind, Count, K[0..S), DeltaRoot[0..S).
type CascadeCircuit struct {
	Header
	K         [Starts]frontend.Variable `gnark:",public"`
	DeltaRoot [Starts]frontend.Variable `gnark:",public"`

	W     [Weights]frontend.Variable
	Delta [Starts][Weights]frontend.Variable
	Rem   [Starts][Weights]frontend.Variable
}

// signMagnitude returns sign(x) ∈ {0,1} (1 for x < 0) and asserts |x| < 2^40.
func (g *Gadget) signMagnitude(x frontend.Variable) frontend.Variable {
	api := g.api
	out, err := api.Compiler().NewHint(signHint, 1, x)
	if err != nil {
		panic(err)
	}
	neg := out[0]
	api.AssertIsBoolean(neg)
	g.rc.Check(api.Sub(x, api.Mul(2, api.Mul(neg, x))), zkdigest.MagnitudeBits)
	return neg
}

func (c *CascadeCircuit) Define(api frontend.API) error {
	g, err := NewGadget(api, &c.Header, KindCascade)
	if err != nil {
		return err
	}
	rc := g.Rangechecker()
	half := big.NewInt(1 << (zkdigest.ScaleBits - 1))
	scale := big.NewInt(1 << zkdigest.ScaleBits)
	var negK [Starts]frontend.Variable
	for s := 0; s < Starts; s++ {
		negK[s] = g.signMagnitude(c.K[s])
	}
	wNew := make([]frontend.Variable, Weights)
	for i := 0; i < Weights; i++ {
		g.CheckRaw(c.W[i])
		acc := c.W[i]
		for s := 0; s < Starts; s++ {
			negD := g.signMagnitude(c.Delta[s][i])
			neg := api.Sub(api.Add(negK[s], negD), api.Mul(2, api.Mul(negK[s], negD)))
			rc.Check(c.Rem[s][i], zkdigest.ScaleBits)
			p := api.Mul(c.K[s], c.Delta[s][i])
			step := api.Div(api.Sub(api.Add(p, half), neg, c.Rem[s][i]), scale)
			g.CheckSigned(step, StepBits)
			acc = api.Add(acc, step)
		}
		wNew[i] = acc
		g.CheckRaw(wNew[i])
	}
	api.AssertIsEqual(c.Old, g.Subroot(c.W[:]))
	api.AssertIsEqual(c.New, g.Subroot(wNew))
	for s := 0; s < Starts; s++ {
		api.AssertIsEqual(c.DeltaRoot[s], g.Subroot(c.Delta[s][:]))
	}
	return nil
}

// CascadeStart is one start of a cascade: its fixed-point discount k and the start's Δ on this
// chunk (count weights, recorded by the start's delta proof).
type CascadeStart struct {
	K     int64   `json:"k"`
	Delta []int64 `json:"delta"`
}

// CascadeInstance is the JSON witness of a chunk-cascade proof: the chunk's weights before,
// 1..Starts starts (missing ones are k = 0, Δ = 0), optionally the weights after (derived when
// absent; checked when given).
type CascadeInstance struct {
	Target
	W      []int64        `json:"w"`
	Starts []CascadeStart `json:"starts"`
	WNew   []int64        `json:"w_new,omitempty"`
	rem    [Starts][]int64
}

func (in *CascadeInstance) KeyID() string { return KeyID(KindCascade) }

// RoundStep returns q = round(k·Δ / 2^16), halves away from zero (FixedPoint's rule), and the
// circuit's remainder rem = k·Δ + 2^15 − neg − q·2^16 ∈ [0, 2^16), neg = [k < 0] ⊕ [Δ < 0].
func RoundStep(k, d int64) (int64, int64) {
	p := new(big.Int).Mul(big.NewInt(k), big.NewInt(d))
	q := RoundShift(p)
	neg := int64(0)
	if (k < 0) != (d < 0) {
		neg = 1
	}
	r := new(big.Int).Add(p, big.NewInt(1<<(zkdigest.ScaleBits-1)-neg))
	r.Sub(r, new(big.Int).Lsh(q, zkdigest.ScaleBits))
	return q.Int64(), r.Int64()
}

// RoundShift is round(p / 2^16) with halves away from zero.
func RoundShift(p *big.Int) *big.Int {
	a := new(big.Int).Abs(p)
	a.Add(a, big.NewInt(1<<(zkdigest.ScaleBits-1)))
	a.Rsh(a, zkdigest.ScaleBits)
	if p.Sign() < 0 {
		a.Neg(a)
	}
	return a
}

func (in *CascadeInstance) start(s int) CascadeStart {
	if s < len(in.Starts) {
		return in.Starts[s]
	}
	return CascadeStart{K: 0, Delta: make([]int64, len(in.W))}
}

func (in *CascadeInstance) Prepare() error {
	n := len(in.W)
	if err := checkCount(n); err != nil {
		return err
	}
	if len(in.Starts) < 1 || len(in.Starts) > Starts {
		return fmt.Errorf("a chunk-cascade proof takes 1..%d starts, got %d", Starts, len(in.Starts))
	}
	if _, err := in.bind(); err != nil {
		return fmt.Errorf("bind: %w", err)
	}
	if err := zkdigest.CheckRaw(in.W); err != nil {
		return fmt.Errorf("w: %w", err)
	}
	wNew := append([]int64(nil), in.W...)
	for s := 0; s < Starts; s++ {
		st := in.start(s)
		if len(st.Delta) != n {
			return fmt.Errorf("start %d: delta has %d weights, w has %d", s, len(st.Delta), n)
		}
		if err := zkdigest.CheckRaw([]int64{st.K}); err != nil {
			return fmt.Errorf("start %d: k: %w", s, err)
		}
		if err := zkdigest.CheckRaw(st.Delta); err != nil {
			return fmt.Errorf("start %d: delta: %w", s, err)
		}
		in.rem[s] = make([]int64, n)
		for i := range wNew {
			q, r := RoundStep(st.K, st.Delta[i])
			in.rem[s][i] = r
			wNew[i] += q
		}
	}
	if err := zkdigest.CheckRaw(wNew); err != nil {
		return fmt.Errorf("w_new: %w", err)
	}
	if in.WNew == nil {
		in.WNew = wNew
		return nil
	}
	if len(in.WNew) != n {
		return fmt.Errorf("w_new has %d weights, w has %d", len(in.WNew), n)
	}
	for i := range wNew {
		if wNew[i] != in.WNew[i] {
			return fmt.Errorf("relation violated at weight %d: w_new = %d, w + Σ round(k·Δ) gives %d", i, in.WNew[i], wNew[i])
		}
	}
	return nil
}

// Public: Old, New, Index, Kind, Bind, Count, K[0..S), DeltaRoot[0..S) (call Prepare first).
func (in *CascadeInstance) Public() []fr.Element {
	b, _ := in.bind()
	pub := header(mustSubroot(in.W, in.Index), mustSubroot(in.WNew, in.Index), in.Index, KindCascade, b, len(in.W))
	for s := 0; s < Starts; s++ {
		pub = append(pub, zkdigest.FieldOf(in.start(s).K))
	}
	for s := 0; s < Starts; s++ {
		pub = append(pub, mustSubroot(in.start(s).Delta, in.Index))
	}
	return pub
}

func (in *CascadeInstance) Assignment() frontend.Circuit {
	pub := in.Public()
	a := &CascadeCircuit{Header: headerAssignment(pub), W: pad(in.W)}
	for s := 0; s < Starts; s++ {
		a.K[s] = pub[6+s]
		a.DeltaRoot[s] = pub[6+Starts+s]
		a.Delta[s] = pad(in.start(s).Delta)
		a.Rem[s] = pad(in.rem[s])
		_, r := RoundStep(in.start(s).K, 0) // padding: Δ = 0
		for i := len(in.W); i < Weights; i++ {
			a.Rem[s][i] = r
		}
	}
	return a
}
