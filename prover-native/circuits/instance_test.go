package circuits

import (
	"math/big"
	"reflect"
	"testing"
)

// SampleObs is what `lethe zk demo` and `lethe bench zk` prove: every draw must be provable,
// prune exactly min(p, block length) weights per block and reproduce W[P] within the bound.
func TestSampleObs(t *testing.T) {
	for _, tc := range []struct {
		shape       ObsShape
		prunedTotal int
	}{
		{ObsShape{Params: 200, Block: 64, Pruned: 2}, 4 * 2}, // blocks 64, 64, 64, 8
		{ObsShape{Params: 128, Block: 64, Pruned: 3}, 2 * 3},
		{ObsShape{Params: 5, Block: 64, Pruned: 8}, 5}, // a block shorter than p
		{ObsShape{Params: 1, Block: 1, Pruned: 1}, 1},
	} {
		for seed := int64(0); seed < 10; seed++ {
			in, err := SampleObs(tc.shape, seed)
			if err != nil {
				t.Fatalf("%+v seed %d: %v", tc.shape, seed, err)
			}
			pruned := 0
			for i, m := range in.Mask {
				if m == 1 {
					continue
				}
				pruned++
				if in.WNew[i] != 0 {
					t.Fatalf("%+v seed %d: pruned weight %d is %d in W'", tc.shape, seed, i, in.WNew[i])
				}
				if e := compensationError(in, i); e.BitLen() > RoundingBoundBits {
					t.Fatalf("%+v seed %d: weight %d misses W[P] by %s", tc.shape, seed, i, e)
				}
			}
			if pruned != tc.prunedTotal {
				t.Fatalf("%+v seed %d: %d pruned, want %d", tc.shape, seed, pruned, tc.prunedTotal)
			}
		}
	}
}

func compensationError(in *ObsInstance, i int) *big.Int {
	p, b := in.Shape.Pruned, i/in.Shape.Block
	acc := new(big.Int)
	for j := 0; j < p; j++ {
		acc.Add(acc, new(big.Int).Mul(big.NewInt(in.C[i*p+j]), big.NewInt(in.Z[b*p+j])))
	}
	acc.Sub(acc, new(big.Int).Lsh(big.NewInt(in.W[i]), 16))
	return acc.Abs(acc)
}

func TestSampleObsIsDeterministic(t *testing.T) {
	s := ObsShape{Params: 100, Block: 32, Pruned: 2}
	a, _ := SampleObs(s, 7)
	b, _ := SampleObs(s, 7)
	c, _ := SampleObs(s, 8)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed, different instances")
	}
	if reflect.DeepEqual(a.W, c.W) {
		t.Fatal("different seeds, same weights")
	}
	if a.Public()[0] == a.Public()[1] {
		t.Fatal("W' equals W")
	}
}

func TestSampleObsRejectsBadShapes(t *testing.T) {
	for _, s := range []ObsShape{{0, 64, 2}, {10, 0, 1}, {10, 4, 5}, {10, 4, 0}, {1<<24 + 1, 64, 2}} {
		if _, err := SampleObs(s, 1); err == nil {
			t.Errorf("shape %+v accepted", s)
		}
	}
}
