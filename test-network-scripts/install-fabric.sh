#!/usr/bin/env bash
# Builds Hyperledger Fabric's binaries (peer orderer configtxgen cryptogen osnadmin
# configtxlator) from the Go module proxy at the pinned commit, into a cache shared by every
# clone: ${LETHE_CACHE:-~/.cache/lethe}/fabric-<version>-<commit>/{bin,sampleconfig}.
# Idempotent: does nothing when the stamp matches the pinned module (network/fabric-bin).
#
# `go install pkg@version` cannot be used here (it asks the proxy for @v/list, which is
# refused), so network/fabric-bin is a tiny module whose go.mod/go.sum pin Fabric and every
# dependency by hash; we `go build` Fabric's commands inside it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/test-network-scripts/lib/fabric-pin.sh"
module_dir="$root/network/fabric-bin"

command -v go >/dev/null || { echo "install-fabric: Go toolchain not found (Go >= 1.24 needed)" >&2; exit 1; }
go_minor="$(go env GOVERSION | sed -n 's/^go1\.\([0-9]*\).*/\1/p')"
if [[ -z "$go_minor" || "$go_minor" -lt 21 ]]; then
  # Go >= 1.21 switches to the toolchain go.mod asks for (1.24) by itself; older Go cannot.
  echo "install-fabric: $(go env GOVERSION) is too old; Fabric $FABRIC_VERSION needs Go >= 1.24" >&2
  exit 1
fi

stamp_value() {
  {
    echo "$FABRIC_VERSION $FABRIC_COMMIT $FABRIC_PSEUDO_VERSION"
    cat "$module_dir/go.mod" "$module_dir/go.sum" "$module_dir/tools.go"
  } | sha256sum | cut -d' ' -f1
}
stamp_file="$FABRIC_HOME/.stamp"
want="$(stamp_value)"
if [[ -f "$stamp_file" && "$(cat "$stamp_file")" == "$want" ]]; then
  all=1
  for t in "${FABRIC_TOOLS[@]}"; do [[ -x "$FABRIC_BIN/$t" ]] || all=0; done
  if ((all)) && [[ -f "$FABRIC_SAMPLECONFIG/core.yaml" ]]; then
    echo "install-fabric: Fabric $FABRIC_VERSION already in $FABRIC_BIN" >&2
    exit 0
  fi
fi

start=$(date +%s)
echo "install-fabric: building Fabric $FABRIC_VERSION ($FABRIC_COMMIT) into $FABRIC_BIN" >&2
mkdir -p "$FABRIC_HOME"
work="$(mktemp -d "$FABRIC_HOME/build.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cp "$module_dir/go.mod" "$module_dir/go.sum" "$module_dir/tools.go" "$work/"
cd "$work"
export GOFLAGS="-mod=mod -buildvcs=false"
go mod edit -require="github.com/hyperledger/fabric@$FABRIC_PSEUDO_VERSION"
go mod download github.com/hyperledger/fabric
go mod tidy
ldflags="-X github.com/hyperledger/fabric/common/metadata.Version=$FABRIC_VERSION"
ldflags+=" -X github.com/hyperledger/fabric/common/metadata.CommitSHA=$FABRIC_COMMIT"
mkdir -p "$work/bin"
for t in "${FABRIC_TOOLS[@]}"; do
  echo "install-fabric:   go build $t" >&2
  go build -trimpath -ldflags "$ldflags" -o "$work/bin/$t" "github.com/hyperledger/fabric/cmd/$t"
done
src="$(go list -m -f '{{.Dir}}' github.com/hyperledger/fabric)"
rm -rf "$FABRIC_BIN" "$FABRIC_SAMPLECONFIG"
cp -r "$src/sampleconfig" "$FABRIC_SAMPLECONFIG"
chmod -R u+w "$FABRIC_SAMPLECONFIG"
mv "$work/bin" "$FABRIC_BIN"
echo "$want" > "$stamp_file"
"$FABRIC_BIN/peer" version | sed 's/^/install-fabric:   /' >&2
echo "install-fabric: done in $(( $(date +%s) - start ))s" >&2
