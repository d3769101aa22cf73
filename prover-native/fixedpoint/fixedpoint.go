// Package fixedpoint is the one fixed-point rule of Lethe (DESIGN §5), the Go twin of
// io.lethe.fixedpoint.FixedPoint: raw = round_half_away_from_zero(w·2^16) with |raw| < 2^40.
// Both are checked against chaincode/core/src/test/resources/fixedpoint/fixedpoint-vectors.json.
package fixedpoint

import (
	"errors"
	"fmt"
	"math"
)

const (
	// FractionBits: w = raw / 2^FractionBits.
	FractionBits = 16
	// MagnitudeBits: every raw value satisfies |raw| < 2^MagnitudeBits.
	MagnitudeBits = 40

	scale = 1 << FractionBits
	bound = int64(1) << MagnitudeBits
)

var (
	ErrNotFinite  = errors.New("not finite")
	ErrOutOfRange = errors.New("out of range")
)

// FromFloat returns round_half_away_from_zero(w·2^16); NaN, ±Inf and |raw| >= 2^40 are errors.
// w·2^16 is exact (a power-of-two scaling) and math.Round rounds halves away from zero.
func FromFloat(w float64) (int64, error) {
	if math.IsNaN(w) || math.IsInf(w, 0) {
		return 0, fmt.Errorf("weight %v: %w", w, ErrNotFinite)
	}
	r := math.Round(w * scale)
	if math.Abs(r) >= float64(bound) {
		return 0, fmt.Errorf("weight %v: %w: need |w·2^16| < 2^40", w, ErrOutOfRange)
	}
	return int64(r), nil
}

// ToFloat returns raw / 2^16.
func ToFloat(raw int64) float64 { return float64(raw) / scale }

// Check rejects raw values outside (-2^40, 2^40).
func Check(raw int64) error {
	if raw <= -bound || raw >= bound {
		return fmt.Errorf("raw %d: %w: need |raw| < 2^40", raw, ErrOutOfRange)
	}
	return nil
}
