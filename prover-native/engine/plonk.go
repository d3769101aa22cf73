package engine

import (
	"bytes"
	"fmt"
	"time"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
	"github.com/consensys/gnark/backend/plonk"
	"github.com/consensys/gnark/constraint"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/scs"
	"github.com/consensys/gnark/test/unsafekzg"
)

// PlonkKeys: a circuit compiled for PlonK (sparse constraint system) and its keys. Benchmark
// only (`lethe-prover bench --backend plonk`): the chaincode verifies Groth16, not PlonK.
type PlonkKeys struct {
	CCS constraint.ConstraintSystem
	PK  plonk.ProvingKey
	VK  plonk.VerifyingKey
	// SRSSize: points of the canonical KZG SRS the setup needed (universal: any circuit up to
	// this size shares it; there is no per-circuit ceremony).
	SRSSize int
	// SRSMs, SetupMs: making the SRS, then deriving the circuit's keys from it.
	SRSMs, SetupMs int64
}

// CompilePlonk compiles a circuit into PlonK's sparse constraint system over BLS12-381.
func CompilePlonk(c frontend.Circuit) (constraint.ConstraintSystem, error) {
	return frontend.Compile(ecc.BLS12_381.ScalarField(), scs.NewBuilder, c)
}

// PlonkDevSetup makes the keys of ccs from gnark's test KZG SRS (unsafekzg). INSECURE: the SRS's
// secret τ is known to whoever runs it (a dev SRS); a real deployment takes a public
// powers-of-tau SRS of the right size, which is universal (no per-circuit ceremony).
func PlonkDevSetup(ccs constraint.ConstraintSystem) (*PlonkKeys, error) {
	t := time.Now()
	srs, lagrange, err := unsafekzg.NewSRS(ccs)
	if err != nil {
		return nil, fmt.Errorf("dev KZG SRS: %w", err)
	}
	srsMs := time.Since(t).Milliseconds()
	t = time.Now()
	pk, vk, err := plonk.Setup(ccs, srs, lagrange)
	if err != nil {
		return nil, fmt.Errorf("plonk setup: %w", err)
	}
	canonical, _ := plonk.SRSSize(ccs)
	return &PlonkKeys{CCS: ccs, PK: pk, VK: vk, SRSSize: canonical, SRSMs: srsMs, SetupMs: time.Since(t).Milliseconds()}, nil
}

// PlonkProve solves the statement's witness and proves it with PlonK; the proof is gnark's
// encoding, verified with PlonkVerify against the statement's public inputs.
func PlonkProve(k *PlonkKeys, st Statement) (*Result, error) {
	if err := st.Prepare(); err != nil {
		return nil, fmt.Errorf("witness does not satisfy the %s statement: %w", st.Kind(), err)
	}
	t0 := time.Now()
	w, err := frontend.NewWitness(st.Assignment(), ecc.BLS12_381.ScalarField())
	if err != nil {
		return nil, err
	}
	t1 := time.Now()
	proof, err := plonk.Prove(k.CCS, k.PK, w)
	if err != nil {
		return nil, fmt.Errorf("witness does not satisfy the %s circuit: %w", st.Kind(), err)
	}
	t2 := time.Now()
	var b bytes.Buffer
	if _, err := proof.WriteTo(&b); err != nil {
		return nil, err
	}
	return &Result{Proof: b.Bytes(), Public: st.Public(), WitnessMs: t1.Sub(t0).Milliseconds(), ProveMs: t2.Sub(t1).Milliseconds(), Constraints: k.CCS.GetNbConstraints()}, nil
}

// PlonkVerify checks a PlonK proof (gnark encoding) against the public inputs.
func PlonkVerify(vk plonk.VerifyingKey, proofBytes []byte, public []fr.Element) error {
	proof := plonk.NewProof(ecc.BLS12_381)
	if _, err := proof.ReadFrom(bytes.NewReader(proofBytes)); err != nil {
		return fmt.Errorf("malformed proof: %w", err)
	}
	pw, err := publicWitness(public)
	if err != nil {
		return err
	}
	return plonk.Verify(proof, vk, pw)
}

// PlonkVKBytes: the verifying key's gnark encoding.
func PlonkVKBytes(vk plonk.VerifyingKey) int {
	var b bytes.Buffer
	vk.WriteTo(&b)
	return b.Len()
}
