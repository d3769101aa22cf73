package gkrhash

import (
	"bufio"
	"fmt"
	"math/big"
	"math/rand"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
	p2 "github.com/consensys/gnark/std/permutation/poseidon2"

	"lethe.io/prover-native/zkdigest"
)

// costCircuit applies N independent permutations to private inputs and exposes
// the sum of all output lanes as the single public input (free linear
// combination), so the constraint count is the hashing itself.
type costCircuit struct {
	Ins  [][3]frontend.Variable
	Sum  frontend.Variable `gnark:",public"`
	gkr  bool
	hash string
	cp   int
	gp   **Permutations // records the batch for its statistics
}

func (c *costCircuit) Define(api frontend.API) error {
	sum := frontend.Variable(0)
	if c.gkr {
		p := NewWithOptions(api, c.hash, c.cp)
		if c.gp != nil {
			*c.gp = p
		}
		for _, in := range c.Ins {
			o := p.Permute(in[0], in[1], in[2])
			sum = api.Add(sum, o[0], o[1], o[2])
		}
	} else {
		perm, err := p2.NewPoseidon2FromParameters(api, zkdigest.Width, zkdigest.FullRounds, zkdigest.PartialRounds)
		if err != nil {
			return err
		}
		for _, in := range c.Ins {
			s := []frontend.Variable{in[0], in[1], in[2]}
			if err := perm.Permutation(s); err != nil {
				return err
			}
			sum = api.Add(sum, s[0], s[1], s[2])
		}
	}
	api.AssertIsEqual(sum, c.Sum)
	return nil
}

func costAssignment(n int) *costCircuit {
	rng := rand.New(rand.NewSource(int64(n)))
	a := &costCircuit{Ins: make([][3]frontend.Variable, n)}
	var sum fr.Element
	for k := 0; k < n; k++ {
		var s [3]fr.Element
		for i := range s {
			s[i].SetBigInt(new(big.Int).Rand(rng, fr.Modulus()))
			a.Ins[k][i] = s[i]
		}
		zkdigest.Permute(&s)
		sum.Add(&sum, &s[0]).Add(&sum, &s[1]).Add(&sum, &s[2])
	}
	a.Sum = sum
	return a
}

func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	tv := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
	return tv(ru.Utime) + tv(ru.Stime)
}

// resetPeakRSS resets VmHWM (Linux: echo 5 > /proc/self/clear_refs).
func resetPeakRSS() bool {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

func statusKB(field string) int {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, field+":") {
			v, _ := strconv.Atoi(strings.Fields(line[len(field)+1:])[0])
			return v
		}
	}
	return -1
}

type costRow struct {
	n, constraints, commitments, instances, wires int
	compile, setup, proveWall                     time.Duration
	proveCPU                                      float64
	peakMiB                                       float64
}

// realSetup: LETHE_GKR_SETUP=real runs groth16.Setup and verifies each proof;
// by default groth16.DummySetup (random proving key, same proving work, as
// lethe-prover bench --dummy-setup) keeps minutes of setup out of the run.
var realSetup = os.Getenv("LETHE_GKR_SETUP") == "real"

func measure(t *testing.T, n int, useGKR bool, hash string, cp int, prove bool) costRow {
	t.Helper()
	row := costRow{n: n}
	var gp *Permutations
	circuit := &costCircuit{Ins: make([][3]frontend.Variable, n), gkr: useGKR, hash: hash, cp: cp, gp: &gp}
	start := time.Now()
	ccs, err := frontend.Compile(ecc.BLS12_381.ScalarField(), r1cs.NewBuilder, circuit)
	if err != nil {
		t.Fatal(err)
	}
	row.compile = time.Since(start)
	row.constraints = ccs.GetNbConstraints()
	row.commitments = len(ccs.GetCommitments().CommitmentIndexes())
	if gp != nil {
		row.instances, row.wires = gp.NbInstances, gp.NbWires
	}
	if !prove {
		return row
	}
	start = time.Now()
	var (
		pk groth16.ProvingKey
		vk groth16.VerifyingKey
	)
	if realSetup {
		pk, vk, err = groth16.Setup(ccs)
	} else {
		pk, err = groth16.DummySetup(ccs)
	}
	if err != nil {
		t.Fatal(err)
	}
	row.setup = time.Since(start)
	assignment := costAssignment(n)
	wit, err := frontend.NewWitness(assignment, ecc.BLS12_381.ScalarField())
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	debug.FreeOSMemory()
	resetPeakRSS()
	cpu0, wall0 := cpuSeconds(), time.Now()
	proof, err := groth16.Prove(ccs, pk, wit)
	row.proveWall, row.proveCPU = time.Since(wall0), cpuSeconds()-cpu0
	row.peakMiB = float64(statusKB("VmHWM")) / 1024
	if err != nil {
		t.Fatal(err)
	}
	if realSetup {
		pub, err := wit.Public()
		if err != nil {
			t.Fatal(err)
		}
		if err := groth16.Verify(proof, vk, pub); err != nil {
			t.Fatalf("proof does not verify: %v", err)
		}
	}
	return row
}

// TestGkrCost compares plain in-circuit Poseidon2 with the GKR batch.
//
//	LETHE_GKR_BENCH=1 nice go test ./gkrhash -run TestGkrCost -v -timeout 30m
//
// LETHE_GKR_NS (default "111,666,6660") picks the batch sizes,
// LETHE_GKR_PROVE=0 only compiles (constraint counts), LETHE_GKR_VARIANTS=default
// drops the MiMC / one-wire-per-lane GKR variant, LETHE_GKR_VARIANTS=cp=4,8,16
// sweeps the checkpoint of the Poseidon2-transcript GKR variant.
func TestGkrCost(t *testing.T) {
	if os.Getenv("LETHE_GKR_BENCH") != "1" {
		t.Skip("set LETHE_GKR_BENCH=1")
	}
	ns := []int{111, 666, 6660}
	if s := os.Getenv("LETHE_GKR_NS"); s != "" {
		ns = nil
		for _, f := range strings.Split(s, ",") {
			v, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil {
				t.Fatal(err)
			}
			ns = append(ns, v)
		}
	}
	prove := os.Getenv("LETHE_GKR_PROVE") != "0"
	type variant struct {
		gkr  bool
		hash string
		cp   int
	}
	// plain; GKR as gnark's gkr-poseidon2 would lay it out (a wire per lane
	// per round, MiMC transcript); GKR with this package's defaults.
	variants := []variant{{false, "", 0}, {true, HashMiMC, 2}, {true, HashPoseidon2, DefaultCheckpoint}}
	switch v := os.Getenv("LETHE_GKR_VARIANTS"); {
	case v == "default":
		variants = []variant{{false, "", 0}, {true, HashPoseidon2, DefaultCheckpoint}}
	case strings.HasPrefix(v, "cp="): // checkpoint sweep, GKR only: cp=4,8,16
		variants = nil
		for _, f := range strings.Split(v[3:], ",") {
			cp, err := strconv.Atoi(f)
			if err != nil {
				t.Fatal(err)
			}
			variants = append(variants, variant{true, HashPoseidon2, cp})
		}
	}
	t.Logf("GOMAXPROCS=%d, prove=%v, real setup=%v", runtime.GOMAXPROCS(0), prove, realSetup)
	header := "| N | circuit | R1CS constraints | per perm | BSB22 commitments | compile | setup (excluded; dummy unless LETHE_GKR_SETUP=real) | prove CPU (user+sys) | prove wall | peak RSS in prove |"
	var lines []string
	for _, n := range ns {
		for _, v := range variants {
			r := measure(t, n, v.gkr, v.hash, v.cp, prove)
			name := "plain std/permutation/poseidon2"
			if v.gkr {
				name = fmt.Sprintf("GKR %d inst, %d wires, FS %s, cp %d", r.instances, r.wires, v.hash, v.cp)
			}
			line := fmt.Sprintf("| %d | %s | %d | %.0f | %d | %.1f s | %.1f s | %.1f s | %.1f s | %.0f MiB |",
				n, name, r.constraints, float64(r.constraints)/float64(n), r.commitments,
				r.compile.Seconds(), r.setup.Seconds(), r.proveCPU, r.proveWall.Seconds(), r.peakMiB)
			t.Log(line)
			lines = append(lines, line)
			runtime.GC()
			debug.FreeOSMemory()
		}
	}
	fmt.Println(header)
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|")
	for _, l := range lines {
		fmt.Println(l)
	}
}
