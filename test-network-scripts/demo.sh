#!/usr/bin/env bash
# Lethe demo on a fresh machine: installs what is needed, builds, brings the Fabric network
# up, shows its status, submits and queries a transaction with two identities (a committee
# member is allowed, an FL user is refused by the chaincode), then tells the unlearning story
# on the ledger: a 14-model inheritance DAG, an unlearning request, committee redactions
# (chameleon collisions from the three committee member services that network.sh runs, one
# Fabric transaction), both exports re-verified offline by an independent verifier, the
# archive refused to an FL user; and a Groth16 proof of an OBS unlearning step checked by the
# Java verifier. Takes the network down at the end.
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
mvn -q -B -ntp -DskipTests -pl gateway-app,chaincode/contracts -am package

if [[ -f .network/connection-profile.json ]] && bash test-network-scripts/network.sh status >/dev/null 2>&1; then
  say "a network is already running (.network); using it"
else
  say "network up: 1 orderer (or 4 with --bft), peers committee1..3 + auditor, chaincode as a service, three committee member services"
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

say "governance: committee1's admin proposes a parameter; alone it changes nothing"
show $lethe governance propose --as committee1-admin demo-greeting set-parameter --parameter demo.greeting \
  --value "hello from $(hostname) at $(date +%T)"
hash="$($lethe governance show demo-greeting --as committee2-admin --json | jq -r .actionHash)"

say "committee2's admin reviews it and approves its action hash: a majority of orgs, so it takes effect"
show $lethe governance approve --as committee2-admin demo-greeting --action-hash "$hash"

say "an FL user reads it"
show $lethe system get-parameter --as user1 demo.greeting

say "an FL user may not propose: refused by the chaincode's access check"
if show $lethe governance propose --as user1 demo-forged set-parameter --parameter demo.greeting --value forged; then
  echo "demo: expected a refusal" >&2
  exit 1
fi

say "status again (height grew by one block)"
show $lethe network status
say "the chameleon trapdoor: three member services (one per committee org), each holding only its own share from a DKG; two orgs' admins set the key through governance during network.sh up"
show $lethe committee status
show $lethe ledger committee show

say "14 FL users publish the fmnist-14 inheritance DAG; user1 asks to forget its data; the committee services redact 3 models"
show $lethe ledger seed --scenario fmnist-14 --redactions 3

say "the chaincode re-checks every digest, Merkle root and parent link"
show $lethe ledger verify

demo_dir="$(mktemp -d)"
say "export both chains and verify them offline with an independent implementation of DESIGN §3-4"
$lethe live export --json --as auditor > "$demo_dir/live.json"
$lethe archive export --json --as auditor > "$demo_dir/archive.json"
show python3 test-network-scripts/verify-export.py --pk "${LETHE_NETWORK_DIR:-$root/.network}/committee/public-0.json" \
  "$demo_dir/live.json" "$demo_dir/archive.json"

say "an FL user may not read the archive"
if show $lethe archive export --json --as user1 >/dev/null; then
  echo "demo: expected the archive to be refused to an FL user" >&2
  exit 1
fi

say "a zero-knowledge proof that an OBS unlearning update was applied (gnark Groth16, small instance)"
show $lethe zk demo --params 128 --out "$demo_dir/zk" --keys "$demo_dir/zk-keys"
show $lethe zk verify --dir "$demo_dir/zk"
rm -rf "$demo_dir"

((keep)) && say "network kept running: test-network-scripts/network.sh down stops it"
exit 0
