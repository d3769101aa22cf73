#!/usr/bin/env bash
# Lethe demo on a fresh machine: installs what is needed, builds, brings the Fabric network
# up, shows its status, submits and queries a transaction with two identities (a committee
# member is allowed, an FL user is refused by the chaincode), and takes the network down.
#
#   demo.sh [--bft] [--keep]    --bft: 4 SmartBFT orderers; --keep: leave the network running
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
keep=0 up_args=()
for a in "$@"; do
  case "$a" in
    --keep) keep=1 ;;
    --bft) up_args+=(--bft) ;;
    *) echo "usage: demo.sh [--bft] [--keep]" >&2; exit 2 ;;
  esac
done
lethe=gateway-app/lethe
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() { printf '$ %s\n' "$*"; "$@"; }

say "install Debian packages, Fabric binaries (Go build, cached), Maven build"
bash test-network-scripts/install-deps.sh
bash test-network-scripts/install-fabric.sh
mvn -q -B -ntp -DskipTests -pl gateway-app -am package

if [[ -f .network/connection-profile.json ]] && bash test-network-scripts/network.sh status >/dev/null 2>&1; then
  say "a network is already running (.network); using it"
else
  say "network up: 1 orderer (or 4 with --bft), peers committee1..3 + auditor, chaincode as a service"
  bash test-network-scripts/network.sh up "${up_args[@]}"
fi
if ((!keep)); then
  trap 'say "network down"; bash test-network-scripts/network.sh down' EXIT
fi

say "network status"
show $lethe network status

say "who am I to the chaincode?"
show $lethe system info --as user1
show $lethe system info --as committee1

say "a committee member sets a governance parameter (a submitted, committed transaction)"
show $lethe system set-parameter --as committee1 demo.greeting "hello from $(hostname) at $(date +%T)"

say "an FL user reads it"
show $lethe system get-parameter --as user1 demo.greeting

say "an FL user may not set it: refused by the chaincode's access check"
if show $lethe system set-parameter --as user1 demo.greeting forged; then
  echo "demo: expected a refusal" >&2
  exit 1
fi

say "status again (height grew by one block)"
show $lethe network status
((keep)) && say "network kept running: test-network-scripts/network.sh down stops it"
exit 0
