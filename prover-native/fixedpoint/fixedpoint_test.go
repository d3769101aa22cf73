package fixedpoint

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"strconv"
	"testing"
)

// vectorsPath is the known-answer file shared with the Java test (io.lethe.fixedpoint.FixedPointVectorsTest).
const vectorsPath = "../../chaincode/core/src/test/resources/fixedpoint/fixedpoint-vectors.json"

type vector struct {
	Name  string `json:"name"`
	W     string `json:"w"`
	Raw   *int64 `json:"raw"`
	Error string `json:"error"`
}

func loadVectors(t *testing.T) []vector {
	t.Helper()
	b, err := os.ReadFile(vectorsPath)
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		FractionBits  int      `json:"fractionBits"`
		MagnitudeBits int      `json:"magnitudeBits"`
		Vectors       []vector `json:"vectors"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if f.FractionBits != FractionBits || f.MagnitudeBits != MagnitudeBits || len(f.Vectors) == 0 {
		t.Fatalf("vector file describes 2^%d / 2^%d with %d vectors", f.FractionBits, f.MagnitudeBits, len(f.Vectors))
	}
	return f.Vectors
}

func TestFromFloatVectors(t *testing.T) {
	errs := map[string]error{"not finite": ErrNotFinite, "out of range": ErrOutOfRange}
	for _, v := range loadVectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			w, err := strconv.ParseFloat(v.W, 64)
			if err != nil {
				t.Fatalf("input %q: %v", v.W, err)
			}
			got, err := FromFloat(w)
			if v.Raw != nil {
				if err != nil || got != *v.Raw {
					t.Fatalf("FromFloat(%s) = %d, %v; want %d", v.W, got, err, *v.Raw)
				}
				return
			}
			want, ok := errs[v.Error]
			if !ok {
				t.Fatalf("vector has neither raw nor a known error (%q)", v.Error)
			}
			if !errors.Is(err, want) {
				t.Fatalf("FromFloat(%s) = %d, %v; want error %q", v.W, got, err, v.Error)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		raw int64
		ok  bool
	}{
		{0, true}, {1<<40 - 1, true}, {-(1<<40 - 1), true},
		{1 << 40, false}, {-(1 << 40), false}, {math.MaxInt64, false}, {math.MinInt64, false},
	} {
		if err := Check(tc.raw); (err == nil) != tc.ok {
			t.Errorf("Check(%d) = %v", tc.raw, err)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	for _, raw := range []int64{0, 1, -1, 65536, -6554, 1<<40 - 1, -(1<<40 - 1)} {
		if got, err := FromFloat(ToFloat(raw)); err != nil || got != raw {
			t.Errorf("FromFloat(ToFloat(%d)) = %d, %v", raw, got, err)
		}
	}
}
