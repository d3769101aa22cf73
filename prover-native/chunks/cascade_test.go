package chunks

import (
	"math/big"
	"math/rand"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/test"
)

func randomCascade(seed int64, idx uint64, count int, ks ...int64) *CascadeInstance {
	rng := rand.New(rand.NewSource(seed))
	in := &CascadeInstance{Target: Target{Index: idx, Bind: testBind}, W: randRaw(rng, count, 0.2)}
	for _, k := range ks {
		in.Starts = append(in.Starts, CascadeStart{K: k, Delta: randRaw(rng, count, 0.01)})
	}
	if err := in.Prepare(); err != nil {
		panic(err)
	}
	return in
}

func TestRoundStepIsHalfAwayFromZero(t *testing.T) {
	for _, c := range []struct{ k, d, q int64 }{
		{1 << 15, 1, 1}, {1 << 15, -1, -1}, {-(1 << 15), 1, -1}, {-(1 << 15), -1, 1},
		{1<<15 - 1, 1, 0}, {1<<15 - 1, -1, 0}, {3 << 15, 1, 2}, {3 << 15, -1, -2}, {0, 5, 0}, {-7, 0, 0},
		{1 << 16, 12345, 12345}, {-(1 << 16), 12345, -12345},
	} {
		q, r := RoundStep(c.k, c.d)
		if q != c.q || r < 0 || r >= 1<<16 {
			t.Fatalf("RoundStep(%d, %d) = %d rem %d, want %d", c.k, c.d, q, r, c.q)
		}
	}
}

// newFrom recomputes the public new subroot around a forged w′ (field values, no range check).
func newFrom(in *CascadeInstance, a *CascadeCircuit, wNew []fr.Element) {
	a.New = SubrootField(wNew, in.Index)
}

func TestCascadeCircuit(t *testing.T) {
	assert := test.NewAssert(t)
	half := int64(1 << 15)
	full := randomCascade(1, 4, Weights, 21000, -9000)
	last := randomCascade(2, 2, 1000, 65536, 3000, -3000, 70000)
	narrow := randomCascade(3, 0, 100, 40000)
	// exact halves: k = 2^15 and Δ = ±1 give p = ±2^15, rounded away from zero to ±1
	halves := &CascadeInstance{Target: Target{Index: 1, Bind: testBind}, W: []int64{10, 10, 10, 10},
		Starts: []CascadeStart{{K: half, Delta: []int64{1, -1, 0, 3}}}}
	if err := halves.Prepare(); err != nil {
		t.Fatal(err)
	}
	if got := halves.WNew; got[0] != 11 || got[1] != 9 || got[2] != 10 || got[3] != 12 {
		t.Fatalf("halves: w′ = %v", got)
	}
	valid := []frontend.Circuit{full.Assignment(), last.Assignment(), narrow.Assignment(), halves.Assignment()}

	// k different from the public k
	wrongK := full.Assignment().(*CascadeCircuit)
	wrongK.K[0] = full.Starts[0].K + 1
	// a Δ whose subroot differs from the recorded one (w′ recomputed from the forged Δ)
	alt := randomCascade(1, 4, Weights, 21000, -9000)
	alt.Starts[1].Delta[77] += 3
	alt.WNew = nil
	if err := alt.Prepare(); err != nil {
		t.Fatal(err)
	}
	badDelta := alt.Assignment().(*CascadeCircuit)
	badDelta.DeltaRoot[1] = full.Public()[6+Starts+1]
	// rounding remainder of 2^16 (honest rem 0 at weight 0: step 1 → step 0, rem 2^16)
	rem16 := halves.Assignment().(*CascadeCircuit)
	rem16.Rem[0][0] = 1 << 16
	w := fieldVals(halves.WNew)
	w[0].SetInt64(10)
	newFrom(halves, rem16, w)
	// half rounded up (old rule) instead of away from zero: p = −2^15 → 0 needs rem = −1 = r − 1
	up := halves.Assignment().(*CascadeCircuit)
	up.Rem[0][1] = new(big.Int).Sub(fr.Modulus(), big.NewInt(1))
	w = fieldVals(halves.WNew)
	w[1].SetInt64(10)
	newFrom(halves, up, w)
	// field wraparound of a remainder: step + 1 with rem − 2^16 (r − x)
	wrapRem := full.Assignment().(*CascadeCircuit)
	q, r := RoundStep(full.Starts[0].K, full.Starts[0].Delta[5])
	_ = q
	wrapRem.Rem[0][5] = new(big.Int).Sub(fr.Modulus(), big.NewInt(1<<16-r))
	w = fieldVals(full.WNew)
	w[5].SetInt64(full.WNew[5] + 1)
	newFrom(full, wrapRem, w)
	// a negative Δ encoded as 2^64 − x instead of r − x (its subroot recomputed around it)
	wrapD := full.Assignment().(*CascadeCircuit)
	dv := fieldVals(full.Starts[0].Delta)
	dv[9].SetUint64(uint64(1<<64-1) - 40)
	wrapD.Delta[0][9] = dv[9]
	wrapD.DeltaRoot[0] = SubrootField(dv, full.Index)
	// raw = −2^40 in w (old subroot recomputed; w′ recomputed from it)
	lowW := full.Assignment().(*CascadeCircuit)
	lowW.W[2] = -(int64(1) << 40)
	wv := fieldVals(full.W)
	wv[2].SetInt64(-(1 << 40))
	lowW.Old = SubrootField(wv, full.Index)
	w = fieldVals(full.WNew)
	w[2].SetInt64(full.WNew[2] - full.W[2] - (1 << 40))
	newFrom(full, lowW, w)
	// raw = −2^40 as k (public), with the witness solved for it
	lowK := &CascadeInstance{Target: Target{Index: 1, Bind: testBind}, W: []int64{10, 10},
		Starts: []CascadeStart{{K: -(1 << 39), Delta: []int64{2, -2}}}}
	if err := lowK.Prepare(); err != nil {
		t.Fatal(err)
	}
	lowKa := lowK.Assignment().(*CascadeCircuit)
	lowKa.K[0] = -(int64(1) << 40)
	w = fieldVals([]int64{10 - (1 << 25), 10 + (1 << 25)}) // round(−2^40·±2 / 2^16) = ∓2^25
	newFrom(lowK, lowKa, w)
	// kind and bind: a delta kind claimed by a cascade proof
	wrongKind := full.Assignment().(*CascadeCircuit)
	wrongKind.Kind = KindDelta

	invalid := []frontend.Circuit{wrongK, badDelta, rem16, up, wrapRem, wrapD, lowW, lowKa, wrongKind}
	assert.CheckCircuit(&CascadeCircuit{}, solverOnly(valid, invalid)...)
}
