#!/usr/bin/env bash
# Runs every Lethe test on a fresh machine: installs what is needed, then
#   1. Maven unit tests (proto, chaincode, gateway-app),
#   2. Go tests of prover-native,
#   3. end-to-end tests on a real Fabric network and a real Kubo node
#      (test-network-scripts/e2e/*.sh, in order).
# Each e2e script brings up what it needs and tears it down, even on failure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
start=$(date +%s)
step() { printf '\n=== %s (%ss)\n' "$*" "$(( $(date +%s) - start ))"; }

step "install Debian packages"
bash test-network-scripts/install-deps.sh

if [[ -f test-network-scripts/install-fabric.sh ]]; then
  step "install Fabric binaries"
  bash test-network-scripts/install-fabric.sh
fi

if [[ -f test-network-scripts/install-kubo.sh ]]; then
  step "install Kubo (IPFS) for the content-store e2e test"
  bash test-network-scripts/install-kubo.sh >/dev/null
fi

step "docs: README size and links"
python3 test-network-scripts/check-docs.py

step "Maven build and unit tests"
mvn -B -ntp verify

if [[ -f prover-native/go.mod ]]; then
  step "Go tests (prover-native)"
  (cd prover-native && go test ./...)
fi

if [[ -f prover-native/go.mod ]]; then
  # The chunk keys the e2e scripts share (an INSECURE dev setup of each: minutes of CPU) are made
  # in the background at the lowest priority, from a copy of the prover, while the first scripts
  # mostly wait on the network; a script that needs a key not made yet makes it itself or waits
  # for it (lib/dev-keys.sh). Log: target/dev-keys/warm-up.log.
  step "warm-up: chunk dev keys in the background"
  (cd prover-native && go build -o bin/ ./cmd/lethe-prover)
  mkdir -p target/dev-keys
  warm_dir="$(mktemp -d)"
  warm_bin="$warm_dir/lethe-prover"
  cp prover-native/bin/lethe-prover "$warm_bin"
  setsid nice -n 19 env LETHE_PROVER_BIN="$warm_bin" bash -c 'source test-network-scripts/lib/dev-keys.sh
    dir="$(dev_keys_dir)"; for k in chunk-delta chunk-cascade chunk-obs; do dev_keys "$dir" "$k" || exit 1; done' \
    >target/dev-keys/warm-up.log 2>&1 &
  warm_pid=$!
  trap 'kill -- "-$warm_pid" 2>/dev/null || true; rm -rf "$warm_dir"' EXIT
fi

for t in test-network-scripts/e2e/*.sh; do
  [[ -e "$t" ]] || continue
  step "end-to-end: $(basename "$t")"
  bash "$t"
done

if [[ -n "${warm_pid:-}" ]]; then
  wait "$warm_pid" || { echo "the background chunk-key warm-up failed:" >&2; cat target/dev-keys/warm-up.log >&2; exit 1; }
fi
step "all tests passed"
