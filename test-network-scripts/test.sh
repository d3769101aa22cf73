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

for t in test-network-scripts/e2e/*.sh; do
  [[ -e "$t" ]] || continue
  step "end-to-end: $(basename "$t")"
  bash "$t"
done

step "all tests passed"
