package ceremony

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/frontend"

	"lethe.io/prover-native/engine"
)

// tiny keeps the unit test fast; the CLI ceremony on a real shape runs in e2e/30-zk.sh.
type tiny struct {
	X, Y frontend.Variable
	Z    frontend.Variable `gnark:",public"`
}

func (c *tiny) Define(api frontend.API) error {
	api.AssertIsEqual(c.Z, api.Mul(c.X, c.Y, c.X))
	return nil
}

func TestThreeContributorCeremony(t *testing.T) {
	dir := t.TempDir()
	if _, err := initWith(dir, "tiny", &tiny{}); err != nil {
		t.Fatal(err)
	}
	store := engine.NewStore(filepath.Join(dir, "keys"))
	for _, phase := range []int{1, 2} {
		for _, who := range []string{"committee1", "committee2", "committee3"} {
			if _, err := Contribute(dir, who); err != nil {
				t.Fatalf("phase %d %s: %v", phase, who, err)
			}
		}
		if _, err := Verify(dir); err != nil {
			t.Fatalf("verify before seal %d: %v", phase, err)
		}
		if _, err := Seal(dir, []byte("beacon round 4242"), store); err != nil {
			t.Fatal(err)
		}
	}
	s, err := Verify(dir)
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
	// a tampered contribution is detected
	f := filepath.Join(dir, "phase2-002.bin")
	b, _ := os.ReadFile(f)
	b[len(b)-40] ^= 1
	os.WriteFile(f, b, 0o644)
	if _, err := Verify(dir); err == nil {
		t.Fatal("tampered transcript verified")
	}
}

// A ceremony opens for a universal chunk key id like for any shape (compile + transcript).
func TestInitChunkKey(t *testing.T) {
	dir := t.TempDir()
	s, err := Init(dir, "chunk-delta")
	if err != nil {
		t.Fatal(err)
	}
	if s.KeyID != "chunk-delta" || s.Phase != 1 || s.Constraints == 0 {
		t.Fatalf("unexpected state %+v", s)
	}
	if _, err := os.Stat(filepath.Join(dir, "circuit.r1cs")); err != nil {
		t.Fatal(err)
	}
}
