// Package zkdigest computes zkDigest, the SNARK-friendly commitment to a model's
// fixed-point weights (DESIGN §5). The format is specified in ../ZKDIGEST.md and
// mirrored byte for byte by io.lethe.zk.ZkDigest in the Java chaincode library.
package zkdigest

import (
	"fmt"
	"math/big"
	"sync"

	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr/poseidon2"

	"lethe.io/prover-native/fixedpoint"
)

const (
	// ScaleBits: value = raw / 2^ScaleBits (the fixed-point rule's).
	ScaleBits = fixedpoint.FractionBits
	// MagnitudeBits: every raw weight satisfies |raw| < 2^MagnitudeBits.
	MagnitudeBits = fixedpoint.MagnitudeBits
	// SlotBits: width of one packed weight, u = raw + 2^MagnitudeBits in [0, 2^SlotBits).
	SlotBits = MagnitudeBits + 1
	// PerElement: weights packed into one field element (6·41 = 246 bits < 255).
	PerElement = 6
	// LeafWeights: weights per Merkle leaf (last leaf padded with raw 0).
	LeafWeights = 64
	// LeafElements: packed field elements per leaf, ceil(64/6) = 11.
	LeafElements = (LeafWeights + PerElement - 1) / PerElement

	Width         = 3
	FullRounds    = 8
	PartialRounds = 56
	TagLeaf       = 1
	TagNode       = 2
	TagRoot       = 3
)

var params = sync.OnceValue(func() *poseidon2.Parameters {
	return poseidon2.NewParameters(Width, FullRounds, PartialRounds)
})

var perm = sync.OnceValue(func() *poseidon2.Permutation {
	return poseidon2.NewPermutation(Width, FullRounds, PartialRounds)
})

// Params exposes the permutation parameters (round keys) for tests and docs.
func Params() *poseidon2.Parameters { return params() }

// Permute applies the Poseidon2 permutation (t=3, rF=8, rP=56) in place.
func Permute(s *[3]fr.Element) {
	buf := s[:]
	if err := perm().Permutation(buf); err != nil {
		panic(err)
	}
}

// Compress is the 2-to-1 compression: P(a, b, tag)[0].
func Compress(a, b fr.Element, tag uint64) fr.Element {
	var s [3]fr.Element
	s[0], s[1] = a, b
	s[2].SetUint64(tag)
	Permute(&s)
	return s[0]
}

// CheckRaw rejects weights outside the fixed-point range.
func CheckRaw(raw []int64) error {
	for i, r := range raw {
		if err := fixedpoint.Check(r); err != nil {
			return fmt.Errorf("weight %d: %w", i, err)
		}
	}
	return nil
}

// FieldOf maps a signed raw value to the scalar field (negative -> r - |raw|).
func FieldOf(raw int64) fr.Element {
	var e fr.Element
	e.SetInt64(raw)
	return e
}

// PackLeaf packs one leaf of (up to) 64 weights into 11 field elements.
func PackLeaf(raw []int64) [LeafElements]fr.Element {
	var out [LeafElements]fr.Element
	offset := new(big.Int).Lsh(big.NewInt(1), MagnitudeBits)
	for k := 0; k < LeafElements; k++ {
		acc := new(big.Int)
		for j := PerElement - 1; j >= 0; j-- {
			idx := k*PerElement + j
			acc.Lsh(acc, SlotBits)
			if idx >= LeafWeights {
				continue
			}
			u := new(big.Int).Set(offset)
			if idx < len(raw) {
				u.Add(u, big.NewInt(raw[idx]))
			}
			acc.Add(acc, u)
		}
		out[k].SetBigInt(acc)
	}
	return out
}

// LeafHash is the rate-2 sponge over the 11 packed elements, capacity initialised to TagLeaf.
func LeafHash(packed [LeafElements]fr.Element) fr.Element {
	var s [3]fr.Element
	s[2].SetUint64(TagLeaf)
	for k := 0; k < LeafElements; k += 2 {
		s[0].Add(&s[0], &packed[k])
		if k+1 < LeafElements {
			s[1].Add(&s[1], &packed[k+1])
		}
		Permute(&s)
	}
	return s[0]
}

// Leaves returns the leaf hashes of a weight vector (ceil(n/64) leaves, at least one).
func Leaves(raw []int64) []fr.Element {
	n := (len(raw) + LeafWeights - 1) / LeafWeights
	if n == 0 {
		n = 1
	}
	out := make([]fr.Element, n)
	for i := 0; i < n; i++ {
		lo, hi := i*LeafWeights, min((i+1)*LeafWeights, len(raw))
		if lo > hi {
			lo = hi
		}
		out[i] = LeafHash(PackLeaf(raw[lo:hi]))
	}
	return out
}

// TreeRoot folds leaves (padded with zero elements to a power of two) with Compress(·,·,TagNode).
func TreeRoot(leaves []fr.Element) fr.Element {
	width := 1
	for width < len(leaves) {
		width <<= 1
	}
	level := make([]fr.Element, width)
	copy(level, leaves)
	for len(level) > 1 {
		next := make([]fr.Element, len(level)/2)
		for i := range next {
			next[i] = Compress(level[2*i], level[2*i+1], TagNode)
		}
		level = next
	}
	return level[0]
}

// Digest is zkDigest(raw) = Compress(treeRoot, n, TagRoot).
func Digest(raw []int64) (fr.Element, error) {
	if err := CheckRaw(raw); err != nil {
		return fr.Element{}, err
	}
	var n fr.Element
	n.SetUint64(uint64(len(raw)))
	return Compress(TreeRoot(Leaves(raw)), n, TagRoot), nil
}

// MustDigest panics on out-of-range weights (for generated data).
func MustDigest(raw []int64) fr.Element {
	d, err := Digest(raw)
	if err != nil {
		panic(err)
	}
	return d
}

// Hex renders a field element as 32-byte big-endian hex.
func Hex(e fr.Element) string {
	b := e.Bytes()
	return fmt.Sprintf("%x", b[:])
}
