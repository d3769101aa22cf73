package chunks

import (
	"math"
	"math/rand"
	"os"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/test"
)

// worstRatioMove: for a real H (16×16) and one removed weight p, the largest
// |(h_r·u)/(h_p·u) − h_rp/h_pp| over victims r ≠ p and perturbations u = e_p + e, |e_k| ≤ tau
// (Dinkelbach on the ratio of affine functions; both directions). Times |W_p| it is the
// move of free weight r off the honest update that H·C = E_P ± tau buys (ε aside).
func worstRatioMove(hinv [][]float64, p int, tau float64) (float64, int) {
	best, bestR := 0.0, -1
	b := hinv[p]
	for r := 0; r < FisherBlock; r++ {
		if r == p {
			continue
		}
		a := hinv[r]
		rho := a[p] / b[p]
		for _, dir := range []float64{1, -1} {
			t := rho
			for it := 0; it < 50; it++ {
				num, den := a[p], b[p]
				for k := 0; k < FisherBlock; k++ {
					s := tau
					if dir*(a[k]-t*b[k]) < 0 {
						s = -tau
					}
					num += a[k] * s
					den += b[k] * s
				}
				nt := num / den
				if math.Abs(nt-t) < 1e-15 {
					break
				}
				t = nt
			}
			if m := math.Abs(t - rho); m > best {
				best, bestR = m, r
			}
		}
	}
	return best, bestR
}

// ledgerShaped: H = c·I + L·Lᵀ with c = ‖L‖²_F/(limit/slack − 16): every eigenvalue ≥ c =
// slack·trace/limit, limit the ledger's (ledgerConditionLimit).
func ledgerShaped(l [][]float64, slack float64) [][]float64 {
	return ledgerShapedAt(l, slack, ledgerConditionLimit)
}

func ledgerShapedAt(l [][]float64, slack, limit float64) [][]float64 {
	n2 := 0.0
	for _, row := range l {
		for _, x := range row {
			n2 += x * x
		}
	}
	c := n2 / (limit/slack - 16)
	h := make([][]float64, FisherBlock)
	for r := range h {
		h[r] = make([]float64, FisherBlock)
		for k := range h[r] {
			for m := range l[r] {
				h[r][k] += l[r][m] * l[k][m]
			}
		}
		h[r][r] += c
	}
	// scale to mean diagonal 1
	tr := 0.0
	for r := range h {
		tr += h[r][r]
	}
	for r := range h {
		for k := range h[r] {
			h[r][k] *= 16 / tr
		}
	}
	return h
}

// hillClimb: a deterministic random-perturbation climb over L (FisherBlock × cols, drawn from rng)
// maximising score; the step (0.3) halves every `every` iterations. Returns the best L and score.
func hillClimb(rng *rand.Rand, cols, iters, every int, score func([][]float64) float64) ([][]float64, float64) {
	l := make([][]float64, FisherBlock)
	for r := range l {
		l[r] = make([]float64, cols)
		for m := range l[r] {
			l[r][m] = rng.NormFloat64()
		}
	}
	cur, step := score(l), 0.3
	for it := 0; it < iters; it++ {
		cand := make([][]float64, FisherBlock)
		for r := range l {
			cand[r] = append([]float64(nil), l[r]...)
		}
		for n := 0; n < 1+rng.Intn(3); n++ {
			cand[rng.Intn(FisherBlock)][rng.Intn(cols)] += step * rng.NormFloat64()
		}
		if s := score(cand); s > cur {
			cur, l = s, cand
		}
		if it%every == every-1 {
			step /= 2
		}
	}
	return l, cur
}

// climbLedgerFisher: a deterministic hill climb over H with every eigenvalue ≥ 1.01·trace/limit
// (H = c·I + L·Lᵀ, mean diagonal 1) for the largest exact play a client gets on free weights with
// one removed weight at p = 0 (worstRatioMove); returns H as raws and the victim.
func climbLedgerFisher(seed int64, cols, iters int, limit float64) ([]int64, int, float64) {
	rng := rand.New(rand.NewSource(seed))
	tau := math.Ldexp(1, -11)
	score := func(l [][]float64) float64 {
		v, _ := worstRatioMove(invert(ledgerShapedAt(l, 1.01, limit)), 0, tau)
		return v
	}
	l, cur := hillClimb(rng, cols, iters, iters/3, score)
	h := ledgerShapedAt(l, 1.01, limit)
	_, victim := worstRatioMove(invert(h), 0, tau)
	hq := make([]int64, FisherEntries)
	for r := 0; r < FisherBlock; r++ {
		for k := r; k < FisherBlock; k++ {
			hq[upper(r, k)] = int64(math.Round(h[r][k] * 65536))
		}
	}
	return hq, victim, cur
}

// requireLedgerAccepts fails t unless RecordMask would accept h (condition and trace window);
// returns its trace in raws. REDTEAM_PRINT=1 logs h.
func requireLedgerAccepts(t *testing.T, h []int64) int64 {
	t.Helper()
	if os.Getenv("REDTEAM_PRINT") != "" {
		t.Logf("H raws: %v", h)
	}
	if !ledgerAccepts(h) {
		t.Fatal("the ledger would refuse this H")
	}
	trace := int64(0)
	for r := 0; r < FisherBlock; r++ {
		trace += h[upper(r, r)]
	}
	if trace < 14<<16 || trace > 18<<16 {
		t.Fatalf("trace %d outside the ledger's window", trace)
	}
	return trace
}

// TestRedTeamLedgerFisherPlay (red team "redfisher", finding 1, fixed by the tighter limit): under
// the former rule (every eigenvalue > trace/64) a hill climb found a ledger-accepted H for which a
// Prepare- and circuit-accepted malicious witness moved a free weight ≈ 0.046·|W_p| off the honest
// update (≈ 6.6× the 0.0070 measured for provider-shaped H). That H is now refused
// (ObsFisher.CONDITION_LIMIT = 33; Java twin RedTeamObsFisherTest), and the same climb over what the
// ledger accepts now finds ≈ 0.015·|W_p|: the bound the README states, checked here with a forgery.
func TestRedTeamLedgerFisherPlay(t *testing.T) {
	former, _, _ := climbLedgerFisher(1, 2, 6000, 64)
	if ledgerAccepts(former) {
		t.Fatal("the former limit's worst H is still accepted")
	}
	h, victim, exact := climbLedgerFisher(1, 2, 6000, ledgerConditionLimit)
	trace := requireLedgerAccepts(t, h)
	hinv := invert(realFisher(h))
	rho := math.Abs(hinv[victim][0] / hinv[0][0])
	slack := rho * math.Ldexp(1, CompensationBits-32) // the ε term, |C_r/C_p|·ε
	rng := rand.New(rand.NewSource(5))
	worst := 0.0
	for trial := 0; trial < 8; trial++ {
		honest, forged := toleranceForgery(t, rng, h, []int{0}, victim)
		wp := math.Abs(float64(honest.W[0]) / 65536)
		moved := math.Abs(float64(forged.WNew[victim]-honest.WNew[victim])) / 65536
		worst = math.Max(worst, (moved-slack)/wp)
	}
	t.Logf("ledger-accepted H (trace %.3f): exact first-order play %.4f·|W_p|; a Prepare-accepted forgery moved weight %d by %.4f·|W_p| + %.5f (|C_r/C_p| = %.2f)",
		float64(trace)/65536, exact, victim, worst, slack, rho)
	if exact > 0.02 || worst > 0.02 {
		t.Fatalf("play %.4f / %.4f·|W_p| past the README's 0.02·|W_p| for H the ledger accepts", exact, worst)
	}
	if worst < 0.005 {
		t.Fatalf("the forgery moved only %.4f·|W_p| (search or forgery broken?)", worst)
	}
}

// TestRedTeamLargeRemovedWeightUnprovable (red team "redfisher", finding 2, liveness, documented):
// z = C_PP⁻¹·W_P is range-checked like a weight (|raw| < 2^40), but |z| reaches λmax(H)·|W_p|, and
// RecordMask never sees W. The ledger bounds λmax(H) ≤ trace − 15·trace/33 ≤ 9.8 (trace ≤ 18,
// every eigenvalue > trace/33): H = diag(9.73, 0.551, …, 0.551) is accepted, and a removed weight of
// 2^37 raws (≈ 2.1·10^6 real, inside the zkDigest range 2^40) then leaves the honest client no
// witness (z ≈ 9.7·2^37 raws > 2^40); the same W under H = I proves. So removed weights above
// 2^40/9.8 ≈ 2^36.7 raws (≈ 1.7·10^6) can be made unprovable by the provider's choice of H; real
// models' weights are many orders of magnitude smaller (prover-native README, known gaps).
func TestRedTeamLargeRemovedWeightUnprovable(t *testing.T) {
	h := make([]int64, FisherEntries)
	for r := 0; r < FisherBlock; r++ {
		h[upper(r, r)] = 36110
	}
	h[upper(0, 0)] = 18<<16 - 15*36110
	if !ledgerAccepts(h) {
		t.Fatal("the ledger would refuse this H")
	}
	w := randRaw(rand.New(rand.NewSource(3)), FisherBlock, 0.2)
	w[0] = 1 << 37
	if _, err := honestBlock(h, w, []int{0}); err == nil {
		t.Fatal("expected the honest witness to be refused (z out of range)")
	} else {
		t.Logf("ledger-accepted H, W_p = 2^37 raws: honest witness refused: %v", err)
	}
	id := make([]int64, FisherEntries)
	for r := 0; r < FisherBlock; r++ {
		id[upper(r, r)] = 1 << 16
	}
	if _, err := honestBlock(id, w, []int{0}); err != nil {
		t.Fatalf("with H = I the same weights should prove: %v", err)
	}
}

// TestRedTeamLedgerFisherPlaySolves: the finding-1 forgery (under today's limit) satisfies
// ObsCircuit itself (gnark's test engine, ≈ 1 s), not only Prepare.
func TestRedTeamLedgerFisherPlaySolves(t *testing.T) {
	h, victim, _ := climbLedgerFisher(1, 2, 6000, ledgerConditionLimit)
	honest, forged := toleranceForgery(t, rand.New(rand.NewSource(5)), h, []int{0}, victim)
	if forged.WNew[victim] == honest.WNew[victim] {
		t.Fatal("the forgery does not move the victim")
	}
	t.Logf("victim %d: honest W′ %d, forged W′ %d raws (W_0 = %d raws)", victim, honest.WNew[victim], forged.WNew[victim], honest.W[0])
	if err := test.IsSolved(&ObsCircuit{}, forged.Assignment(), ecc.BLS12_381.ScalarField()); err != nil {
		t.Fatalf("the circuit refuses the forgery: %v", err)
	}
}

// betaL1: the ε coefficient with two removed weights p, q: max over free r of ‖h_rP·h_PP⁻¹‖₁
// (h = H⁻¹): ε = C[P,:]·z − W[P] (|ε_j| < 2^-11) moves weight r by h_rP·h_PP⁻¹·ε.
func betaL1(hinv [][]float64, p, q int) float64 {
	a, b, c, d := hinv[p][p], hinv[p][q], hinv[q][p], hinv[q][q]
	det := a*d - b*c
	best := 0.0
	for r := 0; r < FisherBlock; r++ {
		if r == p || r == q {
			continue
		}
		x, y := hinv[r][p], hinv[r][q]
		best = math.Max(best, math.Abs((x*d-y*c)/det)+math.Abs((-x*b+y*a)/det))
	}
	return best
}

// TestRedTeamFixedTermCoefficient (red team "redfisher", an attack that failed): with two
// removed weights the ε term is ‖h_rP·h_PP⁻¹‖₁·2^-11, which the worst-case algebra bounds only by
// √(2κ)·2^-11 (≈ 9.9 at the former limit, λmin > trace/64; ≈ 8.1 today, trace/33). A hill
// climb over ledger-accepted H found at most ≈ 4.85 under the former limit and ≈ 2.8 today (the
// trace constraint keeps h_rr and 1/λmin(h_PP) from both being large), so W_P = 0 cannot be used
// to beat 2^-8.
func TestRedTeamFixedTermCoefficient(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	const cols = 2
	score := func(l [][]float64) float64 { return betaL1(invert(ledgerShaped(l, 1.001)), 0, 1) }
	_, cur := hillClimb(rng, cols, 6000, 2000, score)
	t.Logf("largest ε coefficient ‖h_rP·h_PP⁻¹‖₁ over the climb: %.3f (README's fixed term allows 8)", cur)
	if cur >= 8 {
		t.Fatalf("ε coefficient %.3f ≥ 8: with W_P = 0 a free weight moves past the README's 2^-8", cur)
	}
	if cur < 2 {
		t.Fatalf("the climb found only %.3f (search broken?)", cur)
	}
}

// firstOrderTwo: τ·Σ_j |z_j|·‖h_r − β·h_P‖₁ maximised over free r and W_P ∈ {(1,1),(1,−1)}.
func firstOrderTwo(hinv [][]float64, p, q int, tau float64) (float64, int, int) {
	a, b, c, d := hinv[p][p], hinv[p][q], hinv[q][p], hinv[q][q]
	det := a*d - b*c
	best, br, bw := 0.0, -1, -1
	for wi, wp := range [][2]float64{{1, 1}, {1, -1}} {
		z0 := (d*wp[0] - b*wp[1]) / det
		z1 := (-c*wp[0] + a*wp[1]) / det
		for r := 0; r < FisherBlock; r++ {
			if r == p || r == q {
				continue
			}
			x, y := hinv[r][p], hinv[r][q]
			b0, b1 := (x*d-y*c)/det, (-x*b+y*a)/det
			l1 := 0.0
			for k := 0; k < FisherBlock; k++ {
				l1 += math.Abs(hinv[r][k] - b0*hinv[p][k] - b1*hinv[q][k])
			}
			if v := tau * (math.Abs(z0) + math.Abs(z1)) * l1; v > best {
				best, br, bw = v, r, wi
			}
		}
	}
	return best, br, bw
}

// climbTwoRemoved: a deterministic hill climb over H (as climbLedgerFisher, eigenvalues ≥ 1.01·trace/limit) for
// the largest first-order play with two removed weights 0 and 1 (firstOrderTwo); returns H as
// raws, the victim and the sign of W_1 relative to W_0 that reaches it.
func climbTwoRemoved(seed int64, cols, iters int, limit float64) ([]int64, int, int64, float64) {
	rng := rand.New(rand.NewSource(seed))
	tau := math.Ldexp(1, -11)
	score := func(l [][]float64) float64 {
		v, _, _ := firstOrderTwo(invert(ledgerShapedAt(l, 1.01, limit)), 0, 1, tau)
		return v
	}
	l, cur := hillClimb(rng, cols, iters, iters/4, score)
	h := ledgerShapedAt(l, 1.01, limit)
	_, victim, wi := firstOrderTwo(invert(h), 0, 1, tau)
	hq := make([]int64, FisherEntries)
	for r := 0; r < FisherBlock; r++ {
		for k := r; k < FisherBlock; k++ {
			hq[upper(r, k)] = int64(math.Round(h[r][k] * 65536))
		}
	}
	return hq, victim, []int64{1, -1}[wi], cur
}

// TestRedTeamTwoRemovedPlay (red team "redfisher", finding 3, fixed by the tighter limit): with
// two removed weights p, q in a block the client's play is τ·(|z_p| + |z_q|)·‖h_r − β·h_P‖₁, and
// |z_p| + |z_q| reaches ≈ 2·λmax·max|W_P| when H couples p and q strongly (H_pq ≈ ±H_pp,
// W_q = ±W_p). Under the former limit (trace/64) a ledger-accepted H (H_pp ≈ H_qq ≈ 5.7,
// H_pq ≈ 5.4) let a Prepare- and circuit-accepted witness move a free weight ≈ 0.09·max|W_P|; that
// H is now refused, and the climb over what the ledger accepts finds ≈ 0.03·max|W_P|, checked
// here with a forgery the circuit accepts.
func TestRedTeamTwoRemovedPlay(t *testing.T) {
	former, _, _, _ := climbTwoRemoved(2, 2, 20000, 64)
	if ledgerAccepts(former) {
		t.Fatal("the former limit's worst H is still accepted")
	}
	h, victim, sign, exact := climbTwoRemoved(2, 2, 20000, ledgerConditionLimit)
	requireLedgerAccepts(t, h)
	hinv := invert(realFisher(h))
	slack := betaL1(hinv, 0, 1) * math.Ldexp(1, CompensationBits-32)
	rng := rand.New(rand.NewSource(8))
	w := randRaw(rng, FisherBlock, 0.2)
	w[0], w[1] = 1<<15, sign<<15 // W_P = (0.5, ±0.5)
	honest, forged := toleranceForgeryW(t, h, w, []int{0, 1}, victim)
	moved := math.Abs(float64(forged.WNew[victim]-honest.WNew[victim])) / 65536
	play := (moved - slack) / 0.5
	t.Logf("ledger-accepted H (H00 %.3f, H11 %.3f, H01 %.3f): first-order play %.4f·max|W_P|; forgery moved weight %d by %.5f = %.4f·max|W_P| + %.5f",
		float64(h[upper(0, 0)])/65536, float64(h[upper(1, 1)])/65536, float64(h[upper(0, 1)])/65536, exact, victim, moved, play, slack)
	if exact > 0.04 || play > 0.04 {
		t.Fatalf("play %.4f / %.4f·max|W_P| past the README's 0.04·max|W_P| for H the ledger accepts", exact, play)
	}
	if play < 0.01 {
		t.Fatalf("the forgery moved only %.4f·max|W_P| (search or forgery broken?)", play)
	}
	if err := test.IsSolved(&ObsCircuit{}, forged.Assignment(), ecc.BLS12_381.ScalarField()); err != nil {
		t.Fatalf("the circuit refuses the forgery: %v", err)
	}
}

// TestRedTeamExploreConditionLimits (REDTEAM_EXPLORE=1, ≈ 10 s): the worst first-order play over
// H with every eigenvalue above trace/limit, for the fix's trade-off. Measured: limit 64 (the
// former rule) 0.047·|W_p| one removed, 0.091·max|W_P| two; 48: 0.030, 0.059; 40: 0.022, 0.043;
// 33 (today): 0.015, 0.029 (the provider's own H has every eigenvalue ≥ trace/32, so 33 accepts it).
func TestRedTeamExploreConditionLimits(t *testing.T) {
	if os.Getenv("REDTEAM_EXPLORE") == "" {
		t.Skip("exploration only")
	}
	tau := math.Ldexp(1, -11)
	for _, limit := range []float64{64, 48, 40, 33} {
		slack := ledgerConditionLimit / limit * 1.01
		var best [2]float64
		for seed := int64(1); seed <= 2; seed++ {
			for two := 0; two < 2; two++ {
				rng := rand.New(rand.NewSource(seed))
				cols := 2 + int(seed)
				score := func(l [][]float64) float64 {
					hinv := invert(ledgerShaped(l, slack))
					if two == 1 {
						v, _, _ := firstOrderTwo(hinv, 0, 1, tau)
						return v
					}
					v, _ := worstRatioMove(hinv, 0, tau)
					return v
				}
				_, cur := hillClimb(rng, cols, 12000, 3000, score)
				best[two] = math.Max(best[two], cur)
			}
		}
		t.Logf("eigenvalues > trace/%.1f: one removed %.4f·|W_p|, two removed %.4f·max|W_P|", limit/1.01, best[0], best[1])
	}
}
