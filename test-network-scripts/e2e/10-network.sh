#!/usr/bin/env bash
# End-to-end: the Fabric network comes up (Raft; with LETHE_E2E_BFT=1 also 4-node SmartBFT), gateway-app sees 4
# peers and the committed chaincode, the three committee member services answer with the DKG key
# that governance set on the ledger, a committee identity may set a governance parameter, an
# FL user is refused with a message naming who may, and `down` leaves no process or listener.
# The network is taken down even when a step fails.
#
#   LETHE_E2E_PORT_BASE   port range of the test network (default $LETHE_PORT_BASE, else 7400, away from a dev network on 7000)
#   LETHE_E2E_BFT=1       also run the round on 4-node SmartBFT (off by default, to keep CI short: CI
#                         brings SmartBFT up in 25-committee-services.sh, member services killed, and in
#                         70-faults.sh, the reference network: governance, FL, three requests, an orderer killed)
source "$(dirname "${BASH_SOURCE[0]}")/../lib/e2e.sh"
e2e_init 10-network
export LETHE_PORT_BASE="$(e2e_port_base LETHE_E2E_PORT_BASE 7400)"
export LETHE_NETWORK_DIR="$root/.network-e2e"
export LETHE_PROFILE="$LETHE_NETWORK_DIR/connection-profile.json"

# Build once up front so no step below pays (or times out on) a Maven build.
e2e_build

round() {
  local mode="$1" t0=$SECONDS
  echo "--- $mode"
  if [[ "$mode" == bft ]]; then e2e_network_up --bft; else e2e_network_up; fi
  echo "  up in $((SECONDS - t0))s"

  local status
  status="$($lethe network status --json --as user1)"
  jqcheck "status: channel lethe" "$status" '.channel == "lethe"'
  jqcheck "status: 4 peers with a ledger" "$status" '(.peers | length) == 4 and all(.peers[]; .height >= 1)'
  jqcheck "status: peers are the 4 orgs" "$status" \
    '[.peers[].mspId] == ["Committee1MSP","Committee2MSP","Committee3MSP","AuditorMSP"]'
  jqcheck "status: chaincode lethe committed" "$status" \
    '.chaincode.name == "lethe" and .chaincode.committed == true and .chaincode.sequence == 1'
  local h0; h0="$(jq .height <<<"$status")"

  # the committee member services network.sh started (DKG done, key set through governance)
  jqcheck "three committee member services up, each holding key index 0" "$($lethe committee status)" \
    '[.[] | select(.up and .keyIndexes == [0]) | .member] == [1,2,3]'
  jqcheck "the DKG's key is on the ledger" "$($lethe ledger committee show --as auditor --json)" \
    ".keys[0].publicKey == \"$(jq -r .Y "$LETHE_NETWORK_DIR/committee/public-0.json")\""

  local info; info="$($lethe system info --as user1 --json)"
  jqcheck "System:Info sees user1 as UsersMSP, not committee" "$info" '.mspId == "UsersMSP" and .committee == false'

  # governance: one committee org's admin proposes, nothing changes; a second org's admin approves
  local p; p="$($lethe governance propose --as committee2-admin gov-mode set-parameter --parameter e2e.mode --value "$mode" --json)"
  jqcheck "committee2's admin proposes: open, 1 of 2 approvals" "$p" '.status == "OPEN" and (.approvals | length) == 1'
  local rc=0 err
  err="$($lethe system get-parameter --as user1 e2e.mode 2>&1 >/dev/null)" || rc=$?
  check "one org's proposal sets nothing (NOT_FOUND, exit 2)" test "$rc" -eq 2
  check "  ... and says so" grep -q "\[NOT_FOUND\]" <<<"$err"
  rc=0; err="$($lethe governance approve --as committee2-admin gov-mode --action-hash "$(jq -r .actionHash <<<"$p")" 2>&1 >/dev/null)" || rc=$?
  check "the same org cannot approve twice" test "$rc" -eq 2
  check "  ... ALREADY_EXISTS" grep -q "\[ALREADY_EXISTS\]" <<<"$err"
  rc=0; err="$($lethe governance approve --as committee3 gov-mode --action-hash "$(jq -r .actionHash <<<"$p")" 2>&1 >/dev/null)" || rc=$?
  check "a committee client (not an admin) cannot approve" test "$rc" -eq 2
  check "  ... ACCESS_DENIED naming NodeOU admin" grep -q "ACCESS_DENIED.*NodeOU admin" <<<"$err"
  local done; done="$($lethe governance approve --as committee3-admin gov-mode --action-hash "$(jq -r .actionHash <<<"$p")" --json)"
  jqcheck "committee3's admin approves: executed" "$done" '.status == "EXECUTED"'
  local got; got="$($lethe system get-parameter --as user1 e2e.mode --json)"
  jqcheck "user1 reads what two committee orgs approved" "$got" ".value == \"$mode\" and .setBy == \"Committee2MSP,Committee3MSP\""

  rc=0
  err="$($lethe governance propose --as user1 gov-forged set-parameter --parameter e2e.mode --value forged 2>&1 >/dev/null)" || rc=$?
  echo "  user1 got (exit $rc): $err"
  check "user1 refused with exit code 2" test "$rc" -eq 2
  check "refusal names who may call" grep -q "may be called only by committee organisations" <<<"$err"
  check "refusal names the caller's org" grep -q "not by UsersMSP" <<<"$err"
  check "refusal carries the chaincode's error code" grep -q "refused \[ACCESS_DENIED\]" <<<"$err"
  rc=0; err="$($lethe governance propose --as auditor-admin gov-forged set-parameter --parameter e2e.mode --value forged 2>&1 >/dev/null)" || rc=$?
  check "auditor's admin refused too" test "$rc" -eq 2
  got="$($lethe system get-parameter --as auditor e2e.mode --json)"
  jqcheck "refused calls changed nothing" "$got" ".value == \"$mode\""

  status="$($lethe network status --json)"
  jqcheck "height grew by the committed transaction" "$status" ".height > $h0"

  local pids ports
  pids="$(cut -d" " -f1 "$LETHE_NETWORK_DIR"/pids/*.pid)"
  e2e_network_down
  local alive=""
  for pid in $pids; do kill -0 "$pid" 2>/dev/null && alive+=" $pid"; done
  check "down stopped every node process" test -z "$alive"
  ports="$(ss -ltnH | awk '{print $4}' | sed 's/.*://' | awk -v b="$LETHE_PORT_BASE" '$1 >= b + 100 && $1 <= b + 353')"
  check "no listener left on ports $((LETHE_PORT_BASE + 100))..$((LETHE_PORT_BASE + 353))" test -z "$ports"
  check "state folder removed" test ! -e "$LETHE_NETWORK_DIR"
  echo "  $mode round: $((SECONDS - t0))s"
}

# `up` refuses clearly, starting nothing, without the gateway-app jar or with a member service's port taken
rc=0; out="$(LETHE_APP_JAR=/nonexistent/lethe-gateway-app.jar bash test-network-scripts/network.sh up 2>&1)" || rc=$?
[[ $rc != 0 ]] && grep -q "gateway-app jar missing" <<<"$out" && [[ ! -e "$LETHE_NETWORK_DIR" ]] \
  || { echo "$out" >&2; fail "up without the gateway-app jar: exit $rc"; }
ok "up without the gateway-app jar fails naming it, nothing started"
busy=$((LETHE_PORT_BASE + 352))
python3 -c 'import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(); time.sleep(60)' "$busy" &
holder=$!
for _ in $(seq 1 50); do [[ -n "$(ss -ltnH "sport = :$busy")" ]] && break; sleep 0.1; done
rc=0; out="$(bash test-network-scripts/network.sh up 2>&1)" || rc=$?
kill "$holder"; wait "$holder" 2>/dev/null || true
[[ $rc != 0 ]] && grep -q "port(s) $busy already in use" <<<"$out" && [[ ! -e "$LETHE_NETWORK_DIR" ]] \
  || { echo "$out" >&2; fail "up with committee member 2's port $busy taken: exit $rc"; }
ok "up with a member service's port ($busy) taken fails naming it, nothing started"

round raft
[[ "${LETHE_E2E_BFT:-0}" == 0 ]] || round bft
echo "e2e network: passed"
