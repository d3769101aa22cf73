package chunks

import (
	"encoding/hex"
	"fmt"
	"math/rand"

	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
	"github.com/consensys/gnark/frontend"
)

// Instance is a chunk statement's JSON witness: it checks itself (Prepare), then gives the
// circuit assignment and the public inputs in circuit order.
type Instance interface {
	KeyID() string
	Prepare() error
	Assignment() frontend.Circuit
	Public() []fr.Element
}

func randRaw(rng *rand.Rand, n int, scale float64) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = int64(rng.NormFloat64() * scale * 65536)
	}
	return out
}

// SampleBind is the bind value of the demo and benchmark instances.
func SampleBind() string {
	b := Bind("lethe-demo", "request-1", "model-1", 1)
	x := b.Bytes()
	return hex.EncodeToString(x[:])
}

// Sample returns a prepared demo/benchmark instance of a chunk kind (full chunk, index 1).
func Sample(keyID string, seed int64) (Instance, error) {
	rng := rand.New(rand.NewSource(seed))
	t := Target{Index: 1, Bind: SampleBind()}
	switch keyID {
	case KeyID(KindDelta):
		w, d := randRaw(rng, Weights, 0.2), randRaw(rng, Weights, 0.01)
		in := &DeltaInstance{Target: t, W: w, WNew: make([]int64, Weights)}
		for i := range w {
			in.WNew[i] = w[i] + d[i]
		}
		return in, in.Prepare()
	case KeyID(KindCascade):
		in := &CascadeInstance{Target: t, W: randRaw(rng, Weights, 0.2)}
		for s := 0; s < Starts; s++ {
			in.Starts = append(in.Starts, CascadeStart{K: int64(rng.Intn(1 << 16)), Delta: randRaw(rng, Weights, 0.01)})
		}
		return in, in.Prepare()
	}
	return nil, fmt.Errorf("no sample for %q", keyID)
}
