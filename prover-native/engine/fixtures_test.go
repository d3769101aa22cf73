package engine

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"math/rand"
	"os"
	"path/filepath"
	"testing"

	"lethe.io/prover-native/chunks"
	"lethe.io/prover-native/zkdigest"
)

// TestWriteRedactionFixture writes the proofs the chaincode's redaction tests check
// (chaincode/contracts/src/test/resources/zk/redaction-fixture.json): a parallel request "r1"
// on channel "lethe" with start "s" (delta, version 1) and "y" inheriting from s and o
// (cascade, k = round(1 · 1/2 · 2^16)), 1,100 weights (two chunks; only chunk 0 changes).
// Setup is insecure (dev) and slow, so it runs only with LETHE_WRITE_FIXTURE=<dir>.
func TestWriteRedactionFixture(t *testing.T) {
	dir := os.Getenv("LETHE_WRITE_FIXTURE")
	if dir == "" {
		t.Skip("set LETHE_WRITE_FIXTURE=<dir> to regenerate the chaincode's redaction fixture")
	}
	const n = 1100
	rng := rand.New(rand.NewSource(42))
	raw := func(scale float64) []int64 {
		out := make([]int64, n)
		for i := range out {
			out[i] = int64(rng.NormFloat64() * scale * 65536)
		}
		return out
	}
	ws, wy := raw(0.2), raw(0.2)
	wsNew := append([]int64(nil), ws...)
	delta := make([]int64, n)
	for i := 0; i < chunks.Weights; i++ {
		delta[i] = int64(rng.NormFloat64() * 0.01 * 65536)
		wsNew[i] += delta[i]
	}
	const k = 32768
	wyNew := append([]int64(nil), wy...)
	for i := range wy {
		q, _ := chunks.RoundStep(k, delta[i])
		wyNew[i] += q
	}
	bindHex := func(model string) string {
		b := chunks.Bind("lethe", "r1", model, 1)
		x := b.Bytes()
		return hex.EncodeToString(x[:])
	}
	prove := func(id string, in chunks.Instance) (string, string) {
		keys, err := DevSetup(id)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Prove(keys, WrapChunk(in), nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := Verify(keys.VK, res.Proof, res.Public); err != nil {
			t.Fatal(err)
		}
		return base64.StdEncoding.EncodeToString(VKBytes(keys.VK)), base64.StdEncoding.EncodeToString(res.Proof)
	}
	c0 := chunks.Weights
	vkDelta, deltaProof := prove(chunks.KeyID(chunks.KindDelta), &chunks.DeltaInstance{
		Target: chunks.Target{Index: 0, Bind: bindHex("s")}, W: ws[:c0], WNew: wsNew[:c0]})
	vkCascade, cascadeProof := prove(chunks.KeyID(chunks.KindCascade), &chunks.CascadeInstance{
		Target: chunks.Target{Index: 0, Bind: bindHex("y")}, W: wy[:c0],
		Starts: []chunks.CascadeStart{{K: k, Delta: delta[:c0]}}})
	out := map[string]any{
		"channel": "lethe", "request": "r1", "weights": n, "k": k,
		"ws": ws, "wsNew": wsNew, "wy": wy, "wyNew": wyNew,
		"vkDelta": vkDelta, "vkCascade": vkCascade, "deltaProof0": deltaProof, "cascadeProof0": cascadeProof,
	}
	b, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "redaction-fixture.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestWriteObsFixture writes the zero-shot proof the chaincode's OBS tests check
// (chaincode/contracts/src/test/resources/zk/obs-fixture.json): request "r2" on channel "lethe"
// rewriting model "z" from version 0 to 1, 1,100 weights (two chunks; only chunk 0 has removed
// weights, chunk 1 one frozen weight and no change), the chunk-obs vk, chunk 0's proof, its
// Fisher digest and the 64 Fisher blocks it commits to (what the provider records). Dev setup (insecure, ≈ 4 min CPU): only with LETHE_WRITE_FIXTURE=<dir>.
func TestWriteObsFixture(t *testing.T) {
	dir := os.Getenv("LETHE_WRITE_FIXTURE")
	if dir == "" {
		t.Skip("set LETHE_WRITE_FIXTURE=<dir> to regenerate the chaincode's zero-shot fixture")
	}
	const n = 1100
	rng := rand.New(rand.NewSource(43))
	in := chunks.RandomObs(rng, 0, chunks.Weights, chunks.MaxRemoved, 4)
	b := chunks.Bind("lethe", "r2", "z", 1)
	bb := b.Bytes()
	in.Bind = hex.EncodeToString(bb[:])
	if err := in.Prepare(); err != nil {
		t.Fatal(err)
	}
	w := append(append([]int64(nil), in.W...), make([]int64, n-chunks.Weights)...)
	for i := chunks.Weights; i < n; i++ {
		w[i] = int64(rng.NormFloat64() * 0.2 * 65536)
	}
	wNew := append(append([]int64(nil), in.WNew...), w[chunks.Weights:]...)
	var removed, frozen []int64
	for _, p := range in.Removed {
		removed = append(removed, int64(p))
	}
	for _, p := range in.Frozen {
		frozen = append(frozen, int64(p))
	}
	frozen = append(frozen, 1050)
	keys, err := DevSetup(chunks.KeyID(chunks.KindObs))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Prove(keys, WrapChunk(in), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(keys.VK, res.Proof, res.Public); err != nil {
		t.Fatal(err)
	}
	out := map[string]any{
		"channel": "lethe", "request": "r2", "model": "z", "versionOld": 0, "versionNew": 1, "weights": n,
		"mask": chunks.EncodeObsMask(n, removed, frozen), "removed": removed, "frozen": frozen,
		"w": w, "wNew": wNew,
		"vkObs":         base64.StdEncoding.EncodeToString(VKBytes(keys.VK)),
		"obsProof0":     base64.StdEncoding.EncodeToString(res.Proof),
		"fisherDigest0": zkdigest.Hex(res.Public[6+2*chunks.MaskElems]),
		"fisherBlocks0": in.Fisher,
	}
	js, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "obs-fixture.json"), js, 0o644); err != nil {
		t.Fatal(err)
	}
}
