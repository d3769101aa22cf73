#!/usr/bin/env bash
# End-to-end: the committee as three separate member services on a real Fabric network (issue 11).
#   - three `lethe committee serve` processes, one per committee org, each holding only its own
#     share (from a DKG among the services: no process ever holds the trapdoor), mutual TLS
#   - the DKG's key set on the ledger through governance (two orgs' admins)
#   - a redaction through the services, each member validating the request on the ledger
#     through its own org's peer
#   - one member killed: a 2-of-3 redaction still commits and the CLI names the missing member
#   - two members killed: the redaction is refused, both named, the ledger byte-for-byte unchanged
#
#   LETHE_E2E_COMMITTEE_PORT_BASE   port range (default $LETHE_PORT_BASE, else 8200)
source "$(dirname "${BASH_SOURCE[0]}")/../lib/e2e.sh"
e2e_init 25-committee-services
export LETHE_PORT_BASE="$(e2e_port_base LETHE_E2E_COMMITTEE_PORT_BASE 8200)"
export LETHE_NETWORK_DIR="$root/.network-e2e-committee"
export LETHE_PROFILE="$LETHE_NETWORK_DIR/connection-profile.json"
export LETHE_COMMITTEE_DIR="$LETHE_NETWORK_DIR/committee"
e2e_tmpdir tmp

e2e_build
echo "--- committee services e2e (ports from $LETHE_PORT_BASE)"
e2e_network_up
rc=0; err="$(LETHE_PORT_BASE=seventy "$lethe" committee status 2>&1 >/dev/null)" || rc=$?
[[ $rc == 2 ]] && grep -q "LETHE_PORT_BASE must be a port number" <<<"$err" || fail "a malformed LETHE_PORT_BASE: exit $rc, $err"
ok "a malformed LETHE_PORT_BASE is a usage error naming it"

# the three member services, stopped (by PID) before the network goes down
declare -A member_pid=()
stop_member() {
  local pid="${member_pid[$1]:-}"
  [[ -n "$pid" ]] || return 0
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  unset "member_pid[$1]"
}
stop_all_members() { for m in 1 2 3; do stop_member "$m"; done; }
e2e_on_exit stop_all_members
for m in 1 2 3; do
  "$lethe" committee serve --org "committee$m" >"$tmp/member$m.log" 2>&1 &
  member_pid[$m]=$!
done
for _ in $(seq 1 60); do
  if "$lethe" committee status >"$tmp/status.json" 2>/dev/null; then break; fi
  sleep 1
done
"$lethe" committee status >/dev/null || { cat "$tmp"/member*.log >&2; fail "the three member services did not come up"; }
ok "three member services answer over mutual TLS"
[[ "$(pgrep -f 'committee serve --org committee' | wc -l)" -ge 3 ]] || fail "expected three 'committee serve' processes"
ok "ps shows three 'committee serve' processes, one per org"

# DKG among the services, then governance sets the group key on the ledger
"$lethe" committee dkg --threshold 2 >/dev/null
Y="$(jq -r .Y "$LETHE_COMMITTEE_DIR/public-0.json")"
for m in 1 2 3; do
  shares="$(find "$LETHE_COMMITTEE_DIR/committee$m" -name 'share-*.json' | wc -l)"
  [[ "$shares" == 1 ]] || fail "member $m holds $shares share files, not exactly its own"
  [[ "$(stat -c %a "$(find "$LETHE_COMMITTEE_DIR/committee$m" -name 'share-*.json')")" == 600 ]] \
    || fail "member $m's share is not mode 0600"
done
ok "DKG: each member holds exactly its own 0600 share"
set_key="$("$lethe" governance enact set-committee-key set-committee-key --public-key "$Y" --threshold 3 --json)"
jqcheck "governance (two orgs' admins) sets the DKG key" "$set_key" '.status == "EXECUTED"'

digest() { printf '%064x' "$1"; }
"$lethe" ledger publish --as user1 --id root --uri bafy-root --digest "$(digest 11)" >/dev/null
"$lethe" ledger publish --as user2 --id child --uri bafy-child --digest "$(digest 12)" --refs root >/dev/null
"$lethe" ledger publish --as user1 --id solo --uri bafy-solo --digest "$(digest 13)" >/dev/null
"$lethe" ledger request open --as user1 --id r-all --start root --forget classes:3 --paradigm parallel --json >/dev/null

# all three members up
res="$("$lethe" ledger redact --as committee1 --committee-services --request r-all --tag s1 --json 2>"$tmp/err1")"
jqcheck "a redaction through the three services commits" "$res" '(.rewritten | length) == 2 and .requestStatus == "CLOSED"'
jqcheck "VerifyChain valid" "$("$lethe" ledger verify --json --as user1)" '.valid == true'

# one member down: 2 of 3 still sign, and the missing member is named
stop_member 3
"$lethe" ledger request open --as user1 --id r-solo --start solo --forget classes:4 --paradigm sequential --json >/dev/null
res="$("$lethe" ledger redact --as committee2 --committee-services --request r-solo --one --tag s2 --json 2>"$tmp/err2")"
jqcheck "member 3 down: a 2-of-3 redaction still commits" "$res" '(.rewritten | length) == 1'
grep -q "member 3" "$tmp/err2" || { cat "$tmp/err2" >&2; fail "the CLI does not name the member that is down"; }
ok "the CLI names the member that is down ($(grep -m1 'member 3' "$tmp/err2" | cut -c1-120))"

# two members down: refused, both named, nothing changes
stop_member 2
"$lethe" ledger request open --as user2 --id r-child --start child --forget classes:5 --paradigm sequential --json >/dev/null
refused "members 2 and 3 down: the redaction is refused" "committee unavailable.*member 2.*member 3|committee unavailable.*member 3.*member 2" \
  "$lethe" ledger redact --as committee1 --committee-services --request r-child --one --tag s3
jqcheck "VerifyChain still valid" "$("$lethe" ledger verify --json --as auditor)" '.valid == true'
echo "committee services e2e passed"
