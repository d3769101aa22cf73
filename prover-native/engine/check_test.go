package engine

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// The instance is what Java's proof-compatible ObsUnlearning produced on a trained mlp-small
// (gateway-app ProvableObsTest, LETHE_WRITE_OBS_INSTANCE=…): the circuit's solver accepts it,
// and Check refuses it once altered. ≈ 10 s (one compile of chunk-obs, no setup).
func TestCheckJavaObsInstance(t *testing.T) {
	js, err := os.ReadFile("../chunks/testdata/obs-java-instance.json")
	if err != nil {
		t.Fatal(err)
	}
	n, err := Check(KindChunkObs, js)
	if err != nil {
		t.Fatalf("the Java OBS update does not satisfy chunk-obs: %v", err)
	}
	if n < 400000 {
		t.Fatalf("%d constraints", n)
	}
	alter := func(edit func(m map[string]any)) []byte {
		var m map[string]any
		if err := json.Unmarshal(js, &m); err != nil {
			t.Fatal(err)
		}
		edit(m)
		b, _ := json.Marshal(m)
		return b
	}
	removed := func(m map[string]any) []any { return m["removed"].([]any) }
	for name, c := range map[string]struct {
		json []byte
		want string
	}{
		"a compensated weight off by one": {alter(func(m map[string]any) {
			r := int(removed(m)[0].(float64))
			i := r ^ 1 // a neighbour in the same Fisher block
			if contains(removed(m), i) || contains(m["frozen"].([]any), i) {
				i = r/16*16 + (r+2)%16
			}
			m["w_new"].([]any)[i] = m["w_new"].([]any)[i].(float64) + 1
		}), "relation violated"},
		"a removed weight kept": {alter(func(m map[string]any) {
			r := int(removed(m)[0].(float64))
			m["w_new"].([]any)[r] = m["w"].([]any)[r]
		}), "relation violated"},
		"a third removed weight in a block": {alter(func(m map[string]any) {
			r := int(removed(m)[0].(float64))
			for k := r / 16 * 16; k < r/16*16+16; k++ {
				if !contains(removed(m), k) && !contains(m["frozen"].([]any), k) {
					m["removed"] = append(removed(m), float64(k), float64(k+1))
					break
				}
			}
		}), "removed weights, at most 2"},
	} {
		if _, err := Check(KindChunkObs, c.json); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", name, err, c.want)
		}
	}
}

func contains(xs []any, i int) bool {
	for _, x := range xs {
		if int(x.(float64)) == i {
			return true
		}
	}
	return false
}
