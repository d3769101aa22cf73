package ceremony

import (
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/frontend"

	"lethe.io/prover-native/engine"
)

// tiny keeps the unit tests fast; the CLI ceremony on the real chunk-delta circuit runs in
// prover-native/scripts/ceremony-fixture.sh (TestCommittedChunkDeltaTranscript checks its output).
type tiny struct {
	X, Y frontend.Variable
	Z    frontend.Variable `gnark:",public"`
}

func (c *tiny) Define(api frontend.API) error {
	api.AssertIsEqual(c.Z, api.Mul(c.X, c.Y, c.X))
	return nil
}

// wide has more constraints than tiny: its phase 1 domain is larger, so tiny can reuse it.
type wide struct {
	X [40]frontend.Variable
	Z frontend.Variable `gnark:",public"`
}

func (c *wide) Define(api frontend.API) error {
	acc := frontend.Variable(1)
	for _, x := range c.X {
		acc = api.Mul(acc, x)
	}
	api.AssertIsEqual(c.Z, acc)
	return nil
}

func init() {
	testCircuits["tiny"] = func() frontend.Circuit { return &tiny{} }
	testCircuits["wide"] = func() frontend.Circuit { return &wide{} }
}

var members = []string{"committee1", "committee2", "committee3"}

// runPhase: three contributions, verify, seal.
func runPhase(t *testing.T, dir string, store *engine.Store, beacon string) {
	t.Helper()
	for _, who := range members {
		if _, err := Contribute(dir, who); err != nil {
			t.Fatalf("%s: %v", who, err)
		}
	}
	if _, err := Verify(dir); err != nil {
		t.Fatalf("verify before seal: %v", err)
	}
	if _, err := Seal(dir, []byte(beacon), store); err != nil {
		t.Fatal(err)
	}
}

func editState(t *testing.T, dir string, edit func(*State)) {
	t.Helper()
	s, err := load(dir)
	if err != nil {
		t.Fatal(err)
	}
	edit(s)
	if err := s.save(dir); err != nil {
		t.Fatal(err)
	}
}

func TestThreeContributorCeremony(t *testing.T) {
	dir := t.TempDir()
	s, err := Init(dir, "tiny")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.R1CSSha256) != 64 || s.Gnark == "" || s.SourceCommit == "" {
		t.Fatalf("transcript lacks r1cs hash, gnark version or source commit: %+v", s)
	}
	store := engine.NewStore(filepath.Join(dir, "keys"))
	runPhase(t, dir, store, "beacon round 4241")
	runPhase(t, dir, store, "beacon round 4242")
	s, err = Verify(dir)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := store.Load(s.KeyID)
	if err != nil {
		t.Fatal(err)
	}
	if engine.VKHash(keys.VK) != s.VKSha256 {
		t.Fatal("installed key differs from the ceremony's")
	}
	w, _ := frontend.NewWitness(&tiny{X: 3, Y: 5, Z: 45}, ecc.BLS12_381.ScalarField())
	proof, err := groth16.Prove(keys.CCS, keys.PK, w)
	if err != nil {
		t.Fatal(err)
	}
	pw, _ := w.Public()
	if err := groth16.Verify(proof, keys.VK, pw); err != nil {
		t.Fatal(err)
	}

	// a transcript that records another circuit's R1CS hash is refused (recompiled from source)
	good, _ := os.ReadFile(filepath.Join(dir, "state.json"))
	editState(t, dir, func(s *State) { s.R1CSSha256 = strings.Repeat("0", 64) })
	if _, err := Verify(dir); err == nil || !strings.Contains(err.Error(), "R1CS hash") {
		t.Fatalf("altered r1cs hash: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "state.json"), good, 0o644)
	// a circuit.r1cs swapped for another circuit's is refused
	r1cs := filepath.Join(dir, "circuit.r1cs")
	orig, _ := os.ReadFile(r1cs)
	other := t.TempDir()
	if _, err := Init(other, "wide"); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(other, "circuit.r1cs"))
	os.WriteFile(r1cs, b, 0o644)
	if _, err := Verify(dir); err == nil {
		t.Fatal("swapped circuit.r1cs verified")
	}
	os.WriteFile(r1cs, orig, 0o644)
	if _, err := Verify(dir); err != nil {
		t.Fatalf("restored transcript: %v", err)
	}
	// a tampered contribution is detected
	f := filepath.Join(dir, "phase2-002.bin")
	b, _ = os.ReadFile(f)
	b[len(b)-40] ^= 1
	os.WriteFile(f, b, 0o644)
	if _, err := Verify(dir); err == nil {
		t.Fatal("tampered transcript verified")
	}
	// ... even when the attacker also rewrites the recorded hash
	editState(t, dir, func(s *State) {
		for i := range s.Contributions {
			if s.Contributions[i].File == "phase2-002.bin" {
				s.Contributions[i].Sha256 = sha(b)
			}
		}
	})
	if _, err := Verify(dir); err == nil {
		t.Fatal("tampered contribution with a matching recorded hash verified")
	}
}

// One phase 1 (of the widest circuit) serves every kind: tiny's ceremony reuses wide's.
func TestSharedPhase1(t *testing.T) {
	src := t.TempDir()
	if _, err := Init(src, "wide"); err != nil {
		t.Fatal(err)
	}
	runPhase(t, src, nil, "beacon p1")
	dir := t.TempDir()
	s, err := InitFrom(dir, "tiny", src)
	if err != nil {
		t.Fatal(err)
	}
	if s.Phase != 2 || s.Phase1From != src {
		t.Fatalf("phase 2 should open on the shared phase 1: %+v", s)
	}
	store := engine.NewStore(filepath.Join(dir, "keys"))
	runPhase(t, dir, store, "beacon p2")
	if _, err := Verify(dir); err != nil {
		t.Fatal(err)
	}
	keys, err := store.Load("tiny")
	if err != nil {
		t.Fatal(err)
	}
	w, _ := frontend.NewWitness(&tiny{X: 2, Y: 7, Z: 28}, ecc.BLS12_381.ScalarField())
	proof, err := groth16.Prove(keys.CCS, keys.PK, w)
	if err != nil {
		t.Fatal(err)
	}
	pw, _ := w.Public()
	if err := groth16.Verify(proof, keys.VK, pw); err != nil {
		t.Fatal(err)
	}
	// a source whose phase 1 is altered after the fact no longer verifies the derived ceremony
	f := filepath.Join(src, "phase1-003.bin")
	b, _ := os.ReadFile(f)
	b[len(b)/2] ^= 1
	os.WriteFile(f, b, 0o644)
	if _, err := Verify(dir); err == nil {
		t.Fatal("derived ceremony verified on a tampered phase 1")
	}
	// a phase 1 too small for the circuit is refused
	small := t.TempDir()
	Init(small, "tiny")
	runPhase(t, small, nil, "b")
	if _, err := InitFrom(t.TempDir(), "wide", small); err == nil {
		t.Fatal("phase 1 of a smaller domain accepted")
	}
}

func sha(b []byte) string {
	h := sha256Sum(b)
	return hex.EncodeToString(h[:])
}

// TestCommittedChunkDeltaTranscript: the transcript of the three-contributor chunk-delta ceremony
// committed with chaincode/core's CeremonyChunkDeltaTest (written by
// prover-native/scripts/ceremony-fixture.sh with the CLI) belongs to the chunk-delta circuit this
// source compiles, and its vk.bin is the key it sealed. The contributions themselves (≈ 40 MB)
// are not committed, so they are not re-verified here; the script runs `ceremony verify` on them.
// A change to the chunk-delta circuit fails this test: rerun the script.
func TestCommittedChunkDeltaTranscript(t *testing.T) {
	fixture := filepath.Join("..", "..", "chaincode", "core", "src", "test", "resources", "zk", "ceremony-chunk-delta")
	if _, err := os.Stat(filepath.Join(fixture, "fixture.json")); err != nil {
		t.Skip("no ceremony fixture: run prover-native/scripts/ceremony-fixture.sh")
	}
	s, err := load(fixture)
	if err != nil {
		t.Fatal(err)
	}
	if s.KeyID != "chunk-delta" || s.Phase != 3 || s.count(1) != 3 || s.count(2) != 3 || s.Beacon1 == "" || s.Beacon2 == "" {
		t.Fatalf("want a sealed chunk-delta ceremony with 3+3 contributions and two beacons, got %+v", s)
	}
	vk, err := os.ReadFile(filepath.Join(fixture, "vk.bin"))
	if err != nil {
		t.Fatal(err)
	}
	if h := sha256Sum(vk); hex.EncodeToString(h[:]) != s.VKSha256 {
		t.Fatal("vk.bin is not the key the transcript sealed")
	}
	ccs, r1csHash, err := compile("chunk-delta")
	if err != nil {
		t.Fatal(err)
	}
	if r1csHash != s.R1CSSha256 || ccs.GetNbConstraints() != s.Constraints {
		t.Fatalf("the chunk-delta circuit changed since the ceremony (r1cs %s, transcript %s): rerun prover-native/scripts/ceremony-fixture.sh", r1csHash, s.R1CSSha256)
	}
}

// A ceremony opens for a universal chunk key id like for any shape; recompiling the real
// circuit gives the recorded R1CS hash (compilation is deterministic).
func TestInitChunkKey(t *testing.T) {
	dir := t.TempDir()
	s, err := Init(dir, "chunk-delta")
	if err != nil {
		t.Fatal(err)
	}
	if s.KeyID != "chunk-delta" || s.Phase != 1 || s.Constraints == 0 || len(s.R1CSSha256) != 64 {
		t.Fatalf("unexpected state %+v", s)
	}
	t.Logf("chunk-delta: %d constraints, domain %d, r1cs %s, gnark %s, commit %s", s.Constraints, s.Domain, s.R1CSSha256, s.Gnark, s.SourceCommit)
	if _, err := Verify(dir); err != nil {
		t.Fatalf("recompiled chunk-delta differs: %v", err)
	}
}
