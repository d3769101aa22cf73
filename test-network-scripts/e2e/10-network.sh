#!/usr/bin/env bash
# End-to-end: the Fabric network comes up (Raft, then 4-node SmartBFT), gateway-app sees 4
# peers and the committed chaincode, a committee identity may set a governance parameter, an
# FL user is refused with a message naming who may, and `down` leaves no process or listener.
# The network is taken down even when a step fails.
#
#   LETHE_E2E_PORT_BASE   port range of the test network (default 7400, away from a dev network on 7000)
#   LETHE_E2E_BFT=0       skip the BFT round
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
export LETHE_PORT_BASE="${LETHE_E2E_PORT_BASE:-7400}"
export LETHE_NETWORK_DIR="$root/.network-e2e"
export LETHE_PROFILE="$LETHE_NETWORK_DIR/connection-profile.json"
network=test-network-scripts/network.sh
lethe=gateway-app/lethe

started=0
cleanup() {
  local rc=$?
  if ((started)); then
    echo "e2e: taking the network down (exit code so far $rc)" >&2
    bash "$network" down || rc=1
  fi
  exit "$rc"
}
trap cleanup EXIT

fail() { echo "e2e FAILED: $*" >&2; exit 1; }
check() { local what="$1"; shift; if "$@"; then echo "  ok  $what"; else fail "$what"; fi; }
jqcheck() {
  local what="$1" json="$2" expr="$3"
  if jq -e "$expr" <<<"$json" >/dev/null; then echo "  ok  $what"; else echo "$json" >&2; fail "$what ($expr)"; fi
}

# Build once up front so no step below pays (or times out on) a Maven build.
[[ -f gateway-app/target/lethe-gateway-app.jar && -f chaincode/contracts/target/lethe-chaincode-all.jar ]] \
  || mvn -q -B -ntp -DskipTests -pl gateway-app -am package

round() {
  local mode="$1" t0=$SECONDS
  echo "--- $mode"
  started=1
  if [[ "$mode" == bft ]]; then bash "$network" up --bft; else bash "$network" up; fi
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

  local info; info="$($lethe system info --as user1 --json)"
  jqcheck "System:Info sees user1 as UsersMSP, not committee" "$info" '.mspId == "UsersMSP" and .committee == false'

  check "committee2 may set a parameter" $lethe system set-parameter --as committee2 e2e.mode "$mode"
  local got; got="$($lethe system get-parameter --as user1 e2e.mode --json)"
  jqcheck "user1 reads what committee2 wrote" "$got" ".value == \"$mode\" and .setBy == \"Committee2MSP\""

  local err rc=0
  err="$($lethe system set-parameter --as user1 e2e.mode forged 2>&1 >/dev/null)" || rc=$?
  echo "  user1 got (exit $rc): $err"
  check "user1 refused with exit code 2" test "$rc" -eq 2
  check "refusal names who may call" grep -q "may be called only by committee organisations" <<<"$err"
  check "refusal names the caller's org" grep -q "not by UsersMSP" <<<"$err"
  rc=0; err="$($lethe system set-parameter --as auditor e2e.mode forged 2>&1 >/dev/null)" || rc=$?
  check "auditor refused too" test "$rc" -eq 2
  got="$($lethe system get-parameter --as auditor e2e.mode --json)"
  jqcheck "refused calls changed nothing" "$got" ".value == \"$mode\""

  status="$($lethe network status --json)"
  jqcheck "height grew by the committed transaction" "$status" ".height > $h0"

  local pids ports
  pids="$(cut -d" " -f1 "$LETHE_NETWORK_DIR"/pids/*.pid)"
  bash "$network" down
  started=0
  local alive=""
  for pid in $pids; do kill -0 "$pid" 2>/dev/null && alive+=" $pid"; done
  check "down stopped every node process" test -z "$alive"
  ports="$(ss -ltnH | awk '{print $4}' | sed 's/.*://' | awk -v b="$LETHE_PORT_BASE" '$1 >= b + 100 && $1 <= b + 300')"
  check "no listener left on ports $((LETHE_PORT_BASE + 100))..$((LETHE_PORT_BASE + 300))" test -z "$ports"
  check "state folder removed" test ! -e "$LETHE_NETWORK_DIR"
  echo "  $mode round: $((SECONDS - t0))s"
}

round raft
[[ "${LETHE_E2E_BFT:-1}" == 0 ]] || round bft
echo "e2e network: passed"
