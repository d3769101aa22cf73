package chunks

import (
	"math/rand"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/test"
)

func randomDelta(seed int64, idx uint64, count int) *DeltaInstance {
	rng := rand.New(rand.NewSource(seed))
	w := randRaw(rng, count, 0.2)
	d := randRaw(rng, count, 0.01)
	in := &DeltaInstance{Target: Target{Index: idx, Bind: testBind}, W: w, WNew: make([]int64, count)}
	for i := range w {
		in.WNew[i] = w[i] + d[i]
	}
	if err := in.Prepare(); err != nil {
		panic(err)
	}
	return in
}

// forged recomputes Old/New/DeltaRoot natively (no range check) from field values, so that a
// forgery fails only on the relation under test.
func deltaWith(in *DeltaInstance, w, wNew []fr.Element, deltaRoot *fr.Element) *DeltaCircuit {
	a := in.Assignment().(*DeltaCircuit)
	a.Old, a.New = SubrootField(w, in.Index), SubrootField(wNew, in.Index)
	d := make([]fr.Element, len(w))
	for i := range d {
		d[i].Sub(&wNew[i], &w[i])
	}
	if deltaRoot != nil {
		a.DeltaRoot = *deltaRoot
	} else {
		a.DeltaRoot = SubrootField(d, in.Index)
	}
	for i := range a.W {
		if i < len(w) {
			a.W[i], a.WNew[i] = w[i], wNew[i]
		}
	}
	return a
}

func TestDeltaCircuit(t *testing.T) {
	assert := test.NewAssert(t)
	full := randomDelta(1, 5, Weights)
	last := randomDelta(2, 3, 700)   // last chunk: partial leaf 10, padding leaves 11..15
	narrow := randomDelta(3, 0, 300) // single-chunk model of 5 leaves: fold of width 8
	valid := []frontend.Circuit{full.Assignment(), last.Assignment(), narrow.Assignment()}

	w, wNew := fieldVals(full.W), fieldVals(full.WNew)
	// a W′ whose Δ subroot differs from the public one (New recomputed, DeltaRoot kept)
	wNew2 := append([]fr.Element(nil), wNew...)
	wNew2[17].SetInt64(full.WNew[17] + 1)
	keep := full.Public()[6]
	badDelta := deltaWith(full, w, wNew2, &keep)
	// consistency check of the forger: with its own Δ subroot the same witness is valid
	honest2 := deltaWith(full, w, wNew2, nil)
	valid = append(valid, honest2)
	// raw = −2^40 in W′ (publics recomputed around it)
	wNew3 := append([]fr.Element(nil), wNew...)
	wNew3[3].SetInt64(-(1 << 40))
	lowRaw := deltaWith(full, w, wNew3, nil)
	// Δ out of range although W and W′ are in range: W = −2^39·1.5, W′ = +2^39·1.5
	w4, wNew4 := append([]fr.Element(nil), w...), append([]fr.Element(nil), wNew...)
	w4[9].SetInt64(-(3 << 38))
	wNew4[9].SetInt64(3 << 38)
	bigDelta := deltaWith(full, w4, wNew4, nil)
	// field wraparound: a negative encoded as 2^64 − x instead of r − x
	wNew5 := append([]fr.Element(nil), wNew...)
	wNew5[4].SetUint64(uint64(1<<64-1) - 99)
	wrap := deltaWith(full, w, wNew5, nil)
	// a non-zero padding weight of the last chunk (Old recomputed over 701 values)
	pw := fieldVals(append(append([]int64(nil), last.W...), 5))
	padded := last.Assignment().(*DeltaCircuit)
	padded.W[700] = 5
	padded.Old = SubrootField(pw, last.Index)
	// chunk index 0 claimed for a partial chunk of a longer model: wrong fold width
	// (300 weights = 5 leaves: chunk 3 folds 16 leaves, a single-chunk model folds 8)
	wrongIdx := randomDelta(4, 3, 300).Assignment().(*DeltaCircuit)
	wrongIdx.Index = 0
	wrongIdx2 := narrow.Assignment().(*DeltaCircuit)
	wrongIdx2.Index = 2
	// kind 2 claimed for a delta proof
	wrongKind := full.Assignment().(*DeltaCircuit)
	wrongKind.Kind = KindCascade
	invalid := []frontend.Circuit{badDelta, lowRaw, bigDelta, wrap, padded, wrongIdx, wrongIdx2, wrongKind}
	assert.CheckCircuit(&DeltaCircuit{}, solverOnly(valid, invalid)...)
}
