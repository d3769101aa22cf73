// Package chunks holds the universal chunk circuits of DESIGN §5: statements over ONE chunk
// (an aligned subtree of 16 zkDigest leaves = 1,024 weights) whose shape never depends on the
// model. Spec: ../CHUNKS.md. Every circuit's first six public inputs are
// (old subroot, new subroot, chunk index, kind, bind, count); the statement's own follow.
package chunks

import (
	"encoding/hex"
	"fmt"
	"math/big"
	"strings"

	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"

	"lethe.io/prover-native/zkdigest"
)

const (
	// Leaves per chunk and weights per chunk (ZkDigest.CHUNK_LEAVES / CHUNK_WEIGHTS in Java).
	Leaves  = 16
	Weights = Leaves * zkdigest.LeafWeights

	// Statement kinds (public input "kind").
	KindDelta   = 1
	KindCascade = 2
	KindObs     = 3

	// Starts: the fixed maximum number of cascade starts in one chunk proof (unused: k = 0, Δ = 0).
	Starts = 4

	// TagBind: Poseidon2 domain tag of bind (zkDigest uses 1, 2, 3).
	TagBind = 4
)

// KeyID maps a kind to its key id (chunk-delta, chunk-cascade, chunk-obs).
func KeyID(kind int) string {
	switch kind {
	case KindDelta:
		return "chunk-delta"
	case KindCascade:
		return "chunk-cascade"
	case KindObs:
		return "chunk-obs"
	}
	return ""
}

// Count returns the number of real weights of chunk idx of an n-weight model (0 past the end).
func Count(n, idx int) int {
	c := n - idx*Weights
	return max(0, min(Weights, c))
}

// ChunkCount mirrors ZkDigest.chunkCount: max(1, treeWidth/16).
func ChunkCount(n int) int {
	return max(1, treeWidth(n)/Leaves)
}

func leafCount(n int) int { return max(1, (n+zkdigest.LeafWeights-1)/zkdigest.LeafWeights) }

func treeWidth(n int) int {
	w := 1
	for w < leafCount(n) {
		w <<= 1
	}
	return w
}

// width of chunk idx holding count real weights: a single-chunk model narrower than 16 leaves
// is the whole tree (next power of two of its leaves); every other chunk has 16 leaves.
func width(idx uint64, count int) int {
	if idx != 0 {
		return Leaves
	}
	return min(Leaves, treeWidth(count))
}

// fieldVals maps signed raws to field elements (negatives to r − |raw|).
func fieldVals(raw []int64) []fr.Element {
	out := make([]fr.Element, len(raw))
	for i, r := range raw {
		out[i].SetInt64(r)
	}
	return out
}

// leafHashField packs up to 64 values (u = v + 2^40 computed in the field, no range check) and
// hashes them as a zkDigest leaf; absent values are raw 0. Tests use it to build forged witnesses.
func leafHashField(vals []fr.Element) fr.Element {
	var off, pow fr.Element
	off.SetBigInt(new(big.Int).Lsh(big.NewInt(1), zkdigest.MagnitudeBits))
	var packed [zkdigest.LeafElements]fr.Element
	for k := 0; k < zkdigest.LeafElements; k++ {
		for j := 0; j < zkdigest.PerElement; j++ {
			idx := k*zkdigest.PerElement + j
			if idx >= zkdigest.LeafWeights {
				break
			}
			u := off
			if idx < len(vals) {
				u.Add(&u, &vals[idx])
			}
			pow.SetBigInt(new(big.Int).Lsh(big.NewInt(1), uint(zkdigest.SlotBits*j)))
			u.Mul(&u, &pow)
			packed[k].Add(&packed[k], &u)
		}
	}
	return zkdigest.LeafHash(packed)
}

// SubrootField is the subroot of chunk idx whose real values are vals (len = count, 1..1024),
// without range checks: leaves past the real ones are the field element 0, the fold has
// width(idx, count) leaves.
func SubrootField(vals []fr.Element, idx uint64) fr.Element {
	count := len(vals)
	wd := width(idx, count)
	level := make([]fr.Element, wd)
	for l := 0; l < wd; l++ {
		lo := l * zkdigest.LeafWeights
		if lo >= count {
			break
		}
		level[l] = leafHashField(vals[lo:min(count, lo+zkdigest.LeafWeights)])
	}
	for len(level) > 1 {
		next := make([]fr.Element, len(level)/2)
		for i := range next {
			next[i] = zkdigest.Compress(level[2*i], level[2*i+1], zkdigest.TagNode)
		}
		level = next
	}
	return level[0]
}

// Subroot is the subroot of chunk idx holding the raws (1..1024 of them, range-checked).
func Subroot(raw []int64, idx uint64) (fr.Element, error) {
	if len(raw) < 1 || len(raw) > Weights {
		return fr.Element{}, fmt.Errorf("a chunk holds 1..%d weights, got %d", Weights, len(raw))
	}
	if err := zkdigest.CheckRaw(raw); err != nil {
		return fr.Element{}, err
	}
	return SubrootField(fieldVals(raw), idx), nil
}

func mustSubroot(raw []int64, idx uint64) fr.Element {
	s, err := Subroot(raw, idx)
	if err != nil {
		panic(err)
	}
	return s
}

// ModelSubroots mirrors ZkDigest.chunkSubroots (Java): one subroot per chunk, including chunks
// made only of padding leaves (fold of zeros). Models of 0 weights are refused.
func ModelSubroots(raw []int64) ([]fr.Element, error) {
	if len(raw) == 0 {
		return nil, fmt.Errorf("an empty model has no chunk proofs")
	}
	if err := zkdigest.CheckRaw(raw); err != nil {
		return nil, err
	}
	out := make([]fr.Element, ChunkCount(len(raw)))
	for i := range out {
		lo := i * Weights
		if lo >= len(raw) {
			out[i] = fold(make([]fr.Element, Leaves)) // all-padding chunk: fold of 16 zero leaves
			continue
		}
		out[i] = SubrootField(fieldVals(raw[lo:min(len(raw), lo+Weights)]), uint64(i))
	}
	return out, nil
}

// fold folds a power-of-two list of nodes with compress(·,·,TagNode).
func fold(level []fr.Element) fr.Element {
	for len(level) > 1 {
		next := make([]fr.Element, len(level)/2)
		for i := range next {
			next[i] = zkdigest.Compress(level[2*i], level[2*i+1], zkdigest.TagNode)
		}
		level = next
	}
	return level[0]
}

// FromSubroots mirrors ZkDigest.fromChunkSubroots: compress(fold(subroots), n, TagRoot).
func FromSubroots(subroots []fr.Element, n int) (fr.Element, error) {
	if len(subroots) != ChunkCount(n) {
		return fr.Element{}, fmt.Errorf("a model of %d weights has %d chunks, got %d subroots", n, ChunkCount(n), len(subroots))
	}
	var nn fr.Element
	nn.SetUint64(uint64(n))
	return zkdigest.Compress(fold(append([]fr.Element(nil), subroots...)), nn, zkdigest.TagRoot), nil
}

// BindVersion is the domain string of bind v1.
const BindVersion = "lethe.chunk-bind.v1"

// BindMessage is lp(BindVersion) ‖ lp(channel) ‖ lp(requestId) ‖ lp(modelId) ‖ u64 version
// (lp = 4-byte big-endian length ‖ UTF-8 bytes).
func BindMessage(channel, requestID, modelID string, version uint64) []byte {
	var m []byte
	lp := func(s string) {
		n := len(s)
		m = append(m, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
		m = append(m, s...)
	}
	lp(BindVersion)
	lp(channel)
	lp(requestID)
	lp(modelID)
	for i := 7; i >= 0; i-- {
		m = append(m, byte(version>>(8*i)))
	}
	return m
}

// Bind = H(channel ‖ requestId ‖ modelId ‖ version) (CHUNKS.md §bind): the message is cut
// into 31-byte big-endian elements (last one right-padded with zero bytes, an element 0 appended
// if their number is odd), absorbed two at a time into a Poseidon2 sponge whose state starts
// at (0, 0, TagBind); bind = compress(lane 0, byte length of the message, TagBind).
func Bind(channel, requestID, modelID string, version uint64) fr.Element {
	return BindOf(BindMessage(channel, requestID, modelID, version))
}

// BindOf hashes an already encoded bind message.
func BindOf(m []byte) fr.Element {
	var elems []fr.Element
	for lo := 0; lo < len(m); lo += 31 {
		var blk [31]byte
		copy(blk[:], m[lo:min(len(m), lo+31)])
		var e fr.Element
		e.SetBigInt(new(big.Int).SetBytes(blk[:]))
		elems = append(elems, e)
	}
	if len(elems)%2 == 1 {
		elems = append(elems, fr.Element{})
	}
	var s [3]fr.Element
	s[2].SetUint64(TagBind)
	for k := 0; k < len(elems); k += 2 {
		s[0].Add(&s[0], &elems[k])
		s[1].Add(&s[1], &elems[k+1])
		zkdigest.Permute(&s)
	}
	var n fr.Element
	n.SetUint64(uint64(len(m)))
	return zkdigest.Compress(s[0], n, TagBind)
}

// ParseField reads a 32-byte big-endian hex field element (canonical, < r).
func ParseField(h string) (fr.Element, error) {
	b, err := hex.DecodeString(strings.TrimPrefix(h, "0x"))
	if err != nil || len(b) != 32 {
		return fr.Element{}, fmt.Errorf("%q is not 64 hex digits", h)
	}
	var e fr.Element
	if err := e.SetBytesCanonical(b); err != nil {
		return fr.Element{}, fmt.Errorf("%q is not a BLS12-381 scalar: %w", h, err)
	}
	return e, nil
}
