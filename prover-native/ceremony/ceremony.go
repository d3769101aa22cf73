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
	"path/filepath"
	"time"

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
	KeyID         string         `json:"keyId"`
	Domain        uint64         `json:"domain"`
	Constraints   int            `json:"constraints"`
	Phase         int            `json:"phase"` // 1, 2, or 3 = sealed
	Contributions []Contribution `json:"contributions"`
	Beacon1       string         `json:"beaconPhase1,omitempty"` // hex
	Beacon2       string         `json:"beaconPhase2,omitempty"`
	CommonsSha256 string         `json:"commonsSha256,omitempty"`
	VKSha256      string         `json:"vkSha256,omitempty"`
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

func loadCCS(dir string) (*cs.R1CS, error) {
	ccs := groth16.NewCS(ecc.BLS12_381)
	if err := readObj(filepath.Join(dir, "circuit.r1cs"), ccs); err != nil {
		return nil, err
	}
	return ccs.(*cs.R1CS), nil
}

// Init compiles the circuit shape and opens phase 1.
func Init(dir, keyID string) (*State, error) {
	c, err := engine.EmptyFor(keyID)
	if err != nil {
		return nil, err
	}
	return initWith(dir, keyID, c)
}

func initWith(dir, keyID string, c frontend.Circuit) (*State, error) {
	ccs, err := engine.Compile(c)
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
	s := &State{KeyID: keyID, Domain: ecc.NextPowerOfTwo(uint64(ccs.GetNbConstraints())), Constraints: ccs.GetNbConstraints(), Phase: 1}
	return s, s.save(dir)
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
			ccs, err := loadCCS(dir)
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
		ccs, err := loadCCS(dir)
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

// Verify re-checks every contribution, the recorded hashes and both seals; anyone can run it.
func Verify(dir string) (*State, error) {
	s, err := load(dir)
	if err != nil {
		return nil, err
	}
	for _, c := range s.Contributions {
		b, err := os.ReadFile(filepath.Join(dir, c.File))
		if err != nil {
			return nil, err
		}
		if h := sha256.Sum256(b); hex.EncodeToString(h[:]) != c.Sha256 {
			return nil, fmt.Errorf("%s: hash differs from the transcript", c.File)
		}
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
	commons, err := mpcsetup.VerifyPhase1(s.Domain, b1, p1...)
	if err != nil {
		return nil, fmt.Errorf("phase 1 invalid: %w", err)
	}
	if hashOf(&commons) != s.CommonsSha256 {
		return nil, fmt.Errorf("commons.bin does not follow from the phase 1 transcript")
	}
	p2, err := s.phase2(dir)
	if err != nil {
		return nil, err
	}
	ccs, err := loadCCS(dir)
	if err != nil {
		return nil, err
	}
	if s.Phase == 2 {
		prev := new(mpcsetup.Phase2)
		prev.Initialize(ccs, &commons)
		for i, p := range p2 {
			if err := prev.Verify(p); err != nil {
				return nil, fmt.Errorf("phase 2 contribution %d invalid: %w", i+1, err)
			}
			prev = p
		}
		return s, nil
	}
	b2, _ := hex.DecodeString(s.Beacon2)
	_, vk, err := mpcsetup.VerifyPhase2(ccs, &commons, b2, p2...)
	if err != nil {
		return nil, fmt.Errorf("phase 2 invalid: %w", err)
	}
	if engine.VKHash(vk) != s.VKSha256 {
		return nil, fmt.Errorf("verifying key does not follow from the transcript")
	}
	var onDisk bytes.Buffer
	if b, err := os.ReadFile(filepath.Join(dir, "vk.bin")); err == nil {
		onDisk.Write(b)
	}
	if !bytes.Equal(onDisk.Bytes(), engine.VKBytes(vk)) {
		return nil, fmt.Errorf("vk.bin differs from the verifying key the transcript yields")
	}
	return s, nil
}
