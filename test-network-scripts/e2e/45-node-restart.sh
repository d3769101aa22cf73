#!/usr/bin/env bash
# End-to-end: `network.sh restart NODE` brings a killed node back (issue 14, groundwork of the
# fault runs).
#   - a committee peer killed with SIGKILL: `network.sh status` reports it DEAD; a redaction
#     (every committee org must endorse) is refused and the ledger is unchanged; a publish still
#     commits without it (2 of 3 committee peers), so the peer has a block to catch up on
#   - `network.sh restart committee2`: healthy, back in gossip, at the channel height of the
#     others; the redaction then commits, the rejoined peer holds the new payload, VerifyChain valid
#   - the chaincode service and the Raft orderer, each killed with SIGKILL and restarted by
#     name; a publish commits after each
#   - bounded: the whole script (network up and down included) within $LETHE_E2E_RESTART_MAX_S
#     (default 360 s: a bound that stops a hung restart, not a speed check; the run takes ≈ 110 s
#     alone, and 225 s was seen with a second network beside it)
#
#   LETHE_E2E_RESTART_PORT_BASE   port range (default $LETHE_PORT_BASE, else 9000)
source "$(dirname "${BASH_SOURCE[0]}")/../lib/e2e.sh"
e2e_init 45-node-restart
export LETHE_PORT_BASE="$(e2e_port_base LETHE_E2E_RESTART_PORT_BASE 9000)"
export LETHE_NETWORK_DIR="$root/.network-e2e-restart"
export LETHE_PROFILE="$LETHE_NETWORK_DIR/connection-profile.json"
export LETHE_COMMITTEE_DIR="$LETHE_NETWORK_DIR/committee"
max_s="${LETHE_E2E_RESTART_MAX_S:-360}"
network=(bash test-network-scripts/network.sh)
digest() { printf '%064x' "$1"; }
# kill9 NODE: SIGKILL the node network.sh started (its PID file), and wait until it is gone
kill9() {
  local pid; pid="$(cut -d' ' -f1 "$LETHE_NETWORK_DIR/pids/$1.pid")"
  kill -KILL "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
}

e2e_build
t0=$SECONDS
echo "--- node restart e2e (ports from $LETHE_PORT_BASE)"
e2e_network_up
"$lethe" ledger publish --as user1 --id root --uri bafy-root --digest "$(digest 21)" >/dev/null
"$lethe" ledger publish --as user2 --id child --uri bafy-child --digest "$(digest 22)" --refs root >/dev/null
"$lethe" ledger request open --as user1 --id r1 --start root --forget classes:3 --paradigm parallel --json >/dev/null

# 1. a committee peer killed
kill9 committee2
rc=0; status="$("${network[@]}" status 2>&1)" || rc=$?
[[ $rc != 0 ]] && grep -Eq '^committee2 +[0-9]+ +DEAD' <<<"$status" || { echo "$status" >&2; fail "status does not report committee2 DEAD"; }
ok "committee2 killed (SIGKILL): network.sh status reports it DEAD"
refused "a redaction needing committee2's endorsement while it is down" "." \
  "$lethe" ledger redact --as committee1 --request r1 --tag k1
"$lethe" ledger publish --as user3 --id late --uri bafy-late --digest "$(digest 23)" >/dev/null \
  || fail "a publish did not commit with committee1 and committee3 alone"
ok "a publish commits without committee2 (2 of 3 committee peers)"

t1=$SECONDS
"${network[@]}" restart committee2
ok "network.sh restart committee2: healthy, in gossip, caught up ($((SECONDS - t1))s)"
"${network[@]}" status >/dev/null || fail "network.sh status not all up after the restart"
res="$("$lethe" ledger redact --as committee1 --request r1 --tag k2 --json)"
jqcheck "the redaction commits with the restarted peer endorsing" "$res" '(.rewritten | length) == 2 and .requestStatus == "CLOSED"'
p="$("$lethe" ledger payload child 1 --orgs Committee2MSP --json --as auditor)"
jqcheck "committee2 holds the rewritten payload (version 1)" "$p" '.[0].present == true'
p="$("$lethe" ledger payload late 0 --orgs Committee2MSP --json --as auditor)"
jqcheck "committee2 caught up the block published while it was down" "$p" '.[0].present == true'
jqcheck "VerifyChain valid (asked of committee2's gateway)" "$("$lethe" ledger verify --json --as committee2)" '.valid == true'

# 2. the chaincode service and the orderer, each killed and restarted by name
kill9 chaincode
"${network[@]}" restart chaincode
"$lethe" ledger publish --as user4 --id after-cc --uri bafy-after-cc --digest "$(digest 24)" >/dev/null \
  || fail "no publish after the chaincode service restarted"
ok "chaincode service killed (SIGKILL), restarted by name; a publish commits"
kill9 orderer0
"${network[@]}" restart orderer0
# restart returns once the cluster has a Raft leader again: the first submit after it commits
"$lethe" ledger publish --as user5 --id after-ord --uri bafy-after-ord --digest "$(digest 25)" >/dev/null \
  || fail "the first publish after network.sh restart orderer0 was refused (no Raft leader yet?)"
ok "Raft orderer killed (SIGKILL), restarted by name (returns once a leader is elected); the first publish commits"
jqcheck "VerifyChain valid at the end" "$("$lethe" ledger verify --json --as auditor)" '.valid == true and .transactions == 5'

e2e_network_down
total=$((SECONDS - t0))
((total <= max_s)) || fail "took ${total}s (> ${max_s}s)"
ok "network up, three kills and restarts, down in ${total}s (<= ${max_s}s)"
echo "node restart e2e passed"
