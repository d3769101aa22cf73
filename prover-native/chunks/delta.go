package chunks

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
	"github.com/consensys/gnark/frontend"

	"lethe.io/prover-native/zkdigest"
)

// DeltaCircuit (kind 1): Δ = W′ − W on one chunk, every value |raw| < 2^40, and
// subroot(W) = Old, subroot(W′) = New, subroot(Δ) = DeltaRoot.
// Public inputs, in order: Old, New, Index, Kind, Bind, Count, DeltaRoot.
type DeltaCircuit struct {
	Header
	DeltaRoot frontend.Variable `gnark:",public"`

	W    [Weights]frontend.Variable
	WNew [Weights]frontend.Variable
}

func (c *DeltaCircuit) Define(api frontend.API) error {
	g, err := NewGadget(api, &c.Header, KindDelta)
	if err != nil {
		return err
	}
	delta := make([]frontend.Variable, Weights)
	for i := range delta {
		g.CheckRaw(c.W[i])
		g.CheckRaw(c.WNew[i])
		delta[i] = api.Sub(c.WNew[i], c.W[i])
		g.CheckRaw(delta[i])
	}
	api.AssertIsEqual(c.Old, g.Subroot(c.W[:]))
	api.AssertIsEqual(c.New, g.Subroot(c.WNew[:]))
	api.AssertIsEqual(c.DeltaRoot, g.Subroot(delta))
	return nil
}

// Target is the chunk a statement is about: its index, its bind value and (through the length
// of the weight lists) its count of real weights.
type Target struct {
	Index uint64 `json:"index"`
	Bind  string `json:"bind"` // 64 hex digits, Bind(channel, requestId, modelId, version)
}

func (t Target) bind() (fr.Element, error) { return ParseField(t.Bind) }

func checkCount(n int) error {
	if n < 1 || n > Weights {
		return fmt.Errorf("a chunk holds 1..%d real weights, got %d", Weights, n)
	}
	return nil
}

func header(old, new fr.Element, idx uint64, kind int, bind fr.Element, count int) []fr.Element {
	var i, k, c fr.Element
	i.SetUint64(idx)
	k.SetUint64(uint64(kind))
	c.SetUint64(uint64(count))
	return []fr.Element{old, new, i, k, bind, c}
}

func headerAssignment(pub []fr.Element) Header {
	return Header{Old: pub[0], New: pub[1], Index: pub[2], Kind: pub[3], Bind: pub[4], Count: pub[5]}
}

// pad returns the 1024 circuit values of a chunk's real weights (padding weights 0).
func pad(raw []int64) [Weights]frontend.Variable {
	var out [Weights]frontend.Variable
	for i := range out {
		if i < len(raw) {
			out[i] = raw[i]
		} else {
			out[i] = 0
		}
	}
	return out
}

// DeltaInstance is the JSON witness of a chunk-delta proof: the chunk's real weights before
// and after (equal lengths, 1..1024 = count).
type DeltaInstance struct {
	Target
	W    []int64 `json:"w"`
	WNew []int64 `json:"w_new"`
}

func (in *DeltaInstance) KeyID() string { return KeyID(KindDelta) }

func (in *DeltaInstance) Prepare() error {
	if err := checkCount(len(in.W)); err != nil {
		return err
	}
	if len(in.WNew) != len(in.W) {
		return fmt.Errorf("w_new has %d weights, w has %d", len(in.WNew), len(in.W))
	}
	if _, err := in.bind(); err != nil {
		return fmt.Errorf("bind: %w", err)
	}
	if err := zkdigest.CheckRaw(in.W); err != nil {
		return fmt.Errorf("w: %w", err)
	}
	if err := zkdigest.CheckRaw(in.WNew); err != nil {
		return fmt.Errorf("w_new: %w", err)
	}
	if err := zkdigest.CheckRaw(in.Delta()); err != nil {
		return fmt.Errorf("delta: %w", err)
	}
	return nil
}

// Delta returns W′ − W.
func (in *DeltaInstance) Delta() []int64 {
	d := make([]int64, len(in.W))
	for i := range d {
		d[i] = in.WNew[i] - in.W[i]
	}
	return d
}

// Public: Old, New, Index, Kind, Bind, Count, DeltaRoot (call Prepare first).
func (in *DeltaInstance) Public() []fr.Element {
	b, _ := in.bind()
	return append(header(mustSubroot(in.W, in.Index), mustSubroot(in.WNew, in.Index), in.Index, KindDelta, b, len(in.W)),
		mustSubroot(in.Delta(), in.Index))
}

func (in *DeltaInstance) Assignment() frontend.Circuit {
	pub := in.Public()
	return &DeltaCircuit{Header: headerAssignment(pub), DeltaRoot: pub[6], W: pad(in.W), WNew: pad(in.WNew)}
}
