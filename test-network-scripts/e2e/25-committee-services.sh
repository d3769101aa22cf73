#!/usr/bin/env bash
# End-to-end: the committee as three separate member services on a real Fabric network (issue 11),
# as `network.sh up --bft` runs them (4-node SmartBFT; every other e2e script runs Raft, e2e 70
# kills a member service there):
#   - three `lethe committee serve` processes, one per committee org, each with only its own
#     state folder (0700) and share (0600), from a DKG among the services (no process ever holds
#     the trapdoor); the DKG's key set on the ledger through governance (two orgs' admins)
#   - a client of a non-committee org (FL users, auditor) is refused by every service
#   - `ledger redact` goes through the services by default, each member validating the request
#     on the ledger through its own org's peer
#   - key rotation (a second DKG, governance): a model published under the old key index and one
#     under the new are redacted together; the exports verify offline under both pinned keys
#   - one member killed: a 2-of-3 redaction still commits and the CLI names the missing member
#   - two members killed: the redaction is refused, both named, the exports byte-for-byte unchanged
# (Until stop 23 it ran twice, on Raft and then the kill checks again on SmartBFT: the services are
# off-chain and the orderer type only changes who orders the redaction, so one round on the orderer
# type fewer scripts use covers both; ≈ 100 s of CI.)
#
#   LETHE_E2E_COMMITTEE_PORT_BASE   port range (default $LETHE_PORT_BASE, else 8200)
#   LETHE_E2E_COMMITTEE_ORDERER     bft (default) or raft
source "$(dirname "${BASH_SOURCE[0]}")/../lib/e2e.sh"
e2e_init 25-committee-services
export LETHE_PORT_BASE="$(e2e_port_base LETHE_E2E_COMMITTEE_PORT_BASE 8200)"
export LETHE_NETWORK_DIR="$root/.network-e2e-committee"
export LETHE_PROFILE="$LETHE_NETWORK_DIR/connection-profile.json"
export LETHE_COMMITTEE_DIR="$LETHE_NETWORK_DIR/committee"
e2e_tmpdir tmp
verify=test-network-scripts/verify-export.py
digest() { printf '%064x' "$1"; }

# kill_member I: stops member I's service by the PID network.sh recorded (pid + start time)
kill_member() {
  local f="$LETHE_NETWORK_DIR/pids/committee$1-service.pid" pid start
  read -r pid start <"$f"
  [[ "$(awk '{print $22}' "/proc/$pid/stat" 2>/dev/null)" == "$start" ]] || fail "member $1's service (pid $pid) is not running"
  kill "$pid"
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  fail "member $1's service (pid $pid) ignored SIGTERM"
}

services_checks() {
  "$lethe" committee status >"$tmp/status.json" || { cat "$tmp/status.json" >&2; fail "the three member services do not answer"; }
  jqcheck "three member services answer over mutual TLS, each with key index 0" "$(cat "$tmp/status.json")" \
    '[.[] | select(.up and .keyIndexes == [0]) | .org] == ["committee1","committee2","committee3"]'
  local m pidf pid
  for m in 1 2 3; do
    pidf="$LETHE_NETWORK_DIR/pids/committee$m-service.pid"
    pid="$(cut -d' ' -f1 "$pidf")"
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "committee serve --org committee$m " \
      || fail "pid $pid is not 'committee serve --org committee$m'"
    shares="$(find "$LETHE_COMMITTEE_DIR/committee$m" -name 'share-*.json')"
    [[ "$shares" == "$LETHE_COMMITTEE_DIR/committee$m/keys/0/share-$m.json" ]] || fail "member $m holds [$shares], not exactly its own share"
    [[ "$(stat -c %a "$shares")" == 600 ]] || fail "member $m's share is not mode 0600"
    [[ "$(stat -c %a "$LETHE_COMMITTEE_DIR/committee$m")" == 700 ]] || fail "member $m's state folder is not mode 0700"
  done
  [[ -z "$(find "$LETHE_COMMITTEE_DIR" -maxdepth 1 -name 'share-*.json')" ]] || fail "a share file lies outside the members' folders"
  ok "ps: one 'committee serve' per org (network.sh's PIDs); each folder 0700 holds exactly its own 0600 share"
  jqcheck "the ledger's committee key is the DKG's, set by two orgs' admins" "$("$lethe" ledger committee show --as auditor --json)" \
    "(.keys | length) == 1 and .keys[0].publicKey == \"$(jq -r .Y "$LETHE_COMMITTEE_DIR/public-0.json")\" and .keys[0].setBy == \"Committee1MSP,Committee2MSP\""
}

foreign_caller_checks() {
  local crypto="$LETHE_NETWORK_DIR/crypto/peerOrganizations" org out
  for org in users auditor; do
    local tls="$crypto/$org.lethe.local/users/User1@$org.lethe.local/tls"
    out="$(e2e_test_java io.lethe.committee.service.ForeignCaller "$LETHE_NETWORK_DIR/crypto" "$((LETHE_PORT_BASE + 351))" \
      "$tls/client.crt" "$tls/client.key" 2>&1)" || { echo "$out" >&2; fail "a $org client was answered by member 1's service"; }
    ok "a $org client (TLS certificate of a non-committee CA) is refused by the service ($(grep -m1 REFUSED <<<"$out" | cut -c1-90))"
  done
  refused "an FL user cannot coordinate a redaction through the services" "committee orgs only" \
    "$lethe" ledger redact --as user1 --request r-none --tag x
}

# kill_round MODE REQUEST-PREFIX: one member killed, then two
kill_round() {
  local mode="$1" p="$2" res
  "$lethe" ledger publish --as user1 --id "${p}c" --uri "bafy-${p}c" --digest "$(digest 23)" >/dev/null
  "$lethe" ledger publish --as user2 --id "${p}d" --uri "bafy-${p}d" --digest "$(digest 24)" >/dev/null

  kill_member 3
  "$lethe" ledger request open --as user1 --id "${p}r-c" --start "${p}c" --forget classes:4 --paradigm sequential --json >/dev/null
  res="$("$lethe" ledger redact --as committee2 --request "${p}r-c" --one --tag s2 --json 2>"$tmp/err2")"
  jqcheck "$mode: member 3 killed, a 2-of-3 redaction still commits" "$res" '(.rewritten | length) == 1'
  grep -q "member 3 (committee3" "$tmp/err2" || { cat "$tmp/err2" >&2; fail "$mode: the CLI does not name the member that is down"; }
  ok "$mode: the CLI names the member that is down ($(grep -m1 'member 3' "$tmp/err2" | cut -c1-110))"

  kill_member 2
  "$lethe" ledger request open --as user2 --id "${p}r-d" --start "${p}d" --forget classes:5 --paradigm sequential --json >/dev/null
  refused "$mode: members 2 and 3 killed, the redaction is refused naming both (exports unchanged)" \
    "committee unavailable.*member 2 \(committee2.*member 3 \(committee3" \
    "$lethe" ledger redact --as committee1 --request "${p}r-d" --one --tag s3
  jqcheck "$mode: VerifyChain still valid" "$("$lethe" ledger verify --json --as auditor)" '.valid == true'
}

e2e_build
mode="${LETHE_E2E_COMMITTEE_ORDERER:-bft}"
[[ "$mode" == bft || "$mode" == raft ]] || fail "LETHE_E2E_COMMITTEE_ORDERER must be bft or raft, not '$mode'"
echo "--- committee services e2e, $mode (ports from $LETHE_PORT_BASE)"
t0=$SECONDS
if [[ "$mode" == bft ]]; then e2e_network_up --bft; else e2e_network_up; fi
echo "  up in $((SECONDS - t0))s"
rc=0; err="$(LETHE_PORT_BASE=seventy "$lethe" committee status 2>&1 >/dev/null)" || rc=$?
[[ $rc == 2 ]] && grep -q "LETHE_PORT_BASE must be a port number" <<<"$err" || fail "a malformed LETHE_PORT_BASE: exit $rc, $err"
ok "a malformed LETHE_PORT_BASE is a usage error naming it"
services_checks
foreign_caller_checks

# key rotation: a second DKG among the services, governance rotates; then a model published under
# the old key index and one under the new are redacted in one batch
"$lethe" ledger publish --as user1 --id old --uri bafy-old --digest "$(digest 11)" >/dev/null
"$lethe" committee dkg --threshold 2 --key-index 1 >/dev/null
Y1="$(jq -r .Y "$LETHE_COMMITTEE_DIR/public-1.json")"
keys_before="$("$lethe" ledger committee show --as auditor --json | jq -c .keys)"
rot="$("$lethe" governance propose --as committee1-admin rot-1 rotate-committee-key --public-key "$Y1" --reason rotation --json)"
jqcheck "one org's admin proposes the rotation: it stays open" "$rot" '.status == "OPEN"'
[[ "$("$lethe" ledger committee show --as auditor --json | jq -c .keys)" == "$keys_before" ]] || fail "one org's proposal rotated the key"
rot="$("$lethe" governance approve --as committee3-admin rot-1 --action-hash "$(jq -r .actionHash <<<"$rot")" --json)"
jqcheck "a second org's admin approves: the key rotates to the new DKG key" "$rot" '.status == "EXECUTED"'
"$lethe" ledger publish --as user1 --id new --uri bafy-new --digest "$(digest 12)" >/dev/null
jqcheck "old was hashed under key index 0, new under 1" \
  "$(jq -s '.' <("$lethe" ledger show old --json --as user1) <("$lethe" ledger show new --json --as user1))" \
  '[.[].transaction.keyIndex] == [0, 1]'
"$lethe" ledger request open --as user1 --id r-rot --start old,new --forget classes:2 --paradigm parallel --json >/dev/null
res="$("$lethe" ledger redact --as committee3 --request r-rot --tag rot --json 2>"$tmp/err0")"
jqcheck "after the rotation, a model under the old key and one under the new are redacted together (services, the default)" "$res" \
  '(.rewritten | map(.id) | sort) == ["new","old"] and .requestStatus == "CLOSED"'
[[ ! -s "$tmp/err0" ]] || { cat "$tmp/err0" >&2; fail "a member was left out with all three up"; }
jqcheck "VerifyChain valid across both key epochs" "$("$lethe" ledger verify --json --as auditor)" '.valid == true'
"$lethe" live export --json --as auditor >"$tmp/live.json"
"$lethe" archive export --json --as auditor >"$tmp/archive.json"
python3 "$verify" --pk "$LETHE_COMMITTEE_DIR/public-0.json" --pk "$LETHE_COMMITTEE_DIR/public-1.json" \
  "$tmp/live.json" "$tmp/archive.json" || fail "independent verifier rejected the exports under the two pinned keys"
ok "independent verifier accepts the exports under both pinned keys"

kill_round "$mode" k
e2e_network_down
echo "committee services e2e passed in $((SECONDS - t0))s"
