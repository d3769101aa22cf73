#!/usr/bin/env bash
# Builds Kubo's `ipfs` binary (the optional content-store backend, KuboContentStore) from the
# Go module proxy at the pinned release, into a cache shared by every clone:
# ${LETHE_CACHE:-~/.cache/lethe}/kubo-<version>/ipfs. Idempotent: does nothing when the stamp
# matches the pin and the binary runs. Prints the binary's path on stdout.
#
# `go install github.com/ipfs/kubo/cmd/ipfs@version` cannot be used here (it asks the proxy
# for @v/list, which is refused). Kubo's go.mod has no replace directives, but building a
# dependency's main package from another module would still re-resolve its requirements, so
# we download the module zip (hash-checked: KUBO_SUM and the Go checksum database) and build
# ./cmd/ipfs inside a copy of it, with Kubo's own go.mod and go.sum (-mod=readonly), on the
# pinned Go toolchain (KUBO_GO_TOOLCHAIN; see lib/kubo-pin.sh for why not the local Go).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/test-network-scripts/lib/kubo-pin.sh"
die() { echo "install-kubo: $*" >&2; exit 1; }

stamp_value() { echo "kubo $KUBO_VERSION $KUBO_SUM $KUBO_COMMIT $KUBO_GO_TOOLCHAIN CGO_ENABLED=0 -trimpath"; }
stamp_file="$KUBO_HOME/.stamp"
if [[ -f "$stamp_file" && "$(cat "$stamp_file")" == "$(stamp_value)" && -x "$KUBO_IPFS" ]] \
    && "$KUBO_IPFS" version >/dev/null 2>&1; then
  echo "install-kubo: Kubo $KUBO_VERSION already in $KUBO_IPFS" >&2
  echo "$KUBO_IPFS"
  exit 0
fi

start=$(date +%s)
command -v go >/dev/null || die "Go toolchain not found (Go >= 1.21 needed to fetch $KUBO_GO_TOOLCHAIN)"
go_minor="$(go env GOVERSION | sed -n 's/^go1\.\([0-9]*\).*/\1/p')"
if [[ -z "$go_minor" || "$go_minor" -lt 21 ]]; then
  die "$(go env GOVERSION) is too old: Go >= 1.21 is needed to switch to $KUBO_GO_TOOLCHAIN for Kubo $KUBO_VERSION"
fi
export GOTOOLCHAIN="$KUBO_GO_TOOLCHAIN"
go_used="$(go env GOVERSION)" || die "cannot get Go toolchain $KUBO_GO_TOOLCHAIN (see above)"
[[ "$go_used" == "$KUBO_GO_TOOLCHAIN" ]] || die "asked for Go $KUBO_GO_TOOLCHAIN, got $go_used"

echo "install-kubo: building Kubo $KUBO_VERSION ($KUBO_COMMIT) into $KUBO_IPFS" >&2
mkdir -p "$KUBO_HOME"
work="$(mktemp -d "$KUBO_HOME/build.XXXXXX")"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"
export GOFLAGS="-buildvcs=false" CGO_ENABLED=0

if ! json="$(go mod download -json "github.com/ipfs/kubo@$KUBO_VERSION" 2>&1)"; then
  reason="$(echo "$json" | sed -n 's/.*"Error": "\(.*\)".*/\1/p' | head -1)"
  die "cannot download github.com/ipfs/kubo@$KUBO_VERSION from $(go env GOPROXY): ${reason:-$(echo "$json" | tail -3)}"
fi
field() { echo "$json" | sed -n "s/^[[:space:]]*\"$1\": \"\(.*\)\",\{0,1\}\$/\1/p" | head -1; }
src="$(field Dir)"
sum="$(field Sum)"
[[ -n "$src" && -f "$src/go.mod" ]] || die "unexpected 'go mod download' answer: $json"
[[ "$sum" == "$KUBO_SUM" ]] || die "github.com/ipfs/kubo@$KUBO_VERSION hashes to $sum, pinned $KUBO_SUM"
grep -q '^replace\|^[[:space:]]*replace[[:space:]]*(' "$src/go.mod" \
  && echo "install-kubo: note: Kubo's go.mod has replace directives (honoured: we build inside its module)" >&2

cp -r "$src" "$work/src"
chmod -R u+w "$work/src"
echo "install-kubo:   go build ./cmd/ipfs (downloads Kubo's dependencies on the first run)" >&2
if ! (cd "$work/src" && go build -trimpath -mod=readonly \
    -ldflags "-X github.com/ipfs/kubo.CurrentCommit=${KUBO_COMMIT:0:7}" -o "$work/ipfs" ./cmd/ipfs); then
  die "go build of Kubo $KUBO_VERSION failed (see above)"
fi
"$work/ipfs" version >/dev/null || die "the freshly built $work/ipfs does not run"
mv -f "$work/ipfs" "$KUBO_IPFS"
stamp_value > "$stamp_file"
echo "install-kubo:   $("$KUBO_IPFS" version --all | head -1)" >&2
echo "install-kubo: done in $(( $(date +%s) - start ))s" >&2
echo "$KUBO_IPFS"
