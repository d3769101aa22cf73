#!/usr/bin/env bash
# End-to-end test of the Kubo (IPFS) content-store backend against a real Kubo daemon (no
# Fabric needed): a throw-away offline node on 127.0.0.1; `lethe model put --kubo` of files
# at the chunking boundaries (0 B, 1 B, 256 KiB, 256 KiB+1, 174 chunks, 2-level tree) gives
# the CID Debian's ipfs_cid prints, the CID `--store DIR` gives and the CID Kubo's own CLI
# computes; `lethe model get --kubo` and Kubo's gateway return the same bytes; a missing CID
# and an unreachable node fail cleanly; `lethe experiment --kubo` stores every model there.
# The daemon is stopped by PID and its repository removed, even on failure.
#
#   LETHE_E2E_KUBO_PORT_BASE     ports: Kubo API base+350, gateway base+351, swarm base+352
#                                (default $LETHE_PORT_BASE, else 7000; Fabric networks use base+100..base+300)
#   LETHE_E2E_KUBO_EXPERIMENT=0  skip the small `lethe experiment --kubo` run (~10 s)
#   LETHE_E2E_KUBO_TIMEOUT_S     bound of the whole script (default 600)
source "$(dirname "${BASH_SOURCE[0]}")/../lib/e2e.sh"
e2e_init 55-kubo-store
base="$(e2e_port_base LETHE_E2E_KUBO_PORT_BASE 7000)"
api_port=$((base + 350)) gw_port=$((base + 351)) swarm_port=$((base + 352))
api="http://127.0.0.1:$api_port"
deadline=$((SECONDS + ${LETHE_E2E_KUBO_TIMEOUT_S:-600}))

work="$(mktemp -d "${TMPDIR:-/tmp}/lethe-e2e-kubo.XXXXXX")"
daemon_pid=""
cleanup() {
  local rc=$E2E_RC
  if [[ -n "$daemon_pid" ]] && kill -0 "$daemon_pid" 2>/dev/null; then
    kill -TERM "$daemon_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$daemon_pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$daemon_pid" 2>/dev/null; then
      echo "55-kubo-store: daemon $daemon_pid did not stop in 10 s; killing it" >&2
      kill -KILL "$daemon_pid" 2>/dev/null || true
    fi
    wait "$daemon_pid" 2>/dev/null || true
  fi
  if ((rc != 0)) && [[ -f "$work/daemon.log" ]]; then
    echo "55-kubo-store: last lines of the Kubo daemon log:" >&2
    tail -20 "$work/daemon.log" >&2 || true
  fi
  chmod -R u+w "$work" 2>/dev/null || true
  rm -rf "$work"
}
e2e_on_exit cleanup
trap 'exit 130' INT TERM

in_time() { ((SECONDS < deadline)) || fail "over the time bound (${LETHE_E2E_KUBO_TIMEOUT_S:-600} s) $*"; }

command -v ipfs_cid >/dev/null || fail "ipfs_cid not found (apt-get install -y ipfs-cid; test-network-scripts/install-deps.sh does it)"
command -v curl >/dev/null || fail "curl not found"
ipfs="$(bash test-network-scripts/install-kubo.sh)"
[[ -x "$ipfs" ]] || fail "install-kubo.sh gave no ipfs binary"
[[ -f gateway-app/target/lethe-gateway-app.jar ]] || mvn -q -B -ntp -DskipTests -pl gateway-app -am package

for p in "$api_port" "$gw_port" "$swarm_port"; do
  if ss -ltnH "sport = :$p" 2>/dev/null | grep -q .; then
    fail "port $p is in use; pick another range with LETHE_E2E_KUBO_PORT_BASE (now $base)"
  fi
done

echo "--- Kubo $("$ipfs" version --number) on $api (offline, repository $work/repo)"
export IPFS_PATH="$work/repo"
"$ipfs" init --profile test --empty-repo >"$work/init.log" 2>&1 || { cat "$work/init.log" >&2; fail "ipfs init"; }
"$ipfs" config Addresses.API "/ip4/127.0.0.1/tcp/$api_port"
"$ipfs" config Addresses.Gateway "/ip4/127.0.0.1/tcp/$gw_port"
"$ipfs" config --json Addresses.Swarm "[\"/ip4/127.0.0.1/tcp/$swarm_port\"]"
"$ipfs" config --json Bootstrap '[]'
"$ipfs" daemon --offline >"$work/daemon.log" 2>&1 &
daemon_pid=$!
t0=$SECONDS
until curl -fsS -m 2 -X POST "$api/api/v0/version" >/dev/null 2>&1; do
  kill -0 "$daemon_pid" 2>/dev/null || fail "ipfs daemon exited during start-up"
  ((SECONDS - t0 < 60)) || fail "Kubo API not up on $api after 60 s"
  sleep 0.3
done
ok "daemon $daemon_pid answers on $api after $((SECONDS - t0)) s"
ss -ltnH 2>/dev/null | awk '{print $4}' | grep -E ":($api_port|$gw_port)\$" | grep -qv '^127\.0\.0\.1:' \
  && fail "Kubo listens on an address other than 127.0.0.1"

# deterministic contents (seeded), sizes around the 256 KiB chunk and the 174-link node
chunk=262144
sizes=(0 1 $chunk $((chunk + 1)) $((174 * chunk)) $((175 * chunk + 12345)))
python3 - "$work" "${sizes[@]}" <<'PY'
import random, sys
work, sizes = sys.argv[1], [int(s) for s in sys.argv[2:]]
for n in sizes:
    with open(f"{work}/f{n}", "wb") as f:
        f.write(random.Random(n).randbytes(n))
PY

for n in "${sizes[@]}"; do
  in_time "(at $n bytes)"
  f="$work/f$n"
  kubo_cid="$($lethe model put "$f" --kubo "$api")"
  fs_cid="$($lethe model put "$f" --store "$work/fs-store")"
  ref_cid="$(ipfs_cid "$f" 2>/dev/null | sed -n 's/.*"CIDv1":"\([a-z2-7]*\)".*/\1/p')"
  # Kubo's own CLI, independently of Lethe's HTTP client (CIDv0 DAG, root written as CIDv1)
  own_cid="$("$ipfs" --api "/ip4/127.0.0.1/tcp/$api_port" add -Q -n --cid-version=0 --raw-leaves=false "$f" \
    | xargs "$ipfs" --api "/ip4/127.0.0.1/tcp/$api_port" cid base32)"
  [[ -n "$ref_cid" ]] || fail "ipfs_cid printed no CIDv1 for $n bytes"
  [[ "$kubo_cid" == "$ref_cid" ]] || fail "$n bytes: --kubo gave $kubo_cid, ipfs_cid $ref_cid"
  [[ "$fs_cid" == "$kubo_cid" ]] || fail "$n bytes: --store gave $fs_cid, --kubo $kubo_cid"
  [[ "$own_cid" == "$kubo_cid" ]] || fail "$n bytes: ipfs add gave $own_cid, lethe $kubo_cid"
  # pins are keyed by the CID they were made with: the v0 form of the root
  "$ipfs" --api "/ip4/127.0.0.1/tcp/$api_port" pin ls --type=recursive "$("$ipfs" cid format -v 0 "$kubo_cid")" >/dev/null \
    || fail "$n bytes: $kubo_cid is not pinned on the node"
  $lethe model get "$kubo_cid" --kubo "$api" -o "$work/back" 2>/dev/null
  cmp -s "$f" "$work/back" || fail "$n bytes: lethe model get --kubo returned different bytes"
  curl -fsS -m 60 -o "$work/gw" "http://127.0.0.1:$gw_port/ipfs/$kubo_cid" || fail "$n bytes: gateway GET failed"
  cmp -s "$f" "$work/gw" || fail "$n bytes: Kubo's gateway returned different bytes"
  ok "$(printf '%9d' "$n") bytes: $kubo_cid (ipfs_cid, --store, ipfs add agree; get and gateway return the file)"
  rm -f "$work/back" "$work/gw"
done

in_time "(before removal)"
rm_cid="$($lethe model cid "$work/f$((chunk + 1))")"
$lethe model rm "$rm_cid" --kubo "$api" >/dev/null
if "$ipfs" --api "/ip4/127.0.0.1/tcp/$api_port" pin ls --type=recursive "$("$ipfs" cid format -v 0 "$rm_cid")" >/dev/null 2>&1; then
  fail "model rm: $rm_cid is still pinned"
fi
if "$ipfs" --api "/ip4/127.0.0.1/tcp/$api_port" block stat --offline "$rm_cid" >/dev/null 2>&1; then
  fail "model rm: the root block of $rm_cid survived garbage collection"
fi
$lethe model get "$rm_cid" --kubo "$api" -o "$work/back" 2>"$work/err" && fail "model rm: get still succeeds"
grep -q "no object $rm_cid" "$work/err" || { cat "$work/err" >&2; fail "model rm: unclear get message"; }
$lethe model rm "$rm_cid" --kubo "$api" 2>"$work/err" && fail "model rm twice succeeded"
grep -q "no object $rm_cid" "$work/err" || { cat "$work/err" >&2; fail "model rm twice: unclear message"; }
for n in 1 $chunk; do   # other objects untouched by the garbage collection
  $lethe model get "$($lethe model cid "$work/f$n")" --kubo "$api" -o "$work/back" 2>/dev/null
  cmp -s "$work/f$n" "$work/back" || fail "model rm removed the $n-byte object too"
done
ok "model rm --kubo: unpinned, blocks collected, other objects kept; a second rm says no object"

in_time "(before the failure cases)"
printf 'never stored' >"$work/never"
missing="$($lethe model cid "$work/never")"
if $lethe model get "$missing" --kubo "$api" -o "$work/never.out" 2>"$work/err"; then
  fail "get of a CID the node does not have succeeded"
fi
grep -q "no object $missing" "$work/err" || { cat "$work/err" >&2; fail "missing CID: unclear message"; }
[[ ! -e "$work/never.out" ]] || fail "missing CID: an output file was written"
compgen -G "$work/.never.out.*" >/dev/null && fail "missing CID: a partial file was left"
ok "missing CID: $(cat "$work/err")"

if $lethe model get "$missing" --kubo "http://127.0.0.1:$swarm_port" -o "$work/never.out" 2>"$work/err"; then
  fail "get from a closed port succeeded"
fi
grep -q "cannot reach the Kubo API at http://127.0.0.1:$swarm_port" "$work/err" || { cat "$work/err" >&2; fail "unreachable node: unclear message"; }
ok "unreachable node: $(cat "$work/err")"

if $lethe model put "$work/f1" --kubo "$api" --store "$work/fs-store" 2>"$work/err"; then
  fail "--kubo with --store accepted"
fi
grep -q "mutually exclusive" "$work/err" || fail "--kubo with --store: unclear message"
ok "--kubo and --store together are refused"

if [[ "${LETHE_E2E_KUBO_EXPERIMENT:-1}" == 1 ]]; then
  in_time "(before the experiment)"
  t0=$SECONDS
  $lethe experiment --quick --methods gradient-ascent --samples-per-user 10 --root-epochs 1 --local-epochs 1 \
    --no-progress --kubo "$api" --json-out "$work/exp.json" >"$work/exp.md" 2>"$work/exp.err" \
    || { cat "$work/exp.err" >&2; fail "lethe experiment --kubo"; }
  python3 - "$work/exp.json" "$api" >"$work/cids" <<'PY'
import json, sys
setup = json.load(open(sys.argv[1]))["setup"]
assert setup["liveStore"] == "kubo " + sys.argv[2], setup["liveStore"]
for model, cid in setup["modelCids"].items():
    print(model, cid)
PY
  count=0
  while read -r model cid; do
    "$ipfs" --api "/ip4/127.0.0.1/tcp/$api_port" cat "$cid" >"$work/model"
    got="$(ipfs_cid "$work/model" 2>/dev/null | sed -n 's/.*"CIDv1":"\([a-z2-7]*\)".*/\1/p')"
    [[ "$got" == "$cid" ]] || fail "experiment model $model: node serves bytes with CID $got, recorded $cid"
    count=$((count + 1))
  done <"$work/cids"
  models="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["setup"]["models"])' "$work/exp.json")"
  ((count == models && count > 0)) || fail "experiment recorded $count model CIDs for $models models"
  ok "lethe experiment --kubo: $count models stored on the node, each served back under its CID ($((SECONDS - t0)) s)"
fi

echo "55-kubo-store: ok"
