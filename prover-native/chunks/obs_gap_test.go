package chunks

import (
	"testing"

	"github.com/consensys/gnark/frontend"
)

// Known gap (prover-native/README.md § Departures / known gaps, "the client's Fisher"): H is the
// prover's choice, committed but bound to nothing on the ledger, so in every Fisher block with a
// removed weight t the client can move the block's other non-frozen weights wherever it likes.
// Attack: H = e_t·e_tᵀ (1.0 at (t, t), 0 elsewhere), C[:,0] = v with v_t = 1.0, z = W[t]: then
// H·C = E_P exactly, C[t]·z = W[t]·2^16 exactly, and every other weight r moves by
// round(v_r·W[t]/2^16), v_r free. (A positive definite H does not close it: for any v with
// v_t > 0, H = e_t·e_tᵀ/v_t + λ(I − v·vᵀ/|v|²) is positive definite and H·v = e_t.)
// knownGapFisherForgery pins the gap down: TestObsCircuit runs its assignment as a VALID witness
// (one compile shared); once H is bound (e.g. the provider records the per-chunk Fisher digest
// with the mask) it must move to the invalid list.
func knownGapFisherForgery(t *testing.T) frontend.Circuit {
	in := randomObs(t, 4, 0, Weights, 1, 8) // one removed weight in blocks 0, 8, 16, …
	b := in.Removed[0] / FisherBlock
	tr := in.Removed[0] % FisherBlock
	frozen := map[int]bool{}
	for _, f := range in.Frozen {
		frozen[f] = true
	}
	victim := -1
	for r := 0; r < FisherBlock; r++ {
		if i := b*FisherBlock + r; r != tr && !frozen[i] {
			victim = r
			break
		}
	}
	wt := in.W[b*FisherBlock+tr]
	if victim < 0 || wt == 0 {
		t.Fatalf("sample has no movable weight beside a non-zero removed one in block %d", b)
	}
	const want = 3 << 16 // move the victim by +3.0, ~ the whole weight range of a trained layer
	h := make([]int64, FisherEntries)
	h[upper(tr, tr)] = 1 << 16
	c := make([]int64, FisherBlock*MaxRemoved)
	c[tr*MaxRemoved] = 1 << 16
	c[victim*MaxRemoved] = -int64(want) * (1 << 16) / wt
	in.Fisher[b], in.C[b], in.Z[b] = h, c, []int64{wt, 0}
	in.WNew = nil
	if err := in.Prepare(); err != nil {
		t.Fatalf("the forged H is refused natively (gap closed? turn this into a must-fail test): %v", err)
	}
	i := b*FisherBlock + victim
	moved := in.WNew[i] - in.W[i]
	if moved < want-(1<<10) || moved > want+(1<<10) {
		t.Fatalf("victim moved by %d, want ≈ %d", moved, want)
	}
	return in.Assignment()
}
