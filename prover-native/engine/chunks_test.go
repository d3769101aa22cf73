package engine

import (
	"encoding/json"
	"strings"
	"testing"

	"lethe.io/prover-native/chunks"
)

// The universal chunk statements go through the same Decode/EmptyFor/Prove path as the
// per-shape ones; their kind is their key id.
func TestChunkKindsDecode(t *testing.T) {
	for _, id := range []string{KindChunkDelta, KindChunkCascade, KindChunkObs} {
		if _, err := EmptyFor(id); err != nil {
			t.Fatalf("EmptyFor(%s): %v", id, err)
		}
		in, err := chunks.Sample(id, 3)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		st, err := Decode(id, b)
		if err != nil {
			t.Fatalf("Decode(%s): %v", id, err)
		}
		if st.KeyID() != id || st.Kind() != id {
			t.Fatalf("%s decoded as %s/%s", id, st.KeyID(), st.Kind())
		}
		if err := st.Prepare(); err != nil {
			t.Fatalf("%s sample does not prepare: %v", id, err)
		}
		if got, want := len(st.Public()), map[string]int{KindChunkDelta: 7, KindChunkCascade: 6 + 2*chunks.Starts, KindChunkObs: 6 + 2*chunks.MaskElems + 1}[id]; got != want {
			t.Fatalf("%s: %d public inputs, want %d", id, got, want)
		}
	}
	// a witness that breaks its statement is refused before proving, with a clear error
	bad := `{"index":1,"bind":"` + chunks.SampleBind() + `","w":[1,2],"starts":[{"k":65536,"delta":[1,1]}],"w_new":[2,4]}`
	st, err := Decode(KindChunkCascade, []byte(bad))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Prepare(); err == nil || !strings.Contains(err.Error(), "relation violated at weight 1") {
		t.Fatalf("want a relation error, got %v", err)
	}
	if _, err := Decode(KindChunkDelta, []byte(`{"index":1,"bind":"00","w":[1],"w_new":[1],"extra":1}`)); err == nil {
		t.Fatal("unknown field accepted")
	}
}
