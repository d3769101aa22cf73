// Command lethe-prover is the prover sidecar and its tools:
//
//	lethe-prover serve --addr 127.0.0.1:7055 --keys DIR [--insecure-dev-setup]
//	lethe-prover ceremony init|contribute|verify|seal --dir DIR ...
//	lethe-prover setup --insecure-dev-setup --key-id ID --keys DIR
//	lethe-prover bench --params 10000,100000 --block 64,128 --pruned 2
//	lethe-prover bench --chunk delta|cascade|obs [--backend groth16|plonk] [--chunks N] [--json]
//	lethe-prover prove --keys DIR --key-id chunk-delta --witness FILE --out DIR
package main

import (
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/logger"
	"google.golang.org/grpc"

	"lethe.io/prover-native/ceremony"
	"lethe.io/prover-native/chunks"
	"lethe.io/prover-native/circuits"
	"lethe.io/prover-native/engine"
	pb "lethe.io/prover-native/gen/lethev1"
	"lethe.io/prover-native/server"
)

func usage() {
	fmt.Fprintln(os.Stderr, `usage: lethe-prover <command> [flags]
  serve       run the gRPC prover sidecar (127.0.0.1 only)
  ceremony    init|contribute|verify|seal — multi-party Groth16 setup of one circuit shape
  setup       single-party key generation (requires --insecure-dev-setup)
  prove       one proof with installed keys, without a sidecar (proof.bin, public.json)
  check       --key-id KEY --instance FILE: solve a JSON witness against the circuit's
              constraints (no keys, no proof); exit 1 with the reason when it fails
  bench       constraints, witness/prove time, proof size for OBS instances
              (--chunk delta|cascade|obs: universal chunk proofs; --backend groth16|plonk,
              --chunks N distinct chunks under one setup, --json for JSON)`)
	os.Exit(2)
}

func fail(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "lethe-prover: "+format+"\n", a...)
	os.Exit(1)
}

func main() {
	log.SetFlags(log.LstdFlags | log.LUTC)
	logger.Disable() // gnark logs to stdout otherwise; stdout carries JSON and the listen line
	if len(os.Args) < 2 {
		usage()
	}
	switch os.Args[1] {
	case "serve":
		serve(os.Args[2:])
	case "ceremony":
		runCeremony(os.Args[2:])
	case "setup":
		devSetup(os.Args[2:])
	case "bench":
		bench(os.Args[2:])
	case "prove":
		prove(os.Args[2:])
	case "check":
		check(os.Args[2:])
	default:
		usage()
	}
}

func defaultKeys() string {
	if d := os.Getenv("LETHE_PROVER_KEYS"); d != "" {
		return d
	}
	return ".lethe/prover-keys"
}

func serve(args []string) {
	fs := flag.NewFlagSet("serve", flag.ExitOnError)
	addr := fs.String("addr", "127.0.0.1:7055", "listen address (loopback only; port 0 picks a free port)")
	keys := fs.String("keys", defaultKeys(), "key directory")
	dev := fs.Bool("insecure-dev-setup", false, "create missing keys with an INSECURE single-party setup")
	withParent := fs.Bool("exit-on-stdin-eof", false, "stop when stdin closes (a parent that starts the sidecar and dies, even by SIGKILL, takes it along)")
	fs.Parse(args)
	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		fail("bad --addr: %v", err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		fail("refusing to listen on %s: the sidecar listens on loopback only", host)
	}
	lis, err := net.Listen("tcp", *addr)
	if err != nil {
		fail("listen: %v", err)
	}
	gs := grpc.NewServer(grpc.MaxRecvMsgSize(server.MaxWitnessBytes+(1<<20)), grpc.MaxSendMsgSize(64<<20))
	pb.RegisterProverServer(gs, &server.Server{Store: engine.NewStore(*keys), DevSetup: *dev})
	// parsed by the Java client when it starts a local sidecar
	fmt.Printf("lethe-prover listening on %s\n", lis.Addr())
	os.Stdout.Sync()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	go func() { <-sig; gs.Stop() }()
	if *withParent {
		go func() {
			io.Copy(io.Discard, os.Stdin)
			log.Printf("lethe-prover: stdin closed (the parent is gone); stopping")
			gs.Stop()
		}()
	}
	if err := gs.Serve(lis); err != nil {
		fail("serve: %v", err)
	}
}

func printJSON(v any) {
	b, _ := json.MarshalIndent(v, "", "  ")
	fmt.Println(string(b))
}

func runCeremony(args []string) {
	if len(args) < 1 {
		fail("ceremony init|contribute|verify|seal")
	}
	fs := flag.NewFlagSet("ceremony", flag.ExitOnError)
	dir := fs.String("dir", "", "ceremony directory (shared transcript)")
	keyID := fs.String("key-id", "", "circuit: chunk-delta, chunk-cascade, chunk-obs, or a per-shape id like cascade-n1000 (init)")
	phase1 := fs.String("phase1", "", "init: reuse the sealed phase 1 of the ceremony in this directory (domain ≥ this circuit's; one powers of tau for every chunk kind) and open phase 2 directly")
	name := fs.String("name", "", "contributor name (contribute)")
	beacon := fs.String("beacon", "", "public random beacon value, e.g. a drand round's randomness (seal)")
	keys := fs.String("keys", defaultKeys(), "key directory that receives the sealed keys (seal)")
	fs.Parse(args[1:])
	if *dir == "" {
		fail("--dir is required")
	}
	switch args[0] {
	case "init":
		s, err := ceremony.InitFrom(*dir, *keyID, *phase1)
		if err != nil {
			fail("%v", err)
		}
		printJSON(s)
	case "contribute":
		if *name == "" {
			fail("--name is required")
		}
		t := time.Now()
		c, err := ceremony.Contribute(*dir, *name)
		if err != nil {
			fail("%v", err)
		}
		printJSON(map[string]any{"contribution": c, "millis": time.Since(t).Milliseconds()})
	case "verify":
		s, err := ceremony.Verify(*dir)
		if err != nil {
			fail("transcript INVALID: %v", err)
		}
		printJSON(map[string]any{"valid": true, "state": s})
	case "seal":
		if *beacon == "" {
			fail("--beacon is required")
		}
		s, err := ceremony.Seal(*dir, []byte(*beacon), engine.NewStore(*keys))
		if err != nil {
			fail("%v", err)
		}
		printJSON(s)
		if s.Phase == 3 {
			// what governance registers: the sealed key and its hash
			fmt.Fprintf(os.Stderr, "sealed %s: vk.bin SHA-256 %s (r1cs %s, gnark %s, source %s)\n"+
				"register it: lethe governance propose <ID> register-verifying-key --key-id %s --vk %s/vk.bin\n",
				s.KeyID, s.VKSha256, s.R1CSSha256, s.Gnark, s.SourceCommit, s.KeyID, *dir)
		}
	default:
		fail("unknown ceremony command %q", args[0])
	}
}

func devSetup(args []string) {
	fs := flag.NewFlagSet("setup", flag.ExitOnError)
	keyID := fs.String("key-id", "", "circuit shape")
	keys := fs.String("keys", defaultKeys(), "key directory")
	dev := fs.Bool("insecure-dev-setup", false, "acknowledge that a single party learns the toxic waste")
	fs.Parse(args)
	if !*dev {
		fail("single-party setup is insecure; pass --insecure-dev-setup, or run `lethe-prover ceremony`")
	}
	k, err := engine.DevSetup(*keyID)
	if err != nil {
		fail("%v", err)
	}
	m, err := engine.NewStore(*keys).Install(k, "insecure-dev-setup")
	if err != nil {
		fail("%v", err)
	}
	printJSON(m)
}

func ints(s string) []int {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			fail("bad number %q", f)
		}
		out = append(out, n)
	}
	return out
}

// cpuMs: user + system CPU time of this process so far.
func cpuMs() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return (ru.Utime.Sec+ru.Stime.Sec)*1000 + int64(ru.Utime.Usec+ru.Stime.Usec)/1000
}

// prove proves one witness (the JSON the sidecar's Prove takes) with the keys installed in
// --keys (ceremony keys, or a dev setup's), checks the proof with gnark's verifier and writes
// proof.bin (gnark's encoding) and public.json (the public inputs, 32-byte big-endian hex) to --out.
func prove(args []string) {
	fs := flag.NewFlagSet("prove", flag.ExitOnError)
	keys := fs.String("keys", defaultKeys(), "key directory (DIR/<keyId>/{circuit.r1cs,pk.bin,vk.bin,meta.json})")
	keyID := fs.String("key-id", "", "chunk-delta, chunk-cascade, chunk-obs")
	witnessFile := fs.String("witness", "", "witness JSON (prover-native/CHUNKS.md)")
	out := fs.String("out", "", "directory receiving proof.bin and public.json")
	fs.Parse(args)
	if !engine.IsChunkKind(*keyID) || *witnessFile == "" || *out == "" {
		fail("prove: need --key-id chunk-delta|chunk-cascade|chunk-obs, --witness FILE and --out DIR")
	}
	w, err := os.ReadFile(*witnessFile)
	if err != nil {
		fail("prove: %v", err)
	}
	st, err := engine.Decode(*keyID, w)
	if err != nil {
		fail("prove: %v", err)
	}
	store := engine.NewStore(*keys)
	k, err := store.Load(*keyID)
	if err != nil {
		fail("prove: %v", err)
	}
	meta, err := store.Meta(*keyID)
	if err != nil {
		fail("prove: %v", err)
	}
	res, err := engine.Prove(k, st, nil)
	if err != nil {
		fail("prove: %v", err)
	}
	if err := engine.Verify(k.VK, res.Proof, res.Public); err != nil {
		fail("prove: own proof rejected: %v", err)
	}
	var pub []string
	for _, e := range res.Public {
		b := e.Bytes()
		pub = append(pub, hex.EncodeToString(b[:]))
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fail("prove: %v", err)
	}
	pj, _ := json.MarshalIndent(map[string]any{"keyId": *keyID, "setup": meta.Setup, "vkSha256": meta.VKSha256, "publicInputs": pub}, "", "  ")
	if err := os.WriteFile(*out+"/proof.bin", res.Proof, 0o644); err != nil {
		fail("prove: %v", err)
	}
	if err := os.WriteFile(*out+"/public.json", append(pj, '\n'), 0o644); err != nil {
		fail("prove: %v", err)
	}
	fmt.Fprintf(os.Stderr, "lethe-prover: %s proof (%s keys, vk %s) in %d ms -> %s\n", *keyID, meta.Setup, meta.VKSha256[:16], res.ProveMs, *out)
}

func peakRSSKiB() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Maxrss
}

func bench(args []string) {
	fs := flag.NewFlagSet("bench", flag.ExitOnError)
	params := fs.String("params", "10000", "comma-separated parameter counts")
	blocks := fs.String("block", "64", "comma-separated Fisher block sizes")
	pruned := fs.Int("pruned", 2, "pruned weights per Fisher block")
	out := fs.String("out", "", "directory receiving proof/vk/public per case (optional)")
	chunk := fs.String("chunk", "", "benchmark one universal chunk proof: delta, cascade or obs")
	asJSON := fs.Bool("json", false, "with --chunk: print one JSON object")
	dummy := fs.Bool("dummy-setup", false, "with --chunk: gnark's DummySetup (random key, fast; measures proving only, the proof is not verified)")
	backend := fs.String("backend", "groth16", "with --chunk: groth16 or plonk (PlonK over gnark's insecure test KZG SRS; benchmark only)")
	count := fs.Int("chunks", 1, "with --chunk: prove this many distinct sample chunks under one setup")
	budget := fs.Float64("budget-s", 0, "with --chunks: stop proving further chunks once this many seconds of proving are spent (0: none)")
	fs.Parse(args)
	if *chunk != "" {
		if *count < 1 || *budget < 0 {
			fail("--chunks must be at least 1, --budget-s at least 0")
		}
		proveBudget = time.Duration(*budget * float64(time.Second))
		switch *backend {
		case "groth16":
			benchChunk(*chunk, *asJSON, *dummy, *count)
		case "plonk":
			if *dummy {
				fail("--dummy-setup is Groth16 only")
			}
			benchChunkPlonk(*chunk, *asJSON, *count)
		default:
			fail("--backend: groth16 or plonk, not %q", *backend)
		}
		return
	}
	for _, n := range ints(*params) {
		for _, b := range ints(*blocks) {
			s := circuits.ObsShape{Params: n, Block: b, Pruned: *pruned}
			row := map[string]any{"keyId": s.KeyID(), "params": n, "block": b, "pruned": *pruned, "cores": runtime.NumCPU()}
			t := time.Now()
			ccs, err := engine.Compile(circuits.NewObsCircuit(s))
			if err != nil {
				fail("%v", err)
			}
			row["compileMs"], row["constraints"] = time.Since(t).Milliseconds(), ccs.GetNbConstraints()
			t = time.Now()
			pk, vk, err := groth16.Setup(ccs) // single-party setup: benchmark only
			if err != nil {
				fail("%v", err)
			}
			row["setupMs"] = time.Since(t).Milliseconds()
			k := &engine.Keys{ID: s.KeyID(), CCS: ccs, PK: pk, VK: vk}
			in, err := circuits.SampleObs(s, int64(n)) // the instance `lethe bench zk` proves for N
			if err != nil {
				fail("%v", err)
			}
			res, err := engine.Prove(k, engine.WrapObs(in), nil)
			if err != nil {
				fail("%v", err)
			}
			t = time.Now()
			if err := engine.Verify(vk, res.Proof, res.Public); err != nil {
				fail("own proof rejected: %v", err)
			}
			row["goVerifyMs"] = float64(time.Since(t).Microseconds()) / 1000
			row["witnessMs"], row["proveMs"], row["proofBytes"] = res.WitnessMs, res.ProveMs, len(res.Proof)
			row["vkBytes"] = len(engine.VKBytes(vk))
			row["peakRssMiB"] = peakRSSKiB() / 1024
			if *out != "" {
				d := fmt.Sprintf("%s/%s", *out, s.KeyID())
				os.MkdirAll(d, 0o755)
				os.WriteFile(d+"/proof.bin", res.Proof, 0o644)
				os.WriteFile(d+"/vk.bin", engine.VKBytes(vk), 0o644)
				var pub []string
				for _, e := range res.Public {
					b := e.Bytes()
					pub = append(pub, hex.EncodeToString(b[:]))
				}
				pj, _ := json.Marshal(map[string]any{"keyId": s.KeyID(), "publicInputs": pub})
				os.WriteFile(d+"/public.json", pj, 0o644)
			}
			b, _ := json.Marshal(row)
			fmt.Println(string(b))
			_ = ecc.BLS12_381
		}
	}
}

// benchChunk measures one universal chunk statement end to end through the engine: compile,
// single-party setup (benchmark only), prove a sample full chunk, verify.
func benchChunk(kind string, asJSON, dummy bool, count int) {
	id := "chunk-" + kind
	empty, err := engine.EmptyFor(id)
	if err != nil {
		fail("--chunk: %v (delta, cascade or obs)", err)
	}
	row := map[string]any{"keyId": id, "cores": runtime.NumCPU(), "gomaxprocs": runtime.GOMAXPROCS(0)}
	t := time.Now()
	ccs, err := engine.Compile(empty)
	if err != nil {
		fail("%v", err)
	}
	row["compileMs"], row["constraints"] = time.Since(t).Milliseconds(), ccs.GetNbConstraints()
	row["publicInputs"] = ccs.GetNbPublicVariables() - 1
	t, c := time.Now(), cpuMs()
	var pk groth16.ProvingKey
	var vk groth16.VerifyingKey
	if dummy {
		pk, err = groth16.DummySetup(ccs)
		row["setup"] = "dummy"
	} else {
		pk, vk, err = groth16.Setup(ccs)
		row["setup"] = "insecure-dev-setup"
	}
	if err != nil {
		fail("%v", err)
	}
	row["setupMs"], row["setupCpuMs"] = time.Since(t).Milliseconds(), cpuMs()-c
	row["backend"] = "groth16"
	keys := &engine.Keys{ID: id, CCS: ccs, PK: pk, VK: vk}
	proveChunks(row, id, count, func(st engine.Statement) (*engine.Result, error) { return engine.Prove(keys, st, nil) },
		func(res *engine.Result) error {
			if dummy {
				return nil
			}
			return engine.Verify(vk, res.Proof, res.Public)
		})
	if dummy {
		row["verifyMs"] = nil
	} else {
		row["vkBytes"] = len(engine.VKBytes(vk))
	}
	res := row["last"].(*engine.Result)
	delete(row, "last")
	if asJSON {
		printJSON(row)
		return
	}
	fmt.Printf("%s: %d constraints, %d public inputs; compile %d ms, %s setup %d ms, prove %d ms (CPU %d ms, witness %d ms), verify %v ms; proof %d bytes; peak RSS %d MiB (%d cores)\n",
		id, row["constraints"], row["publicInputs"], row["compileMs"], row["setup"], row["setupMs"], res.ProveMs, row["proveCpuMs"], res.WitnessMs, row["verifyMs"], len(res.Proof), row["peakRssMiB"], runtime.NumCPU())
}

// proveChunks proves count distinct sample chunks (seeds 1…count) and records in row: proveMs,
// proveCpuMs and witnessMs (means per chunk), proveMsTotal, proveCpuMsTotal, verifyMs (mean),
// proofBytes, peakRssMiB, and the last result under "last".
var proveBudget time.Duration // bench --budget-s; 0: none

func proveChunks(row map[string]any, id string, count int, prove func(engine.Statement) (*engine.Result, error), verify func(*engine.Result) error) {
	var wall, cpu, wit, ver int64
	var res *engine.Result
	var eachMs, eachCpuMs []int64
	start := time.Now()
	for i := 1; i <= count; i++ {
		if i > 1 && proveBudget > 0 && time.Since(start) > proveBudget {
			fmt.Fprintf(os.Stderr, "lethe-prover bench: proving budget %v spent after %d of %d chunks\n", proveBudget, i-1, count)
			break
		}
		in, err := chunks.Sample(id, int64(i))
		if err != nil {
			fail("%v", err)
		}
		c := cpuMs()
		res, err = prove(engine.WrapChunk(in))
		if err != nil {
			fail("%v", err)
		}
		eachCpuMs = append(eachCpuMs, cpuMs()-c) // wall time misleads on a shared machine
		eachMs = append(eachMs, res.ProveMs)
		cpu += eachCpuMs[i-1]
		wall += res.ProveMs
		wit += res.WitnessMs
		t := time.Now()
		if err := verify(res); err != nil {
			fail("own proof rejected: %v", err)
		}
		ver += time.Since(t).Microseconds()
		if count > 1 {
			fmt.Fprintf(os.Stderr, "lethe-prover bench: %s chunk %d/%d proven in %d ms\n", id, i, count, res.ProveMs)
		}
	}
	n := int64(len(eachMs))
	row["chunksProven"], row["proveMsEach"], row["proveCpuMsEach"] = n, eachMs, eachCpuMs
	row["proveMs"], row["proveCpuMs"], row["witnessMs"] = wall/n, cpu/n, wit/n
	row["proveMsTotal"], row["proveCpuMsTotal"] = wall, cpu
	row["verifyMs"] = float64(ver/n) / 1000
	row["proofBytes"], row["peakRssMiB"], row["last"] = len(res.Proof), peakRSSKiB()/1024, res
}

// benchChunkPlonk: the same chunk statement compiled for PlonK (sparse constraints), keys from
// gnark's insecure test KZG SRS (universal: one SRS of the circuit's size, no per-circuit
// ceremony), proven and verified with gnark's PlonK.
func benchChunkPlonk(kind string, asJSON bool, count int) {
	id := "chunk-" + kind
	empty, err := engine.EmptyFor(id)
	if err != nil {
		fail("--chunk: %v (delta, cascade or obs)", err)
	}
	row := map[string]any{"keyId": id, "backend": "plonk", "cores": runtime.NumCPU(), "gomaxprocs": runtime.GOMAXPROCS(0)}
	t := time.Now()
	ccs, err := engine.CompilePlonk(empty)
	if err != nil {
		fail("%v", err)
	}
	row["compileMs"], row["constraints"] = time.Since(t).Milliseconds(), ccs.GetNbConstraints()
	row["publicInputs"] = ccs.GetNbPublicVariables()
	c := cpuMs()
	k, err := engine.PlonkDevSetup(ccs)
	if err != nil {
		fail("%v", err)
	}
	row["setup"] = "insecure-test-kzg-srs"
	row["srsPoints"], row["srsMs"] = k.SRSSize, k.SRSMs
	row["setupMs"], row["setupCpuMs"] = k.SRSMs+k.SetupMs, cpuMs()-c
	proveChunks(row, id, count, func(st engine.Statement) (*engine.Result, error) { return engine.PlonkProve(k, st) },
		func(res *engine.Result) error { return engine.PlonkVerify(k.VK, res.Proof, res.Public) })
	row["vkBytes"] = engine.PlonkVKBytes(k.VK)
	res := row["last"].(*engine.Result)
	delete(row, "last")
	if asJSON {
		printJSON(row)
		return
	}
	fmt.Printf("%s (PlonK): %d constraints, %d public inputs; compile %d ms, dev SRS (%d points) + setup %d ms, prove %d ms (CPU %d ms), verify %v ms; proof %d bytes; peak RSS %d MiB (%d cores)\n",
		id, row["constraints"], row["publicInputs"], row["compileMs"], k.SRSSize, row["setupMs"], res.ProveMs, row["proveCpuMs"], row["verifyMs"], len(res.Proof), row["peakRssMiB"], runtime.NumCPU())
}

func check(args []string) {
	fs := flag.NewFlagSet("check", flag.ExitOnError)
	keyID := fs.String("key-id", "", "circuit key id, e.g. chunk-obs")
	file := fs.String("instance", "", "JSON witness (CHUNKS.md § JSON instances)")
	fs.Parse(args)
	if *keyID == "" || *file == "" {
		fail("check needs --key-id and --instance")
	}
	js, err := os.ReadFile(*file)
	if err != nil {
		fail("%v", err)
	}
	n, err := engine.Check(*keyID, js)
	if err != nil {
		fail("%s: %v", *file, err)
	}
	printJSON(map[string]any{"keyId": *keyID, "instance": *file, "constraints": n, "satisfied": true})
}
