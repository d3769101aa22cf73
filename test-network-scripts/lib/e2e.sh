# Shared by the end-to-end scripts (test-network-scripts/e2e/*.sh); source it first:
#   source "$(dirname "${BASH_SOURCE[0]}")/../lib/e2e.sh"; e2e_init NAME
# It sets: root (repository root, also the working directory), lethe (the launcher).
#
#   e2e_on_exit CMD              run CMD when the script exits, whatever the exit code (last
#                                registered runs first); a failing CMD makes the exit code 1
#   e2e_tmpdir VAR               VAR := a temporary folder removed at exit
#   e2e_port_base VAR DEFAULT    first port of this script's range: $VAR, else $LETHE_PORT_BASE, else DEFAULT
#   e2e_build                    builds the jars (app, chaincode, test classes) unless present
#   e2e_network_up [--bft]       network.sh up; the network is taken down at exit
#   e2e_network_down             network.sh down now
#   fail MSG | ok MSG | check WHAT CMD... | jqcheck WHAT JSON JQ-EXPR
#   refused WHAT REGEX CMD...    CMD must fail with REGEX in its output and leave the live and
#                                archive exports byte-for-byte unchanged (no block committed on
#                                any peer, or the exports read again and equal)
#   e2e_test_java MAIN ARGS...   runs a test-only main class on the test class path
#   dev_keys_dir, dev_keys       the checkout's shared chunk dev keys (lib/dev-keys.sh)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/dev-keys.sh"

e2e_init() {
  E2E_NAME="$1"
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  cd "$root"
  lethe="$root/gateway-app/lethe"
}

_e2e_exit_handlers=()
e2e_on_exit() { _e2e_exit_handlers+=("$1"); }
_e2e_run_exit_handlers() {
  E2E_RC=$?
  local i
  for ((i = ${#_e2e_exit_handlers[@]} - 1; i >= 0; i--)); do
    eval "${_e2e_exit_handlers[i]}" || E2E_RC=1
  done
  exit "$E2E_RC"
}
trap _e2e_run_exit_handlers EXIT

# Not in $(...): a subshell could not register the removal.
e2e_tmpdir() {
  local -n _e2e_dir="$1"
  _e2e_dir="$(mktemp -d "${TMPDIR:-/tmp}/lethe-e2e-${E2E_NAME:-x}.XXXXXX")"
  e2e_on_exit "chmod -R u+w '$_e2e_dir' 2>/dev/null; rm -rf '$_e2e_dir'"
}

e2e_port_base() {
  local var="$1" default="$2"
  echo "${!var:-${LETHE_PORT_BASE:-$default}}"
}

fail() { echo "e2e FAILED ($E2E_NAME): $*" >&2; exit 1; }
ok() { echo "  ok  $*"; }
check() { local what="$1"; shift; if "$@"; then ok "$what"; else fail "$what"; fi; }
jqcheck() {
  local what="$1" json="$2" expr="$3"
  if jq -e "$expr" <<<"$json" >/dev/null; then ok "$what"; else echo "$json" >&2; fail "$what ($expr)"; fi
}

e2e_build() {
  [[ -f gateway-app/target/lethe-gateway-app.jar && -f chaincode/contracts/target/lethe-chaincode-all.jar \
    && -d gateway-app/target/test-classes ]] \
    || mvn -q -B -ntp -DskipTests -pl gateway-app,chaincode/contracts -am package
}

_e2e_network_started=0
e2e_network_up() {
  if ((!_e2e_network_started)); then
    e2e_on_exit '_e2e_network_at_exit'
  fi
  _e2e_network_started=1
  bash test-network-scripts/network.sh up "$@"
}
_e2e_network_at_exit() {
  if ((_e2e_network_started)); then
    echo "e2e: taking the network down (exit code so far $E2E_RC)" >&2
    bash test-network-scripts/network.sh down
  fi
}
e2e_network_down() {
  bash test-network-scripts/network.sh down
  _e2e_network_started=0
}

# the two exports are read side by side (two short JVMs), then hashed in a fixed order
e2e_ledger_snapshot() {
  local live archive rc=0
  live="$(mktemp)" archive="$(mktemp)"
  "$lethe" live export --json --as auditor >"$live" &
  local live_pid=$!
  "$lethe" archive export --json --as auditor >"$archive" || rc=$?
  wait "$live_pid" || rc=$?
  ((rc == 0)) && cat "$live" "$archive" | sha256sum
  rm -f "$live" "$archive"
  return "$rc"
}

# the channel height at each of the four peers (their operations endpoints: curls, no JVM), e.g.
# "12 12 12 12"; empty when a peer does not answer
e2e_channel_heights() {
  local base i h out=()
  base="$(cat "${LETHE_NETWORK_DIR:-$root/.network}/port-base" 2>/dev/null)" || return 0
  for i in 0 1 2 3; do
    h="$(curl -sf --max-time 2 "http://127.0.0.1:$((base + 202 + 10 * i))/metrics" 2>/dev/null \
      | sed -n 's/^ledger_blockchain_height{channel="lethe"} //p' | cut -d. -f1)"
    [[ -n "$h" ]] || return 0
    out+=("$h")
  done
  echo "${out[*]}"
}

# World state and private data change only when a block commits. So when no peer's channel height
# moved during the call, the ledger is the one the exports read before it; when one moved (an
# invalidated transaction, a block the sealer cut), the exports are read again and compared.
refused() {
  local what="$1" pattern="$2"; shift 2
  local before after out heights how
  heights="$(e2e_channel_heights)"
  before="$(e2e_ledger_snapshot)"
  if out="$("$@" 2>&1)"; then echo "$out" >&2; fail "$what: was accepted"; fi
  grep -Eq -- "$pattern" <<<"$out" || { echo "$out" >&2; fail "$what: refused, but not with '$pattern'"; }
  if [[ -n "$heights" && "$(e2e_channel_heights)" == "$heights" ]]; then
    how="no block committed"
  else
    after="$(e2e_ledger_snapshot)"
    [[ "$before" == "$after" ]] || fail "$what: the ledger changed although the call was refused"
    how="exports unchanged"
  fi
  ok "$what (refused, $how: $(tail -1 <<<"$out" | cut -c1-150))"
}

e2e_test_java() {
  java -Dlethe.root="$root" \
    -cp "$root/gateway-app/target/test-classes:$root/gateway-app/target/lethe-gateway-app.jar:$root/gateway-app/target/lib/*" "$@"
}

