package chunks

import (
	"encoding/hex"
	"fmt"
	"math"
	"math/rand"
	"sort"

	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
	"github.com/consensys/gnark/frontend"
)

// Instance is a chunk statement's JSON witness: it checks itself (Prepare), then gives the
// circuit assignment and the public inputs in circuit order.
type Instance interface {
	KeyID() string
	Prepare() error
	Assignment() frontend.Circuit
	Public() []fr.Element
}

func randRaw(rng *rand.Rand, n int, scale float64) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = int64(rng.NormFloat64() * scale * 65536)
	}
	return out
}

// SampleBind is the bind value of the demo and benchmark instances.
func SampleBind() string {
	b := Bind("lethe-demo", "request-1", "model-1", 1)
	x := b.Bytes()
	return hex.EncodeToString(x[:])
}

// Sample returns a prepared demo/benchmark instance of a chunk kind (full chunk, index 1).
func Sample(keyID string, seed int64) (Instance, error) {
	rng := rand.New(rand.NewSource(seed))
	t := Target{Index: 1, Bind: SampleBind()}
	switch keyID {
	case KeyID(KindDelta):
		w, d := randRaw(rng, Weights, 0.2), randRaw(rng, Weights, 0.01)
		in := &DeltaInstance{Target: t, W: w, WNew: make([]int64, Weights)}
		for i := range w {
			in.WNew[i] = w[i] + d[i]
		}
		return in, in.Prepare()
	case KeyID(KindCascade):
		in := &CascadeInstance{Target: t, W: randRaw(rng, Weights, 0.2)}
		for s := 0; s < Starts; s++ {
			in.Starts = append(in.Starts, CascadeStart{K: int64(rng.Intn(1 << 16)), Delta: randRaw(rng, Weights, 0.01)})
		}
		return in, in.Prepare()
	case KeyID(KindObs):
		in := RandomObs(rng, 1, Weights, MaxRemoved, 4)
		in.Bind = t.Bind
		return in, in.Prepare()
	}
	return nil, fmt.Errorf("no sample for %q", keyID)
}

// RandomObs draws a Group-OBS update of one chunk: per Fisher block a random well-conditioned
// symmetric H (identity on padding positions), `perBlock` removed weights in every `every`-th
// block (0 elsewhere), one frozen weight in each touched block, C = H⁻¹[:,P] and z solving
// C[P,:]·z = W[P] on the quantised C. W′ is left to Prepare.
func RandomObs(rng *rand.Rand, idx uint64, count, perBlock, every int) *ObsInstance {
	in := &ObsInstance{Target: Target{Index: idx, Bind: SampleBind()}, W: randRaw(rng, count, 0.2)}
	blocks := (count + FisherBlock - 1) / FisherBlock
	fx := func(x float64) int64 { return int64(math.Round(x * 65536)) }
	fl := func(r int64) float64 { return float64(r) / 65536 }
	for b := 0; b < blocks; b++ {
		real := min(FisherBlock, count-b*FisherBlock)
		// H = I + 0.05·A·Aᵀ on the real rows, identity on padding rows
		a := make([][]float64, FisherBlock)
		for r := range a {
			a[r] = make([]float64, FisherBlock)
			for k := range a[r] {
				if r < real && k < real {
					a[r][k] = rng.NormFloat64()
				}
			}
		}
		h := make([][]float64, FisherBlock)
		hq := make([]int64, FisherEntries)
		for r := range h {
			h[r] = make([]float64, FisherBlock)
		}
		for r := 0; r < FisherBlock; r++ {
			for k := r; k < FisherBlock; k++ {
				v := 0.0
				for m := 0; m < FisherBlock; m++ {
					v += a[r][m] * a[k][m]
				}
				v *= 0.05 / FisherBlock
				if r == k {
					v += 1
				}
				hq[upper(r, k)] = fx(v)
				h[r][k], h[k][r] = fl(hq[upper(r, k)]), fl(hq[upper(r, k)])
			}
		}
		in.Fisher = append(in.Fisher, hq)
		c := make([]int64, FisherBlock*MaxRemoved)
		z := make([]int64, MaxRemoved)
		if perBlock > 0 && b%every == 0 {
			pos := rng.Perm(real)
			removed := append([]int(nil), pos[:min(perBlock, real)]...)
			sort.Ints(removed)
			if real > perBlock {
				in.Frozen = append(in.Frozen, b*FisherBlock+pos[perBlock])
			}
			hinv := invert(h)
			cq := make([][]float64, FisherBlock)
			for r := range cq {
				cq[r] = make([]float64, len(removed))
				for j, t := range removed {
					c[r*MaxRemoved+j] = fx(hinv[r][t])
					cq[r][j] = fl(c[r*MaxRemoved+j])
				}
			}
			m := make([][]float64, len(removed))
			rhs := make([]float64, len(removed))
			for j, t := range removed {
				m[j] = append([]float64(nil), cq[t]...)
				rhs[j] = fl(in.W[b*FisherBlock+t])
				in.Removed = append(in.Removed, b*FisherBlock+t)
			}
			for j, v := range solve(m, rhs) {
				z[j] = fx(v)
			}
		}
		in.C = append(in.C, c)
		in.Z = append(in.Z, z)
	}
	return in
}

// invert is Gauss-Jordan elimination with partial pivoting (small symmetric positive matrices).
func invert(h [][]float64) [][]float64 {
	n := len(h)
	a := make([][]float64, n)
	for r := range a {
		a[r] = make([]float64, 2*n)
		copy(a[r], h[r])
		a[r][n+r] = 1
	}
	for c := 0; c < n; c++ {
		piv := c
		for r := c + 1; r < n; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[piv][c]) {
				piv = r
			}
		}
		a[c], a[piv] = a[piv], a[c]
		f := a[c][c]
		for k := range a[c] {
			a[c][k] /= f
		}
		for r := 0; r < n; r++ {
			if r != c && a[r][c] != 0 {
				g := a[r][c]
				for k := range a[r] {
					a[r][k] -= g * a[c][k]
				}
			}
		}
	}
	out := make([][]float64, n)
	for r := range out {
		out[r] = a[r][n:]
	}
	return out
}

func solve(a [][]float64, b []float64) []float64 {
	inv := invert(a)
	x := make([]float64, len(b))
	for r := range x {
		for k := range b {
			x[r] += inv[r][k] * b[k]
		}
	}
	return x
}
