package chunks

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
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
	masks := obsMaskCases(t)
	fishers := fisherCases(t)
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
		"obs-mask-vectors.json": enc(map[string]any{
			"spec":  "CHUNKS.md § mask encoding and § chunk-obs: encoding obs1.<weights>.<removed gaps>.<frozen gaps>; chunkInputs[chunk] = removed[0..5) then frozen[0..5), chunk bit i = bit i mod 248 of element i / 248; chunks not listed: ten zeros",
			"cases": masks}),
		"obs-fisher-vectors.json": enc(map[string]any{
			"spec":  "chunks.FisherDigest of 64 blocks × 136 upper-triangle raws; the first `blocks` blocks hold raw[k] = ((k·2654435761 + seed) mod (2^41 − 1)) − (2^40 − 1) over the flattened index k, the rest are 0",
			"cases": fishers}),
	}
}

type obsMaskCase struct {
	Weights     int64               `json:"weights"`
	Removed     []int64             `json:"removed"`
	Frozen      []int64             `json:"frozen"`
	Encoding    string              `json:"encoding"`
	ChunkInputs map[string][]string `json:"chunkInputs"`
}

func obsMaskCases(t *testing.T) []obsMaskCase {
	var out []obsMaskCase
	for _, c := range []obsMaskCase{
		{Weights: 1, Removed: []int64{}, Frozen: []int64{}},
		{Weights: 1, Removed: []int64{0}, Frozen: []int64{}},
		{Weights: 1100, Removed: []int64{3, 7, 247, 248, 1023}, Frozen: []int64{0, 5, 249, 1024, 1099}},
		{Weights: 5000, Removed: []int64{16, 17, 200, 1030, 1031, 4999}, Frozen: []int64{18, 495, 496, 743, 744, 991, 992, 2048, 4000}},
		{Weights: 300000, Removed: []int64{127, 128, 16383, 16384, 299999}, Frozen: []int64{2097 - 1, 200000}},
	} {
		if err := checkSorted("removed", c.Removed); err != nil {
			t.Fatal(err)
		}
		c.Encoding = EncodeObsMask(c.Weights, c.Removed, c.Frozen)
		c.ChunkInputs = map[string][]string{}
		for i := 0; i < ChunkCount(int(c.Weights)); i++ {
			if len(MaskOfChunk(c.Removed, i))+len(MaskOfChunk(c.Frozen, i)) == 0 && i > 0 {
				continue // chunks not listed: ten zeros
			}
			var row []string
			for _, e := range append(MaskElements(MaskOfChunk(c.Removed, i)), MaskElements(MaskOfChunk(c.Frozen, i))...) {
				row = append(row, zkdigest.Hex(e))
			}
			c.ChunkInputs[strconv.Itoa(i)] = row
		}
		out = append(out, c)
	}
	return out
}

type fisherCase struct {
	Blocks int    `json:"blocks"`
	Seed   int64  `json:"seed"`
	Digest string `json:"digest"`
}

func fisherCases(t *testing.T) []fisherCase {
	var out []fisherCase
	for i, blocks := range []int{0, 1, 3, FisherBlocks} {
		seed := int64(2000 + i)
		flat := genRaw(blocks*FisherEntries, seed)
		h := make([][]int64, FisherBlocks)
		for b := range h {
			h[b] = make([]int64, FisherEntries)
			if b < blocks {
				copy(h[b], flat[b*FisherEntries:])
			}
		}
		d, err := FisherDigest(h)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, fisherCase{Blocks: blocks, Seed: seed, Digest: zkdigest.Hex(d)})
	}
	return out
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
