package chunks

import (
	"math/rand"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/test"

	"lethe.io/prover-native/zkdigest"
)

// solverOnly: compile once, run the solver on every assignment (no setup, no prover), as
// `go test ./...` must stay fast; one real Groth16 round trip per kind is in groth16_test.go.
func solverOnly(valid, invalid []frontend.Circuit) []test.TestingOption {
	opts := []test.TestingOption{test.WithCurves(ecc.BLS12_381), test.WithBackends(backend.GROTH16),
		test.NoFuzzing(), test.NoSerializationChecks(), test.NoProverChecks(), test.NoTestEngine()}
	for _, v := range valid {
		opts = append(opts, test.WithValidAssignment(v))
	}
	for _, v := range invalid {
		opts = append(opts, test.WithInvalidAssignment(v))
	}
	return opts
}

const testBind = "1b2e3a4f5061728394a5b6c7d8e9fa0b1c2d3e4f5061728394a5b6c7d8e9fa0b"

// The Go chunk subroots rebuild zkDigest for every model size class: one leaf, narrow
// single-chunk trees (< 9 leaves), one full chunk, several chunks with a partial last leaf,
// and trailing chunks made only of padding leaves.
func TestModelSubrootsRebuildDigest(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, n := range []int{1, 63, 64, 65, 200, 512, 513, 960, 1024, 1025, 2048, 2500, 4097} {
		raw := randRaw(rng, n, 0.5)
		subs, err := ModelSubroots(raw)
		if err != nil {
			t.Fatal(err)
		}
		got, err := FromSubroots(subs, n)
		if err != nil {
			t.Fatal(err)
		}
		want := zkdigest.MustDigest(raw)
		if !got.Equal(&want) {
			t.Fatalf("n=%d: digest from subroots %s != zkDigest %s", n, zkdigest.Hex(got), zkdigest.Hex(want))
		}
		if len(subs) != ChunkCount(n) {
			t.Fatalf("n=%d: %d subroots", n, len(subs))
		}
	}
}

func TestBindIsDomainSeparated(t *testing.T) {
	a := Bind("lethe", "req-1", "model-a", 3)
	for _, b := range []struct {
		c, r, m string
		v       uint64
	}{
		{"lethe", "req-1", "model-a", 4}, {"lethe", "req-1", "model-b", 3}, {"lethe", "req-2", "model-a", 3},
		{"lethf", "req-1", "model-a", 3}, {"lethe", "req-1model-a", "", 3}, {"lethe", "", "req-1model-a", 3},
	} {
		x := Bind(b.c, b.r, b.m, b.v)
		if x.Equal(&a) {
			t.Fatalf("bind collision with %+v", b)
		}
	}
}
