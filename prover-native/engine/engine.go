// Package engine compiles the statements, keeps their keys on disk and proves/verifies.
package engine

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"sync"
	"time"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/backend/witness"
	"github.com/consensys/gnark/constraint"
	"github.com/consensys/gnark/constraint/solver"
	"github.com/consensys/gnark/frontend"
	fcs "github.com/consensys/gnark/frontend/cs"
	"github.com/consensys/gnark/frontend/cs/r1cs"

	"lethe.io/prover-native/chunks"
	"lethe.io/prover-native/circuits"
)

// Circuit kinds (match lethe.v1.Circuit).
const (
	KindObs     = "obs"
	KindCascade = "cascade"
	// Universal chunk statements (prover-native/CHUNKS.md): the kind is also the key id.
	KindChunkDelta   = "chunk-delta"
	KindChunkCascade = "chunk-cascade"
	KindChunkObs     = "chunk-obs"
)

type chunkInstance = chunks.Instance

type chunkStatement struct {
	chunkInstance
	empty func() frontend.Circuit
}

func (s chunkStatement) Kind() string            { return s.KeyID() }
func (s chunkStatement) Empty() frontend.Circuit { return s.empty() }

// chunkKinds: key id → (empty circuit, new empty instance).
var chunkKinds = map[string]struct {
	empty    func() frontend.Circuit
	instance func() chunkInstance
}{
	KindChunkDelta:   {func() frontend.Circuit { return &chunks.DeltaCircuit{} }, func() chunkInstance { return new(chunks.DeltaInstance) }},
	KindChunkCascade: {func() frontend.Circuit { return &chunks.CascadeCircuit{} }, func() chunkInstance { return new(chunks.CascadeInstance) }},
	KindChunkObs:     {func() frontend.Circuit { return &chunks.ObsCircuit{} }, func() chunkInstance { return new(chunks.ObsInstance) }},
}

// IsChunkKind reports whether kind (= key id) names a universal chunk statement.
func IsChunkKind(kind string) bool { _, ok := chunkKinds[kind]; return ok }

// WrapChunk wraps a chunk instance (*chunks.DeltaInstance, *chunks.CascadeInstance, ...).
func WrapChunk(in chunkInstance) Statement {
	return chunkStatement{in, chunkKinds[in.KeyID()].empty}
}

// Statement is one decoded prove request.
type Statement interface {
	KeyID() string
	Kind() string
	Empty() frontend.Circuit
	Prepare() error
	Assignment() frontend.Circuit
	Public() []fr.Element
}

type obsStatement struct{ *circuits.ObsInstance }

func (s obsStatement) KeyID() string                { return s.Shape.KeyID() }
func (s obsStatement) Kind() string                 { return KindObs }
func (s obsStatement) Empty() frontend.Circuit      { return circuits.NewObsCircuit(s.Shape) }
func (s obsStatement) Assignment() frontend.Circuit { return s.ObsInstance.Assignment() }

type cascadeStatement struct{ *circuits.CascadeInstance }

func (s cascadeStatement) KeyID() string                { return s.Shape.KeyID() }
func (s cascadeStatement) Kind() string                 { return KindCascade }
func (s cascadeStatement) Empty() frontend.Circuit      { return circuits.NewCascadeCircuit(s.Shape) }
func (s cascadeStatement) Assignment() frontend.Circuit { return s.CascadeInstance.Assignment() }

func WrapObs(in *circuits.ObsInstance) Statement         { return obsStatement{in} }
func WrapCascade(in *circuits.CascadeInstance) Statement { return cascadeStatement{in} }

// Decode parses the JSON witness encoding of a ProveRequest.
func Decode(kind string, witnessJSON []byte) (Statement, error) {
	dec := json.NewDecoder(bytes.NewReader(witnessJSON))
	dec.DisallowUnknownFields()
	switch kind {
	case KindObs:
		in := new(circuits.ObsInstance)
		if err := dec.Decode(in); err != nil {
			return nil, fmt.Errorf("OBS witness: %w", err)
		}
		return obsStatement{in}, nil
	case KindCascade:
		in := new(circuits.CascadeInstance)
		if err := dec.Decode(in); err != nil {
			return nil, fmt.Errorf("cascade witness: %w", err)
		}
		return cascadeStatement{in}, nil
	}
	if k, ok := chunkKinds[kind]; ok {
		in := k.instance()
		if err := dec.Decode(in); err != nil {
			return nil, fmt.Errorf("%s witness: %w", kind, err)
		}
		return chunkStatement{in, k.empty}, nil
	}
	return nil, fmt.Errorf("unknown circuit %q", kind)
}

// EmptyFor returns the empty circuit for a key id (obs-n…-b…-p…, cascade-n…, chunk-delta,
// chunk-cascade, chunk-obs).
func EmptyFor(keyID string) (frontend.Circuit, error) {
	if k, ok := chunkKinds[keyID]; ok {
		return k.empty(), nil
	}
	var s circuits.ObsShape
	if n, _ := fmt.Sscanf(keyID, "obs-n%d-b%d-p%d", &s.Params, &s.Block, &s.Pruned); n == 3 && s.KeyID() == keyID {
		if err := s.Validate(); err != nil {
			return nil, err
		}
		return circuits.NewObsCircuit(s), nil
	}
	var c circuits.CascadeShape
	if n, _ := fmt.Sscanf(keyID, "cascade-n%d", &c.Params); n == 1 && c.KeyID() == keyID {
		if err := c.Validate(); err != nil {
			return nil, err
		}
		return circuits.NewCascadeCircuit(c), nil
	}
	return nil, fmt.Errorf("unknown key id %q", keyID)
}

func Compile(c frontend.Circuit) (constraint.ConstraintSystem, error) {
	return frontend.Compile(ecc.BLS12_381.ScalarField(), r1cs.NewBuilder, c)
}

// Keys of one circuit shape.
type Keys struct {
	ID  string
	CCS constraint.ConstraintSystem
	PK  groth16.ProvingKey
	VK  groth16.VerifyingKey
}

// Meta is written next to the keys.
type Meta struct {
	KeyID       string `json:"keyId"`
	Constraints int    `json:"constraints"`
	Public      int    `json:"publicInputs"`
	VKSha256    string `json:"vkSha256"`
	Setup       string `json:"setup"` // "ceremony" or "insecure-dev-setup"
	Created     string `json:"created"`
}

var idPattern = regexp.MustCompile(`^[a-z0-9-]{1,64}$`)

// Store keeps keys under dir/<keyId>/{circuit.r1cs,pk.bin,vk.bin,meta.json}.
type Store struct {
	Dir   string
	mu    sync.Mutex
	cache map[string]*Keys
}

func NewStore(dir string) *Store { return &Store{Dir: dir, cache: map[string]*Keys{}} }

func (s *Store) path(id, name string) string { return filepath.Join(s.Dir, id, name) }

// VKBytes returns gnark's compressed encoding of a verifying key.
func VKBytes(vk groth16.VerifyingKey) []byte {
	var b bytes.Buffer
	if _, err := vk.WriteTo(&b); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func VKHash(vk groth16.VerifyingKey) string {
	h := sha256.Sum256(VKBytes(vk))
	return hex.EncodeToString(h[:])
}

// Install writes keys atomically (temp dir then rename).
func (s *Store) Install(k *Keys, setup string) (*Meta, error) {
	if !idPattern.MatchString(k.ID) {
		return nil, fmt.Errorf("bad key id %q", k.ID)
	}
	if err := os.MkdirAll(s.Dir, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(s.Dir, ".install-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	files := map[string]func(*os.File) error{
		"circuit.r1cs": func(f *os.File) error { _, e := k.CCS.WriteTo(f); return e },
		"pk.bin":       func(f *os.File) error { _, e := k.PK.WriteRawTo(f); return e },
		"vk.bin":       func(f *os.File) error { _, e := k.VK.WriteTo(f); return e },
	}
	for name, fn := range files {
		f, err := os.Create(filepath.Join(tmp, name))
		if err != nil {
			return nil, err
		}
		if err := fn(f); err != nil {
			f.Close()
			return nil, err
		}
		if err := f.Close(); err != nil {
			return nil, err
		}
	}
	meta := &Meta{KeyID: k.ID, Constraints: k.CCS.GetNbConstraints(), Public: k.CCS.GetNbPublicVariables() - 1,
		VKSha256: VKHash(k.VK), Setup: setup, Created: time.Now().UTC().Format(time.RFC3339)}
	mb, _ := json.MarshalIndent(meta, "", "  ")
	if err := os.WriteFile(filepath.Join(tmp, "meta.json"), mb, 0o644); err != nil {
		return nil, err
	}
	final := filepath.Join(s.Dir, k.ID)
	_ = os.RemoveAll(final)
	if err := os.Rename(tmp, final); err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.cache[k.ID] = k
	s.mu.Unlock()
	return meta, nil
}

// ErrNoKey: the shape has no keys yet (run the ceremony, or the dev setup).
var ErrNoKey = errors.New("no keys for this circuit shape")

func (s *Store) Load(id string) (*Keys, error) {
	if !idPattern.MatchString(id) {
		return nil, fmt.Errorf("bad key id %q", id)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if k, ok := s.cache[id]; ok {
		return k, nil
	}
	if _, err := os.Stat(s.path(id, "vk.bin")); err != nil {
		return nil, fmt.Errorf("%w: %s (run `lethe-prover ceremony` or start the sidecar with --insecure-dev-setup)", ErrNoKey, id)
	}
	k := &Keys{ID: id, CCS: groth16.NewCS(ecc.BLS12_381), PK: groth16.NewProvingKey(ecc.BLS12_381), VK: groth16.NewVerifyingKey(ecc.BLS12_381)}
	read := func(name string, fn func(*os.File) error) error {
		f, err := os.Open(s.path(id, name))
		if err != nil {
			return err
		}
		defer f.Close()
		return fn(f)
	}
	if err := read("circuit.r1cs", func(f *os.File) error { _, e := k.CCS.ReadFrom(f); return e }); err != nil {
		return nil, err
	}
	if err := read("pk.bin", func(f *os.File) error { _, e := k.PK.UnsafeReadFrom(f); return e }); err != nil {
		return nil, err
	}
	if err := read("vk.bin", func(f *os.File) error { _, e := k.VK.ReadFrom(f); return e }); err != nil {
		return nil, err
	}
	s.cache[id] = k
	return k, nil
}

func (s *Store) Meta(id string) (*Meta, error) {
	b, err := os.ReadFile(s.path(id, "meta.json"))
	if err != nil {
		return nil, err
	}
	m := new(Meta)
	return m, json.Unmarshal(b, m)
}

func (s *Store) List() []*Meta {
	entries, _ := os.ReadDir(s.Dir)
	var out []*Meta
	for _, e := range entries {
		if m, err := s.Meta(e.Name()); err == nil && e.IsDir() {
			out = append(out, m)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].KeyID < out[j].KeyID })
	return out
}

// DevSetup runs gnark's single-party Groth16 setup. INSECURE: whoever runs it knows the toxic waste.
func DevSetup(id string) (*Keys, error) {
	c, err := EmptyFor(id)
	if err != nil {
		return nil, err
	}
	ccs, err := Compile(c)
	if err != nil {
		return nil, err
	}
	pk, vk, err := groth16.Setup(ccs)
	if err != nil {
		return nil, err
	}
	return &Keys{ID: id, CCS: ccs, PK: pk, VK: vk}, nil
}

// Result of a proof.
type Result struct {
	Proof       []byte
	Public      []fr.Element
	WitnessMs   int64
	ProveMs     int64
	Constraints int
}

// Prove solves the witness and proves. progress may be nil.
func Prove(k *Keys, st Statement, progress func(stage string, frac float64)) (*Result, error) {
	if progress == nil {
		progress = func(string, float64) {}
	}
	progress("prepare", 0.05)
	if err := st.Prepare(); err != nil {
		return nil, fmt.Errorf("witness does not satisfy the %s statement: %w", st.Kind(), err)
	}
	t0 := time.Now()
	w, err := frontend.NewWitness(st.Assignment(), ecc.BLS12_381.ScalarField())
	if err != nil {
		return nil, err
	}
	progress("witness", 0.2)
	t1 := time.Now()
	proof, err := groth16.Prove(k.CCS, k.PK, w)
	if err != nil {
		return nil, fmt.Errorf("witness does not satisfy the %s circuit: %w", st.Kind(), err)
	}
	t2 := time.Now()
	progress("proved", 0.95)
	var b bytes.Buffer
	if _, err := proof.WriteTo(&b); err != nil {
		return nil, err
	}
	return &Result{Proof: b.Bytes(), Public: st.Public(), WitnessMs: t1.Sub(t0).Milliseconds(), ProveMs: t2.Sub(t1).Milliseconds(), Constraints: k.CCS.GetNbConstraints()}, nil
}

// Verify checks a proof (gnark encoding) against public inputs with gnark's verifier.
func Verify(vk groth16.VerifyingKey, proofBytes []byte, public []fr.Element) error {
	proof := groth16.NewProof(ecc.BLS12_381)
	if _, err := proof.ReadFrom(bytes.NewReader(proofBytes)); err != nil {
		return fmt.Errorf("malformed proof: %w", err)
	}
	pw, err := publicWitness(public)
	if err != nil {
		return err
	}
	return groth16.Verify(proof, vk, pw)
}

func publicWitness(public []fr.Element) (witness.Witness, error) {
	pw, err := witness.New(ecc.BLS12_381.ScalarField())
	if err != nil {
		return nil, err
	}
	ch := make(chan any, len(public))
	for i := range public {
		ch <- public[i]
	}
	close(ch)
	if err := pw.Fill(len(public), 0, ch); err != nil {
		return nil, err
	}
	return pw, nil
}

// Check decodes a JSON witness, checks its statement natively (Prepare) and then runs the
// circuit's own constraint solver on it: no keys, no proof. It is what a prover would refuse,
// found cheaply (lethe-prover check). Returns the number of constraints.
func Check(keyID string, witnessJSON []byte) (int, error) {
	st, err := Decode(keyID, witnessJSON)
	if err != nil {
		return 0, err
	}
	if err := st.Prepare(); err != nil {
		return 0, fmt.Errorf("witness refused: %w", err)
	}
	ccs, err := Compile(st.Empty())
	if err != nil {
		return 0, err
	}
	w, err := frontend.NewWitness(st.Assignment(), ecc.BLS12_381.ScalarField())
	if err != nil {
		return 0, err
	}
	// the range checks' lookup challenge is a Groth16 commitment; without a prover, derive it
	// from the committed values (any challenge the witness does not control will do for a check)
	challenge := solver.OverrideHint(solver.GetHintID(fcs.Bsb22CommitmentComputePlaceholder),
		func(field *big.Int, in []*big.Int, out []*big.Int) error {
			h := sha256.New()
			for _, x := range in {
				h.Write(x.Bytes())
				h.Write([]byte{0})
			}
			out[0].SetBytes(h.Sum(nil))
			out[0].Mod(out[0], field)
			return nil
		})
	if err := ccs.IsSolved(w, challenge); err != nil {
		return 0, fmt.Errorf("constraints not satisfied: %w", err)
	}
	return ccs.GetNbConstraints(), nil
}
