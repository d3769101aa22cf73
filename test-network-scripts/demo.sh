#!/usr/bin/env bash
# Lethe demo on a fresh machine: installs what is needed, builds, brings the Fabric network
# up, shows its status, submits and queries a transaction with two identities (a committee
# member is allowed, an FL user is refused by the chaincode), then tells the unlearning story
# (DESIGN §8): 14 FL users train and publish the fmnist-14 DAG on the ledger, user1 asks to
# forget class 5 (a zero-shot request, then a parallel one; every update of both is proven with
# gnark chunk proofs that the chaincode verifies), the three committee member services co-sign
# the redactions, both exports are re-verified offline with the pinned committee key, and the
# archive is refused to an FL user and read by the auditor, who ends with a signed compliance
# report (kept in target/demo-audit). Takes the network down at the end.
# Sizes (mlp-tiny: 970 weights, one proof chunk per model; 600 images per user) keep it under
# 10 minutes on 2 cores with warm caches: the builds, and the chunk proving keys (an INSECURE
# single-party dev setup, minutes of CPU the first time, kept in target/dev-keys and shared with
# the e2e tests: lib/dev-keys.sh).
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

demo_dir="$(mktemp -d)"
net="${LETHE_NETWORK_DIR:-$root/.network}"
source test-network-scripts/lib/dev-keys.sh
keys="$(dev_keys_dir)"
say "proving keys of the universal chunk circuits (chunk-obs, chunk-delta, chunk-cascade): those this checkout lacks are made in the background while the federation trains (INSECURE single-party dev setup; the multi-party ceremony is e2e 30's)"
(cd prover-native && go build -o bin/ ./cmd/lethe-prover)
( dev_keys "$keys" chunk-obs && touch "$demo_dir/obs-ready" && dev_keys "$keys" chunk-delta chunk-cascade ) \
  >"$demo_dir/zk-setup.log" 2>&1 &
setup_pid=$!

say "federated learning on the ledger: 14 users, each under its own identity and data, train the fmnist-14 DAG in order and publish fixed-point models (file in the live store by CID, zkDigest on the ledger); only user1 holds images of class 5 (sandals)"
show $lethe fl train --scenario fmnist-14 --model mlp-tiny --quick --samples-per-user 600 --test-samples 1000

govern() {
  local p; p="$($lethe governance propose --as committee1-admin "$@" --json)"
  show $lethe governance approve --as committee2-admin "$1" --action-hash "$(jq -r .actionHash <<<"$p")"
}
say "governance names the zero-shot provider: the identity 'provider' (its full identity as the chaincode sees it)"
govern demo-provider set-parameter --parameter zeroshot.provider \
  --value "$($lethe system info --as provider --json | jq -r '.mspId + "::" + .clientId')"
say "governance registers the chunk-obs verifying key and requires a proof for every rewrite from now on (two committee admins)"
while [[ ! -f "$demo_dir/obs-ready" ]]; do
  kill -0 "$setup_pid" 2>/dev/null || { cat "$demo_dir/zk-setup.log" >&2; exit 1; }
  sleep 1
done
govern demo-vk-obs register-verifying-key --key-id chunk-obs --vk "$keys/chunk-obs/vk.bin"
govern demo-zk-on set-parameter --parameter zk.required --value true
say "user1 asks to forget class 5 from its model u01b and everything inheriting from it (zero-shot: Group OBS with the provider's mask and Fisher)"
show $lethe unlearn request --as user1 --start u01b --forget classes:5 --paradigm zero-shot --id demo-zs
say "the provider computes, on its own data, a mask and the touched blocks' Fisher H per affected model and records both on the request (private, beside the forget text)"
show $lethe unlearn mask --request demo-zs --as provider
say "each affected client compensates exactly the recorded mask with the recorded H and proves its touched chunk (chunk-obs); the chaincode checks every bundle against the recorded mask and Fisher, the three committee services co-sign the collisions, one RedactBatch rewrites the cascade"
show $lethe unlearn run --request demo-zs --prover-keys "$keys" --no-progress

say "governance registers the chunk-delta and chunk-cascade verifying keys (two committee admins)"
wait "$setup_pid" || { cat "$demo_dir/zk-setup.log" >&2; exit 1; }
govern demo-vk-delta register-verifying-key --key-id chunk-delta --vk "$keys/chunk-delta/vk.bin"
govern demo-vk-cascade register-verifying-key --key-id chunk-cascade --vk "$keys/chunk-cascade/vk.bin"

say "user1 asks to forget class 5 from u01a and its heirs (parallel: gradient ascent at u01a, gradient passing below); every client proves its update chunk by chunk, the chaincode verifies each proof against the ledger before it rewrites"
show $lethe unlearn request --as user1 --start u01a --forget classes:5 --paradigm parallel --id demo-par
show $lethe unlearn run --request demo-par --prover-keys "$keys" --json-out "$demo_dir/par.json"

say "the chaincode re-checks every digest, Merkle root and parent link"
show $lethe ledger verify

say "export both chains and verify them offline with an independent implementation of DESIGN §3-4, the committee key pinned"
$lethe live export --json --as auditor > "$demo_dir/live.json"
$lethe archive export --json --as auditor > "$demo_dir/archive.json"
show python3 test-network-scripts/verify-export.py --pk "$net/committee/public-0.json" \
  "$demo_dir/live.json" "$demo_dir/archive.json"

old="$(jq -r '.models[0].oldCid' "$demo_dir/par.json")"
say "an FL user may read neither the archive ledger nor the archive store"
if show $lethe archive export --json --as user1 >/dev/null; then
  echo "demo: expected the archive to be refused to an FL user" >&2
  exit 1
fi
if show $lethe model get "$old" --archive --as user1 -o "$demo_dir/old.model"; then
  echo "demo: expected the archive store to be refused to an FL user" >&2
  exit 1
fi
say "the auditor reads the superseded u01a from the archive store (re-hashed to its CID)"
show $lethe model get "$old" --archive --as auditor -o "$demo_dir/old.model"

say "the auditor's signed compliance report of the proven request: chains, stores, its own A_f/A_r, endorsements, every proof re-verified from the block"
show $lethe audit report --request demo-par --as auditor --forget classes:5 --test-samples 1000 --out "$demo_dir/audit" \
  --verifying-key "chunk-delta=$keys/chunk-delta/vk.bin" --verifying-key "chunk-cascade=$keys/chunk-cascade/vk.bin"
show $lethe audit verify "$demo_dir/audit"
mkdir -p "$root/target"
rm -rf "$root/target/demo-audit" && cp -r "$demo_dir/audit" "$root/target/demo-audit"
say "report kept in target/demo-audit (report.html: open it in a browser); verdict: $(jq -r .report.verdict "$demo_dir/audit/report.json")"
rm -rf "$demo_dir"

((keep)) && say "network kept running: test-network-scripts/network.sh down stops it"
exit 0
