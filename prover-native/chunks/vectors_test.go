package chunks

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"lethe.io/prover-native/zkdigest"
)

var update = flag.Bool("update", false, "rewrite the known-answer vectors in testdata/")

// javaResources: the Java tests read the same files (copied byte for byte).
const javaResources = "../../chaincode/core/src/test/resources/zk"

// genRaw is the deterministic model of the subroot vectors (also written in the JSON):
// raw[i] = ((i·2654435761 + seed) mod (2^41 − 1)) − (2^40 − 1), covering the whole range.
func genRaw(n int, seed int64) []int64 {
	const m = int64(1)<<41 - 1
	out := make([]int64, n)
	for i := range out {
		v := (int64(i)*2654435761 + seed) % m
		out[i] = v - (int64(1)<<40 - 1)
	}
	return out
}

type bindCase struct {
	Channel   string `json:"channel"`
	RequestID string `json:"requestId"`
	ModelID   string `json:"modelId"`
	Version   uint64 `json:"version"`
	Message   string `json:"messageHex"`
	Bind      string `json:"bind"`
}

type subrootCase struct {
	N        int      `json:"n"`
	Seed     int64    `json:"seed"`
	First    []int64  `json:"firstRaws"`
	Subroots []string `json:"subroots"`
	Digest   string   `json:"zkDigest"`
}

func vectors(t *testing.T) map[string][]byte {
	var binds []bindCase
	for _, c := range []bindCase{
		{Channel: "", RequestID: "", ModelID: "", Version: 0},
		{Channel: "lethe", RequestID: "req-1", ModelID: "model-a", Version: 1},
		{Channel: "lethe", RequestID: "req-1", ModelID: "model-a", Version: 2},
		{Channel: "mychannel", RequestID: "0f9a3c2e-5b7d-4e11-9c1a-2b3c4d5e6f70", ModelID: "org1/resnet-18/client-07", Version: 18446744073709551615},
		{Channel: "lethe", RequestID: "réquête-ü-✓", ModelID: "模型", Version: 42},
		{Channel: "a", RequestID: "bc", ModelID: "", Version: 7},
		{Channel: "ab", RequestID: "c", ModelID: "", Version: 7},
	} {
		m := BindMessage(c.Channel, c.RequestID, c.ModelID, c.Version)
		c.Message = hex.EncodeToString(m)
		c.Bind = zkdigest.Hex(BindOf(m))
		binds = append(binds, c)
	}
	var subs []subrootCase
	for i, n := range []int{1, 64, 65, 300, 512, 513, 960, 1024, 1025, 2100, 3073, 5000} {
		raw := genRaw(n, int64(1000+i))
		s, err := ModelSubroots(raw)
		if err != nil {
			t.Fatal(err)
		}
		c := subrootCase{N: n, Seed: int64(1000 + i), First: raw[:min(3, n)], Digest: zkdigest.Hex(zkdigest.MustDigest(raw))}
		for _, x := range s {
			c.Subroots = append(c.Subroots, zkdigest.Hex(x))
		}
		subs = append(subs, c)
	}
	enc := func(v any) []byte {
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		return append(b, '\n')
	}
	return map[string][]byte{
		"chunk-bind-vectors.json": enc(map[string]any{
			"spec":  "prover-native/CHUNKS.md: bind v1 = Poseidon2 sponge over lp(\"" + BindVersion + "\") ‖ lp(channel) ‖ lp(requestId) ‖ lp(modelId) ‖ u64 version",
			"cases": binds}),
		"chunk-subroot-vectors.json": enc(map[string]any{
			"spec":      "ZkDigest.chunkSubroots of raw[i] = ((i·2654435761 + seed) mod (2^41 − 1)) − (2^40 − 1), i = 0..n−1",
			"chunkSize": Weights,
			"cases":     subs}),
	}
}

// Known answers shared with Java (io.lethe.zk.ChunkBindTest): regenerate with -update only for
// a new bind/digest version, then the files are copied to the chaincode's test resources.
func TestVectors(t *testing.T) {
	for name, want := range vectors(t) {
		path := filepath.Join("testdata", name)
		if *update {
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(javaResources, name), want, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("%s changed (run with -update only for a new version)", path)
		}
		java, err := os.ReadFile(filepath.Join(javaResources, name))
		if err != nil {
			t.Skipf("Java copy not found: %v", err)
		}
		if !bytes.Equal(java, want) {
			t.Fatalf("%s differs from the Java test resource copy", name)
		}
	}
}
