package chunks

import (
	"math/big"
	"math/rand"
	"testing"

	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/test"
)

func randomObs(t *testing.T, seed int64, idx uint64, count, perBlock, every int) *ObsInstance {
	in := RandomObs(rand.New(rand.NewSource(seed)), idx, count, perBlock, every)
	if err := in.Prepare(); err != nil {
		t.Fatal(err)
	}
	return in
}

// forge re-assigns an instance whose W′ (and optionally C, z) were edited after Prepare; the
// public new subroot follows the edited W′, so only the OBS relations can fail.
func forge(in *ObsInstance, edit func(in *ObsInstance)) frontend.Circuit {
	return edited(in, edit).Assignment()
}

// edited: a copy of a prepared instance (W′, C and z deep-copied) with `edit` applied, not re-prepared.
func edited(in *ObsInstance, edit func(in *ObsInstance)) *ObsInstance {
	cp := *in
	cp.WNew = append([]int64(nil), in.WNew...)
	cp.C = make([][]int64, len(in.C))
	for b := range in.C {
		cp.C[b] = append([]int64(nil), in.C[b]...)
	}
	cp.Z = make([][]int64, len(in.Z))
	for b := range in.Z {
		cp.Z[b] = append([]int64(nil), in.Z[b]...)
	}
	edit(&cp)
	return &cp
}

func TestObsCircuit(t *testing.T) {
	assert := test.NewAssert(t)
	full := randomObs(t, 1, 2, Weights, 2, 8)    // blocks 0, 8, 16, … touched
	last := randomObs(t, 2, 1, 700, 1, 3)        // partial chunk: Fisher block 43 holds 12 real weights
	narrow := randomObs(t, 3, 0, 200, 2, 5)      // single-chunk model of 4 leaves
	touched := full.Removed[0] / FisherBlock     // block 0
	var outside, frozen int = -1, full.Frozen[0] // a weight of block 0 neither removed nor frozen
	for r := 0; r < FisherBlock; r++ {
		i := touched*FisherBlock + r
		if i != full.Removed[0] && i != full.Removed[1] && i != frozen {
			outside = i
			break
		}
	}
	if full.WNew[outside] == full.W[outside] {
		t.Fatalf("weight %d should move", outside)
	}
	// known gap: a prover-chosen H moves a non-removed weight by +3.0 (obs_gap_test.go)
	// what the circuit accepts once H is the provider's (obs_tolerance_test.go): a free weight off
	// its honest update within the tolerances, and any move under a singular H (refused on the ledger)
	valid := []frontend.Circuit{full.Assignment(), last.Assignment(), narrow.Assignment(), knownGapFisherForgery(t),
		toleranceWitness(t), singularFisherForgery(t)}

	// the old forgery: C = W − W′ with z = 1.0 makes C·z/2^16 any update the prover wants
	forgedC := forge(full, func(in *ObsInstance) {
		in.WNew[outside] += 100
		for r := 0; r < FisherBlock; r++ {
			i := touched*FisherBlock + r
			in.C[touched][r*MaxRemoved] = in.W[i] - in.WNew[i]
			in.C[touched][r*MaxRemoved+1] = 0
		}
		in.Z[touched] = []int64{1 << 16, 0}
	})
	// all-ones removal mask with the weights changed (not zeroed)
	allOnes := forge(full, func(in *ObsInstance) {
		in.Removed = make([]int, len(in.W))
		for i := range in.Removed {
			in.Removed[i] = i
		}
		in.Frozen = nil
	})
	// a change in an untouched Fisher block (block 1)
	untouched := forge(full, func(in *ObsInstance) { in.WNew[FisherBlock+3]++ })
	// a frozen weight changed
	frozenMoved := forge(full, func(in *ObsInstance) { in.WNew[frozen]-- })
	// a weight of the touched block moved off its OBS update by one
	offByOne := forge(full, func(in *ObsInstance) { in.WNew[outside]++ })
	// a removed weight not zeroed
	notZeroed := forge(full, func(in *ObsInstance) { in.WNew[full.Removed[0]] = 1 })
	// H changed after its digest was published
	fisher := full.Assignment().(*ObsCircuit)
	fisher.H[touched][0] = full.Fisher[touched][0] + 1
	// z of an untouched block made non-zero (column targets no removed weight)
	zFree := forge(full, func(in *ObsInstance) {
		in.Z[1] = []int64{1 << 16, 0}
		for r := 0; r < FisherBlock; r++ {
			i := FisherBlock + r
			in.WNew[i] = in.W[i] - in.C[1][r*MaxRemoved]
		}
	})
	// mask edge cases, each breaking only the check it names (public elements edited after Prepare):
	// a weight both removed and frozen
	overlap := full.Assignment().(*ObsCircuit)
	for e, x := range MaskElements(append(append([]int(nil), full.Frozen...), full.Removed[0])) {
		overlap.Frozen[e] = x
	}
	// a removed bit on a padding weight of the last partial chunk (700 weights: position 700 is
	// row 12 of block 43, an identity row of H, so C = 2^16·e_12, z = 0 satisfies all but padding)
	padBit := last.Assignment().(*ObsCircuit)
	for e, x := range MaskElements(append(append([]int(nil), last.Removed...), 700)) {
		padBit.Removed[e] = x
	}
	padBit.Sel[43][0][12], padBit.C[43][12][0], padBit.Z[43][0] = 1, 1<<16, 0
	// bit 248 of element 0 (position 248 packed into the wrong element) and bit 32 of element 4
	// (position 1024, past the chunk): both outside the element's bit width
	wide := func(e, bit int) frontend.Circuit {
		a := full.Assignment().(*ObsCircuit)
		var x big.Int
		MaskElements(full.Removed)[e].BigInt(&x)
		a.Removed[e] = x.SetBit(&x, bit, 1)
		return a
	}
	// W′ following C and z exactly, with H·C or C[P,:]·z off by a residual in [2^21, 2^24): accepted
	// by the former 24-bit tolerances, refused by the 21-bit ones (obs_tolerance_test.go)
	looseHC, looseCZ := looseTolerance(t, full, false), looseTolerance(t, full, true)
	invalid := []frontend.Circuit{forgedC, allOnes, untouched, frozenMoved, offByOne, notZeroed, fisher, zFree,
		overlap, padBit, wide(0, MaskBits), wide(MaskElems-1, Weights-(MaskElems-1)*MaskBits), looseHC, looseCZ}
	assert.CheckCircuit(&ObsCircuit{}, solverOnly(valid, invalid)...)
}
