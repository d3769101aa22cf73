#!/usr/bin/env bash
# Regenerates prover-native/gen/lethev1 from proto/src/main/proto/lethe/*.proto.
# protoc: the binary Maven downloads for the proto module (same version as Java), or $PROTOC.
# Plugins are built at pinned versions: protoc-gen-go v1.36.10, protoc-gen-go-grpc v1.5.1.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$here/.." && pwd)
tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
PROTOC=${PROTOC:-$(ls ~/.m2/repository/com/google/protobuf/protoc/*/protoc-*-linux-x86_64.exe 2>/dev/null | sort -V | tail -1)}
[ -f "$PROTOC" ] || { echo "no protoc: run mvn -B -q -pl proto -am package once, or set PROTOC" >&2; exit 1; }
cp "$PROTOC" "$tools/protoc" && chmod +x "$tools/protoc" && PROTOC="$tools/protoc"
cat > "$tools/go.mod" <<'MOD'
module tools

go 1.25

require (
	google.golang.org/protobuf v1.36.10
	google.golang.org/grpc/cmd/protoc-gen-go-grpc v1.5.1
)
MOD
printf '//go:build tools\npackage tools\nimport (\n_ "google.golang.org/protobuf/cmd/protoc-gen-go"\n_ "google.golang.org/grpc/cmd/protoc-gen-go-grpc"\n)\n' > "$tools/tools.go"
(cd "$tools" && GOFLAGS=-mod=mod go mod tidy >/dev/null 2>&1 && GOFLAGS=-mod=mod go build -o "$tools/bin/" google.golang.org/protobuf/cmd/protoc-gen-go google.golang.org/grpc/cmd/protoc-gen-go-grpc)
rm -rf "$here/gen/lethev1" && mkdir -p "$here/gen"
PATH="$tools/bin:$PATH" "$PROTOC" -I "$root/proto/src/main/proto" \
  --go_out="$here/gen" --go_opt=module=lethe.io/prover-native/gen \
  --go-grpc_out="$here/gen" --go-grpc_opt=module=lethe.io/prover-native/gen \
  "$root"/proto/src/main/proto/lethe/*.proto
echo "generated $(ls "$here/gen/lethev1" | wc -l) files in gen/lethev1"
