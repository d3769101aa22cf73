# Kubo (IPFS) release Lethe builds for its optional content-store backend (sourced by
# install-kubo.sh and e2e/55-kubo-store.sh). v0.39.0 is the newest release the Go module
# proxy here serves (v0.39.1+ and v0.40.0 answer 403). KUBO_SUM is the module zip's go.sum
# hash (checked by the Go checksum database too); KUBO_COMMIT is the tag's commit.
KUBO_VERSION="${KUBO_VERSION:-v0.39.0}"
KUBO_SUM="${KUBO_SUM:-h1:QA9tjxjZFfffZDUnJqbFHCaapxkzEBD2nC5YmYDIkEU=}"
KUBO_COMMIT="${KUBO_COMMIT:-2896aed9f41072d5cb420c790db5ea1a3536050a}"
# Kubo's go.mod says `go 1.25`; it does not build with Go 1.26: its dependency
# github.com/cockroachdb/swiss links into runtime internals only for go1.20..go1.25
# (`//go:build go1.20 && !go1.26`). So the build runs on this Go toolchain, which the local
# `go` (>= 1.21) fetches from the module proxy (golang.org/toolchain) by itself.
KUBO_GO_TOOLCHAIN="${KUBO_GO_TOOLCHAIN:-go1.25.8}"

LETHE_CACHE="${LETHE_CACHE:-$HOME/.cache/lethe}"
KUBO_HOME="$LETHE_CACHE/kubo-$KUBO_VERSION"
KUBO_IPFS="$KUBO_HOME/ipfs"
