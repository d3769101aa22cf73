// Package ceremony runs the Groth16 setup of one circuit shape as a multi-party computation
// (gnark mpcsetup): phase 1 (powers of tau) and phase 2 (circuit-specific), each a chain of
// contributions sealed with a public random beacon. Sound if one contributor is honest.
package ceremony

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	gnarkmod "github.com/consensys/gnark"
	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/backend/groth16/bls12-381/mpcsetup"
	cs "github.com/consensys/gnark/constraint/bls12-381"
	"github.com/consensys/gnark/frontend"

	"lethe.io/prover-native/engine"
)

type Contribution struct {
	Phase  int    `json:"phase"`
	Index  int    `json:"index"`
	Name   string `json:"name"`
	File   string `json:"file"`
	Sha256 string `json:"sha256"`
	Time   string `json:"time"`
}

type State struct {
	KeyID       string `json:"keyId"`
	Domain      uint64 `json:"domain"`
	Constraints int    `json:"constraints"`
	// What the circuit was compiled from: SHA-256 of the serialized R1CS, gnark's module
	// version and the prover's source commit. Verify recompiles and refuses another R1CS.
	R1CSSha256    string         `json:"r1csSha256"`
	Gnark         string         `json:"gnarkVersion"`
	SourceCommit  string         `json:"sourceCommit"`
	Phase         int            `json:"phase"` // 1, 2, or 3 = sealed
	Contributions []Contribution `json:"contributions"`
	Beacon1       string         `json:"beaconPhase1,omitempty"` // hex
	Beacon2       string         `json:"beaconPhase2,omitempty"`
	CommonsSha256 string         `json:"commonsSha256,omitempty"`
	// Phase1From: the directory of another ceremony whose sealed phase 1 (domain ≥ ours) this
	// one reuses, truncated to our domain; its phase 1 commons hash is Phase1FromCommons.
	Phase1From        string `json:"phase1From,omitempty"`
	Phase1FromCommons string `json:"phase1FromCommonsSha256,omitempty"`
	VKSha256          string `json:"vkSha256,omitempty"`
}

func load(dir string) (*State, error) {
	b, err := os.ReadFile(filepath.Join(dir, "state.json"))
	if err != nil {
		return nil, fmt.Errorf("not a ceremony directory: %w", err)
	}
	s := new(State)
	return s, json.Unmarshal(b, s)
}

func (s *State) save(dir string) error {
	b, _ := json.MarshalIndent(s, "", "  ")
	tmp := filepath.Join(dir, ".state.json.tmp")
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, "state.json"))
}

func writeObj(path string, w io.WriterTo) (string, error) {
	var b bytes.Buffer
	if _, err := w.WriteTo(&b); err != nil {
		return "", err
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		return "", err
	}
	h := sha256.Sum256(b.Bytes())
	return hex.EncodeToString(h[:]), nil
}

func readObj(path string, r io.ReaderFrom) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	_, err = r.ReadFrom(bytes.NewReader(b))
	return err
}

// loadCCS reads the transcript's circuit.r1cs and refuses one whose hash is not the recorded one.
func loadCCS(dir string, s *State) (*cs.R1CS, error) {
	b, err := os.ReadFile(filepath.Join(dir, "circuit.r1cs"))
	if err != nil {
		return nil, err
	}
	if h := sha256.Sum256(b); hex.EncodeToString(h[:]) != s.R1CSSha256 {
		return nil, fmt.Errorf("circuit.r1cs is not the circuit the transcript records (r1cs hash differs)")
	}
	ccs := groth16.NewCS(ecc.BLS12_381)
	if _, err := ccs.ReadFrom(bytes.NewReader(b)); err != nil {
		return nil, err
	}
	return ccs.(*cs.R1CS), nil
}

// circuitFor returns the empty circuit of a key id, from the source this binary was built from.
// Tests register extra circuits in testCircuits.
var testCircuits = map[string]func() frontend.Circuit{}

func circuitFor(keyID string) (frontend.Circuit, error) {
	if f, ok := testCircuits[keyID]; ok {
		return f(), nil
	}
	return engine.EmptyFor(keyID)
}

// compile compiles the key id's circuit from source and hashes its serialized R1CS.
func compile(keyID string) (*cs.R1CS, string, error) {
	c, err := circuitFor(keyID)
	if err != nil {
		return nil, "", err
	}
	ccs, err := engine.Compile(c)
	if err != nil {
		return nil, "", err
	}
	return ccs.(*cs.R1CS), hashOf(ccs), nil
}

// Init compiles the circuit shape and opens phase 1.
func Init(dir, keyID string) (*State, error) {
	return InitFrom(dir, keyID, "")
}

// InitFrom compiles the circuit shape; with phase1Dir it reuses that ceremony's sealed phase 1
// (one powers-of-tau for every chunk kind) and opens phase 2 directly.
func InitFrom(dir, keyID, phase1Dir string) (*State, error) {
	ccs, r1csHash, err := compile(keyID)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(dir, "state.json")); err == nil {
		return nil, fmt.Errorf("%s already holds a ceremony", dir)
	}
	if _, err := writeObj(filepath.Join(dir, "circuit.r1cs"), ccs); err != nil {
		return nil, err
	}
	gnark, commit := BuildInfo()
	s := &State{KeyID: keyID, Domain: ecc.NextPowerOfTwo(uint64(ccs.GetNbConstraints())), Constraints: ccs.GetNbConstraints(),
		R1CSSha256: r1csHash, Gnark: gnark, SourceCommit: commit, Phase: 1}
	if phase1Dir != "" {
		commons, srcHash, err := sharedPhase1(phase1Dir, s.Domain)
		if err != nil {
			return nil, err
		}
		if s.CommonsSha256, err = writeObj(filepath.Join(dir, "commons.bin"), commons); err != nil {
			return nil, err
		}
		s.Phase1From, s.Phase1FromCommons, s.Phase = phase1Dir, srcHash, 2
	}
	return s, s.save(dir)
}

// sharedPhase1 re-verifies another ceremony's sealed phase 1 and truncates its powers of tau to
// domain n: the first 2n−1 powers of τ in G1 and n of the others are the SRS of a size-n domain.
func sharedPhase1(src string, n uint64) (*mpcsetup.SrsCommons, string, error) {
	o, err := load(src)
	if err != nil {
		return nil, "", fmt.Errorf("phase 1 source: %w", err)
	}
	if o.Phase < 2 || o.Phase1From != "" {
		return nil, "", fmt.Errorf("phase 1 source %s: its own phase 1 is not sealed there", src)
	}
	if o.Domain < n {
		return nil, "", fmt.Errorf("phase 1 source %s has domain %d < %d this circuit needs", src, o.Domain, n)
	}
	if err := checkFiles(src, o); err != nil {
		return nil, "", err
	}
	p1, err := o.phase1(src)
	if err != nil {
		return nil, "", err
	}
	b1, _ := hex.DecodeString(o.Beacon1)
	commons, err := mpcsetup.VerifyPhase1(o.Domain, b1, p1...)
	if err != nil {
		return nil, "", fmt.Errorf("phase 1 source %s invalid: %w", src, err)
	}
	if hashOf(&commons) != o.CommonsSha256 {
		return nil, "", fmt.Errorf("phase 1 source %s: commons do not follow from its transcript", src)
	}
	commons.G1.Tau = commons.G1.Tau[:2*n-1]
	commons.G1.AlphaTau = commons.G1.AlphaTau[:n]
	commons.G1.BetaTau = commons.G1.BetaTau[:n]
	commons.G2.Tau = commons.G2.Tau[:n]
	return &commons, o.CommonsSha256, nil
}

// SourceCommit may be set at link time: -ldflags "-X lethe.io/prover-native/ceremony.SourceCommit=$(git rev-parse HEAD)".
var SourceCommit string

// BuildInfo: gnark's module version and the source commit of this binary (link-time value, else
// the VCS stamp of `go build`, else `git rev-parse HEAD` in the working directory; "-dirty" when
// the tree had uncommitted changes).
func BuildInfo() (gnark, commit string) {
	gnark, commit = "v"+gnarkmod.Version.String(), SourceCommit // test binaries carry no module list
	modified := false
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "github.com/consensys/gnark" {
				gnark = d.Version
			}
		}
		for _, kv := range bi.Settings {
			switch kv.Key {
			case "vcs.revision":
				if commit == "" {
					commit = kv.Value
				}
			case "vcs.modified":
				modified = kv.Value == "true"
			}
		}
	}
	if commit == "" {
		if out, err := exec.Command("git", "rev-parse", "HEAD").Output(); err == nil {
			commit = strings.TrimSpace(string(out))
			if st, err := exec.Command("git", "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(st) > 0 {
				modified = true
			}
		} else {
			commit = "unknown"
		}
	}
	if modified && !strings.HasSuffix(commit, "-dirty") {
		commit += "-dirty"
	}
	return gnark, commit
}

func (s *State) last(phase int) *Contribution {
	var l *Contribution
	for i := range s.Contributions {
		if s.Contributions[i].Phase == phase {
			l = &s.Contributions[i]
		}
	}
	return l
}

func (s *State) count(phase int) int {
	n := 0
	for _, c := range s.Contributions {
		if c.Phase == phase {
			n++
		}
	}
	return n
}

// Contribute adds one contribution (fresh randomness, discarded afterwards) to the open phase.
func Contribute(dir, name string) (*Contribution, error) {
	s, err := load(dir)
	if err != nil {
		return nil, err
	}
	var obj io.WriterTo
	switch s.Phase {
	case 1:
		p := mpcsetup.NewPhase1(s.Domain)
		if l := s.last(1); l != nil {
			p = new(mpcsetup.Phase1)
			if err := readObj(filepath.Join(dir, l.File), p); err != nil {
				return nil, err
			}
		}
		p.Contribute()
		obj = p
	case 2:
		p := new(mpcsetup.Phase2)
		if l := s.last(2); l != nil {
			if err := readObj(filepath.Join(dir, l.File), p); err != nil {
				return nil, err
			}
		} else {
			ccs, err := loadCCS(dir, s)
			if err != nil {
				return nil, err
			}
			var commons mpcsetup.SrsCommons
			if err := readObj(filepath.Join(dir, "commons.bin"), &commons); err != nil {
				return nil, err
			}
			p.Initialize(ccs, &commons)
		}
		p.Contribute()
		obj = p
	default:
		return nil, fmt.Errorf("ceremony is sealed")
	}
	c := Contribution{Phase: s.Phase, Index: s.count(s.Phase) + 1, Name: name, Time: time.Now().UTC().Format(time.RFC3339)}
	c.File = fmt.Sprintf("phase%d-%03d.bin", c.Phase, c.Index)
	if c.Sha256, err = writeObj(filepath.Join(dir, c.File), obj); err != nil {
		return nil, err
	}
	s.Contributions = append(s.Contributions, c)
	return &c, s.save(dir)
}

func (s *State) phase1(dir string) ([]*mpcsetup.Phase1, error) {
	var out []*mpcsetup.Phase1
	for _, c := range s.Contributions {
		if c.Phase == 1 {
			p := new(mpcsetup.Phase1)
			if err := readObj(filepath.Join(dir, c.File), p); err != nil {
				return nil, err
			}
			out = append(out, p)
		}
	}
	return out, nil
}

func (s *State) phase2(dir string) ([]*mpcsetup.Phase2, error) {
	var out []*mpcsetup.Phase2
	for _, c := range s.Contributions {
		if c.Phase == 2 {
			p := new(mpcsetup.Phase2)
			if err := readObj(filepath.Join(dir, c.File), p); err != nil {
				return nil, err
			}
			out = append(out, p)
		}
	}
	return out, nil
}

func hashOf(w io.WriterTo) string {
	h := sha256.New()
	if _, err := w.WriteTo(h); err != nil {
		panic(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Seal closes the open phase with a public beacon. Phase 1 → SRS commons and phase 2 opens;
// phase 2 → proving/verifying keys, installed into store.
func Seal(dir string, beacon []byte, store *engine.Store) (*State, error) {
	s, err := load(dir)
	if err != nil {
		return nil, err
	}
	if len(beacon) == 0 {
		return nil, fmt.Errorf("a public beacon is required")
	}
	switch s.Phase {
	case 1:
		ps, err := s.phase1(dir)
		if err != nil {
			return nil, err
		}
		if len(ps) == 0 {
			return nil, fmt.Errorf("phase 1 has no contribution")
		}
		commons, err := mpcsetup.VerifyPhase1(s.Domain, beacon, ps...)
		if err != nil {
			return nil, fmt.Errorf("phase 1 verification failed: %w", err)
		}
		if s.CommonsSha256, err = writeObj(filepath.Join(dir, "commons.bin"), &commons); err != nil {
			return nil, err
		}
		s.Beacon1, s.Phase = hex.EncodeToString(beacon), 2
	case 2:
		ps, err := s.phase2(dir)
		if err != nil {
			return nil, err
		}
		if len(ps) == 0 {
			return nil, fmt.Errorf("phase 2 has no contribution")
		}
		ccs, err := loadCCS(dir, s)
		if err != nil {
			return nil, err
		}
		var commons mpcsetup.SrsCommons
		if err := readObj(filepath.Join(dir, "commons.bin"), &commons); err != nil {
			return nil, err
		}
		pk, vk, err := mpcsetup.VerifyPhase2(ccs, &commons, beacon, ps...)
		if err != nil {
			return nil, fmt.Errorf("phase 2 verification failed: %w", err)
		}
		if _, err := writeObj(filepath.Join(dir, "vk.bin"), vk); err != nil {
			return nil, err
		}
		if _, err := writeObj(filepath.Join(dir, "pk.bin"), pk); err != nil {
			return nil, err
		}
		if store != nil {
			if _, err := store.Install(&engine.Keys{ID: s.KeyID, CCS: ccs, PK: pk, VK: vk}, "ceremony"); err != nil {
				return nil, err
			}
		}
		s.VKSha256, s.Beacon2, s.Phase = engine.VKHash(vk), hex.EncodeToString(beacon), 3
	default:
		return nil, fmt.Errorf("ceremony is already sealed")
	}
	return s, s.save(dir)
}

func checkFiles(dir string, s *State) error {
	for _, c := range s.Contributions {
		b, err := os.ReadFile(filepath.Join(dir, c.File))
		if err != nil {
			return err
		}
		if h := sha256.Sum256(b); hex.EncodeToString(h[:]) != c.Sha256 {
			return fmt.Errorf("%s: hash differs from the transcript", c.File)
		}
	}
	return nil
}

// Verify recompiles the circuit from this binary's source and refuses a transcript whose R1CS
// hash differs, then re-checks every contribution, the recorded hashes and both seals; anyone
// can run it.
func Verify(dir string) (*State, error) {
	s, err := load(dir)
	if err != nil {
		return nil, err
	}
	ccs, r1csHash, err := compile(s.KeyID)
	if err != nil {
		return nil, fmt.Errorf("cannot recompile %s: %w", s.KeyID, err)
	}
	if r1csHash != s.R1CSSha256 {
		gnark, commit := BuildInfo()
		return nil, fmt.Errorf("the circuit compiled from this source (commit %s, gnark %s) has R1CS hash %s, the transcript records %s (commit %s, gnark %s)",
			commit, gnark, r1csHash, s.R1CSSha256, s.SourceCommit, s.Gnark)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "circuit.r1cs")); err == nil {
		if h := sha256.Sum256(b); hex.EncodeToString(h[:]) != r1csHash {
			return nil, fmt.Errorf("circuit.r1cs differs from the circuit compiled from source")
		}
	}
	if err := checkFiles(dir, s); err != nil {
		return nil, err
	}
	var commons mpcsetup.SrsCommons
	if s.Phase1From != "" {
		c, srcHash, err := sharedPhase1(s.Phase1From, s.Domain)
		if err != nil {
			return nil, err
		}
		if srcHash != s.Phase1FromCommons || hashOf(c) != s.CommonsSha256 {
			return nil, fmt.Errorf("the shared phase 1 in %s is not the one this transcript recorded", s.Phase1From)
		}
		commons = *c
		return s, verifyPhase2(dir, s, ccs, &commons)
	}
	p1, err := s.phase1(dir)
	if err != nil {
		return nil, err
	}
	if s.Phase == 1 {
		prev := mpcsetup.NewPhase1(s.Domain)
		for i, p := range p1 {
			if err := prev.Verify(p); err != nil {
				return nil, fmt.Errorf("phase 1 contribution %d invalid: %w", i+1, err)
			}
			prev = p
		}
		return s, nil
	}
	b1, _ := hex.DecodeString(s.Beacon1)
	commons, err = mpcsetup.VerifyPhase1(s.Domain, b1, p1...)
	if err != nil {
		return nil, fmt.Errorf("phase 1 invalid: %w", err)
	}
	if hashOf(&commons) != s.CommonsSha256 {
		return nil, fmt.Errorf("commons.bin does not follow from the phase 1 transcript")
	}
	return s, verifyPhase2(dir, s, ccs, &commons)
}

func verifyPhase2(dir string, s *State, ccs *cs.R1CS, commons *mpcsetup.SrsCommons) error {
	p2, err := s.phase2(dir)
	if err != nil {
		return err
	}
	if s.Phase == 2 {
		prev := new(mpcsetup.Phase2)
		prev.Initialize(ccs, commons)
		for i, p := range p2 {
			if err := prev.Verify(p); err != nil {
				return fmt.Errorf("phase 2 contribution %d invalid: %w", i+1, err)
			}
			prev = p
		}
		return nil
	}
	b2, _ := hex.DecodeString(s.Beacon2)
	_, vk, err := mpcsetup.VerifyPhase2(ccs, commons, b2, p2...)
	if err != nil {
		return fmt.Errorf("phase 2 invalid: %w", err)
	}
	if engine.VKHash(vk) != s.VKSha256 {
		return fmt.Errorf("verifying key does not follow from the transcript")
	}
	var onDisk bytes.Buffer
	if b, err := os.ReadFile(filepath.Join(dir, "vk.bin")); err == nil {
		onDisk.Write(b)
	}
	if !bytes.Equal(onDisk.Bytes(), engine.VKBytes(vk)) {
		return fmt.Errorf("vk.bin differs from the verifying key the transcript yields")
	}
	return nil
}

func sha256Sum(b []byte) [32]byte { return sha256.Sum256(b) }
