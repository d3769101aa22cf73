package chunks

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"strconv"
)

// ObsMaskVersion prefixes the ledger encoding of a zero-shot mask (Java io.lethe.zk.ObsMask).
const ObsMaskVersion = "obs1"

// EncodeObsMask is the canonical text of a model-wide OBS mask (CHUNKS.md § mask encoding):
// "obs1.<weights>.<removed>.<frozen>", each list the unpadded base64url of unsigned LEB128
// varints of its gaps (first position, then position − previous − 1); an empty list is "".
// Positions must be sorted and distinct (the Java class validates the rest).
func EncodeObsMask(weights int64, removed, frozen []int64) string {
	return ObsMaskVersion + "." + strconv.FormatInt(weights, 10) + "." + gaps(removed) + "." + gaps(frozen)
}

func gaps(pos []int64) string {
	var out []byte
	prev := int64(-1)
	for _, p := range pos {
		out = binary.AppendUvarint(out, uint64(p-prev-1))
		prev = p
	}
	return base64.RawURLEncoding.EncodeToString(out)
}

// MaskOfChunk returns the positions of a model-wide sorted set inside chunk idx (chunk-relative).
func MaskOfChunk(set []int64, idx int) []int {
	var out []int
	lo, hi := int64(idx)*Weights, int64(idx+1)*Weights
	for _, p := range set {
		if p >= lo && p < hi {
			out = append(out, int(p-lo))
		}
	}
	return out
}

// checkSorted: strictly increasing, non-negative.
func checkSorted(name string, pos []int64) error {
	for i, p := range pos {
		if p < 0 || (i > 0 && p <= pos[i-1]) {
			return fmt.Errorf("%s: positions must be non-negative, sorted and distinct (at %d)", name, i)
		}
	}
	return nil
}
