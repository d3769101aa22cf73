#!/usr/bin/env bash
# End-to-end: fault runs during `lethe unlearn run` (issue 14). Each node is killed with SIGKILL while a
# run is under way, restarted by name (`network.sh restart NODE`), and the same command run again;
# the final state must equal the fault-free run's of the same seed.
#   - two networks side by side (the reference is this script run again with
#     LETHE_E2E_FAULTS_PART=reference, ports +400), the same federation on each (fmnist-14, mlp-tiny,
#     600 samples per user, seed fixed): a reference (BFT, 4 orderers, f = 1) and a Raft network; both run
#     the same three requests of user1 forgetting class 5 in the same order:
#       S  sequential from u01b (one RedactOne per model, 9 commits)
#       Q  parallel from u01b (one RedactBatch)
#       P  parallel from u01a, proven on the Raft network (chunk-delta and chunk-cascade, a sidecar the
#          script starts); unproven on the reference (a proof changes no payload, digest or version)
#     every run of every request is fault-free on one network and faulted on the other:
#       Raft S: after a commit, in turn: a committee peer (committee2), the chaincode service, the Raft
#               orderer, a committee member service (committee2-service), and the run process
#               itself (right after a commit: the superseded file's move to the archive store);
#               each killed run is restarted and re-run with the same command until the request closes
#       Raft P: the prover sidecar, killed once two models are proven and staged
#       BFT Q:  one of the four SmartBFT orderers (orderer0), killed when the run starts
#   - compared (test-network-scripts/lib/ledger-state.py): every model's version, CID, zkDigest, refs,
#     owner and request; every archive entry (model, version, CID, zkDigest, request); not tx ids, times,
#     chameleon hash values (each network's committee key comes from its own DKG) or the grouping of
#     publishes into live blocks (the sealer's timing). On each network: no archive entry missing or
#     doubled, each store holding exactly its files (the current versions' in live, the archived ones'
#     in the archive), nothing pending
#   - the table fault → what happened → recovered → state equal, printed and written to
#     $LETHE_E2E_OUT/70-faults/faults.json
#   - bounded: the whole script within $LETHE_E2E_FAULTS_MAX_S (default 900 s); every wait has a
#     deadline; the exit trap takes the network down and kills the sidecar and the runs it started
#
#   LETHE_E2E_FAULTS_PORT_BASE   port range (default $LETHE_PORT_BASE, else 8200): the Raft network; the
#                                reference uses the range 400 above it
#   LETHE_E2E_FAULTS_KEYS        chunk key folder (default: the checkout's shared dev keys,
#                                lib/dev-keys.sh); keys missing there are made by an INSECURE
#                                single-party dev setup in the background
#   LETHE_E2E_OUT                where faults.json and the two states go (default target/e2e-out)
source "$(dirname "${BASH_SOURCE[0]}")/../lib/e2e.sh"
e2e_init 70-faults
export LETHE_PORT_BASE="$(e2e_port_base LETHE_E2E_FAULTS_PORT_BASE 8200)"
max_s="${LETHE_E2E_FAULTS_MAX_S:-900}"
out="${LETHE_E2E_OUT:-$root/target/e2e-out}/70-faults"
e2e_tmpdir tmp
keys="${LETHE_E2E_FAULTS_KEYS:-$(dev_keys_dir)}" # the checkout's shared dev keys (lib/dev-keys.sh)
network=(bash test-network-scripts/network.sh)
t_start=$SECONDS
part="${LETHE_E2E_FAULTS_PART:-raft}"
# what the two halves share: the training summaries and the fault rows
share="${LETHE_E2E_FAULTS_SHARE:-$tmp}"
mkdir -p "$out"

# --- time bounds
left() { echo $((max_s - (SECONDS - t_start))); }
deadline_check() { (($(left) > 0)) || fail "global deadline: ${max_s}s passed ($*)"; }
# bounded CMD...: CMD killed when the global deadline passes
bounded() { deadline_check "$1"; timeout -k 5 "$(left)" "$@"; }

use_network() { # DIR-SUFFIX
  export LETHE_NETWORK_DIR="$root/.network-e2e-faults$1"
  export LETHE_PROFILE="$LETHE_NETWORK_DIR/connection-profile.json"
  export LETHE_COMMITTEE_DIR="$LETHE_NETWORK_DIR/committee"
}

# --- the runs this script starts (killed at exit if still there)
run_pid=""
stop_run() { [[ -n "$run_pid" ]] && kill -KILL "$run_pid" 2>/dev/null; run_pid=""; return 0; }
e2e_on_exit stop_run
# start_run LOG ARGS...: `lethe unlearn run ARGS` in the background ($run_pid: the JVM, the launcher execs it)
start_run() {
  local log="$1"; shift
  deadline_check "unlearn run"
  "$lethe" unlearn run --no-progress "$@" >"$log" 2>&1 &
  run_pid=$!
}
# wait_run: the run's exit code (killed at the global deadline)
wait_run() {
  local rc=0
  while kill -0 "$run_pid" 2>/dev/null; do
    (($(left) > 0)) || { stop_run; fail "global deadline: ${max_s}s passed while a run was under way"; }
    sleep 0.2
  done
  wait "$run_pid" || rc=$?
  run_pid=""
  return "$rc"
}
run_alive() { [[ -n "$run_pid" ]] && kill -0 "$run_pid" 2>/dev/null; }
last_error() { grep -E 'lethe:|Exception|error' "$1" | grep -v 'member left out' | tail -1 | cut -c1-160 | tr -d '\t|'; }

# kill9 NODE: SIGKILL the node network.sh started (its PID file), and wait until it is gone
kill9() {
  local pid; pid="$(cut -d' ' -f1 "$LETHE_NETWORK_DIR/pids/$1.pid")"
  kill -KILL "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
}
restart() { bounded "${network[@]}" restart "$1" >>"$tmp/restarts.log" 2>&1 || { tail -20 "$tmp/restarts.log" >&2; fail "network.sh restart $1"; }; }

# committee1's channel height (its peer's operations endpoint: a curl, no JVM)
height() {
  curl -sf --max-time 2 "http://127.0.0.1:$((LETHE_PORT_BASE + 202))/metrics" \
    | sed -n 's/^ledger_blockchain_height{channel="lethe"} //p' | cut -d. -f1
}
# await_height H: until the channel reaches height H while the run is alive; 1 when the run ended first
await_height() {
  while :; do
    local h; h="$(height)"
    [[ -n "$h" ]] && ((h >= $1)) && return 0
    run_alive || return 1
    deadline_check "waiting for channel height $1"
    sleep 0.05
  done
}

# --- the fault table: fault | stage | what happened | recovered | request (state equal: at the end)
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" >>"$share/faults-$part.tsv"; }


# train + the three requests, each opened just before its run (a cascade's versions are fixed at opening)
train() {
  bounded "$lethe" fl train --scenario fmnist-14 --model mlp-tiny --quick --samples-per-user 600 --test-samples 1000 \
    --no-progress --json >"$share/train-$1.json"
}
request() { # ID START PARADIGM
  bounded "$lethe" unlearn request --as user1 --start "$2" --forget classes:5 --paradigm "$3" --id "$1" --json >/dev/null
}
capture() { # NAME: the network's deterministic state, checked well formed
  bounded "$lethe" live export --json --as auditor >"$tmp/live-$1.json"
  bounded "$lethe" archive export --json --as auditor >"$tmp/archive-$1.json"
  local summary
  summary="$(python3 test-network-scripts/lib/ledger-state.py "$tmp/live-$1.json" "$tmp/archive-$1.json" \
    "$LETHE_NETWORK_DIR/store" -o "$out/state-$1.json")" || fail "$1: the final state is not well formed (above)"
  ok "$1 network: $summary"
}

# ============ 1. the reference network (BFT; this script again, beside the Raft network): S and P
#    fault-free, Q with a SmartBFT orderer killed
if [[ "$part" == reference ]]; then
  trap 'fail "stopped (TERM)"' TERM
  use_network -ref
  t0=$SECONDS
  e2e_network_up --bft
  train ref
  echo "  up and trained in $((SECONDS - t0))s"
  t0=$SECONDS
  request r-s u01b sequential
  start_run "$tmp/ref-s.log" --request r-s; wait_run || { cat "$tmp/ref-s.log" >&2; fail "reference: r-s"; }
  echo "  reference S (fault-free) in $((SECONDS - t0))s"

  request r-q u01b parallel
  start_run "$tmp/ref-q.log" --request r-q
  sleep 2
  kill9 orderer0
  rc=0; wait_run || rc=$?
  if ((rc == 0)); then
    what="killed 2 s into the run; the run committed through the other 3 orderers (f = 1), no rerun"
  else
    what="killed 2 s into the run; the run failed ($(last_error "$tmp/ref-q.log"))"
  fi
  restart orderer0
  if ((rc != 0)); then
    start_run "$tmp/ref-q2.log" --request r-q; wait_run || { cat "$tmp/ref-q2.log" >&2; fail "r-q rerun after orderer0"; }
    what+="; restarted, the rerun completed"
  else
    what+="; orderer0 restarted, healthy"
  fi
  record "SmartBFT orderer (orderer0 of 4)" "the whole run (computation, committee round, ordering)" "$what" yes r-q
  ok "BFT orderer0: $what"
  t0=$SECONDS
  request r-p u01a parallel
  start_run "$tmp/ref-p.log" --request r-p; wait_run || { cat "$tmp/ref-p.log" >&2; fail "reference: r-p"; }
  echo "  reference P (fault-free) in $((SECONDS - t0))s"
  capture ref
  e2e_network_down

  exit 0
fi

mkdir -p "$out"
rm -f "$out"/*.json
# --- keys for the proven run, made in the background while the reference network works
# (lib/dev-keys.sh: those already in $keys are used as they are)
set -m # its own process group, so that the exit handler ends the setup with everything it started
( dev_keys "$keys" chunk-delta chunk-cascade ) >"$tmp/zk-setup.log" 2>&1 &
setup_pid=$!
set +m
e2e_on_exit 'kill -KILL -- "-$setup_pid" 2>/dev/null || true'


e2e_build
(cd prover-native && go build -o bin/ ./cmd/lethe-prover)

ref_dir="$root/.network-e2e-faults-ref"
ref_pid=""
# the reference half: stopped (its trap takes its network down) if this half ends first
stop_reference() {
  [[ -n "$ref_pid" ]] || return 0
  kill -TERM "$ref_pid" 2>/dev/null || true
  local i
  for ((i = 0; i < 600; i++)); do
    kill -0 "$ref_pid" 2>/dev/null || break
    sleep 0.2
  done
  kill -KILL "$ref_pid" 2>/dev/null || true
  [[ ! -d "$ref_dir/pids" ]] || LETHE_NETWORK_DIR="$ref_dir" bash test-network-scripts/network.sh down || true
  ref_pid=""
}
e2e_on_exit stop_reference
LETHE_E2E_FAULTS_PART=reference LETHE_E2E_FAULTS_SHARE="$tmp" LETHE_E2E_FAULTS_MAX_S="$max_s" \
  LETHE_E2E_FAULTS_PORT_BASE=$((LETHE_PORT_BASE + 400)) LETHE_E2E_OUT="$(dirname "$out")" \
  bash "$root/test-network-scripts/e2e/70-faults.sh" >"$tmp/reference.log" 2>&1 &
ref_pid=$!

# ============ 2. the Raft network: S with five faults, P with the sidecar killed, Q fault-free
echo "--- fault runs e2e, Raft network (ports from $LETHE_PORT_BASE)"
use_network ""
t0=$SECONDS
e2e_network_up
train raft
echo "  up and trained in $((SECONDS - t0))s"
request r-s u01b sequential

# S: one fault after each of the first five commits; each killed run re-run with the same command
runs=0
# fault_after_commit NODE LABEL STAGE: waits for the next commit of the run under way, kills NODE
fault_after_commit() {
  local node="$1" label="$2" stage="$3" h
  h="$(height)"
  await_height $((h + 1)) || { cat "$tmp/raft-s-$runs.log" >&2; fail "$label: the run ended before its next commit"; }
  kill9 "$node"
}
s_run() { runs=$((runs + 1)); start_run "$tmp/raft-s-$runs.log" --request r-s; }
# after_fault NODE: the run's outcome (in $tmp/what), the killed node restarted
after_fault() {
  local node="$1" rc=0 what
  wait_run || rc=$?
  local log="$tmp/raft-s-$runs.log"
  if ((rc == 0)); then
    what="killed after a commit; the run finished without it"
  else
    what="killed after a commit; the run stopped: $(last_error "$log")"
  fi
  restart "$node"
  what+="; $node restarted"
  printf '%s' "$what" >"$tmp/what"
}

t0=$SECONDS
s_run
fault_after_commit committee2 "committee peer" "endorsement"
after_fault committee2; record "committee peer (committee2)" "between two RedactOnes of a sequential run" "$(cat "$tmp/what")" pending r-s
s_run
fault_after_commit chaincode "chaincode service" "endorsement"
after_fault chaincode; record "chaincode service" "between two RedactOnes of a sequential run" "$(cat "$tmp/what")" pending r-s
s_run
fault_after_commit orderer0 "Raft orderer" "ordering"
after_fault orderer0; record "Raft orderer (orderer0, the only one)" "between two RedactOnes of a sequential run" "$(cat "$tmp/what")" pending r-s
s_run
fault_after_commit committee2-service "committee member service" "committee round"
# the member service stays down; the next collisions need 2 of 3 shares. If the run goes on, the
# run process itself is killed right after the next commit (made without committee2-service)
h="$(height)"
if await_height $((h + 1)); then
  record "committee member service (committee2-service)" "between two RedactOnes of a sequential run" \
    "killed after a commit; the next RedactOne committed with the collisions of 2 of 3 member services; restarted after the run" yes r-s
  kill_run_after=0
else
  rc=0; wait_run || rc=$?
  record "committee member service (committee2-service)" "between two RedactOnes of a sequential run" \
    "killed after a commit; the run stopped ($(last_error "$tmp/raft-s-$runs.log")); restarted, re-run" "$( ((rc)) && echo pending || echo yes)" r-s
  restart committee2-service
  s_run
  kill_run_after=1
fi
# the run process: SIGKILL as its next commit reaches the peer (the superseded file's move to the
# archive store follows the commit in the run; the kill may land before or after it)
if ((kill_run_after)); then
  h="$(height)"
  await_height $((h + 1)) || { cat "$tmp/raft-s-$runs.log" >&2; fail "run process: the run ended before its next commit"; }
fi
kill -KILL "$run_pid"; wait "$run_pid" 2>/dev/null || true; run_pid=""
what="SIGKILL as its commit reached committee1's peer"
[[ -f "$LETHE_NETWORK_DIR/pids/committee2-service.pid" ]] && ! kill -0 "$(cut -d' ' -f1 "$LETHE_NETWORK_DIR/pids/committee2-service.pid")" 2>/dev/null \
  && restart committee2-service
# the same command: settles the stores, finishes the cascade
rc=0
s_run; wait_run || rc=$?
((rc == 0)) || { cat "$tmp/raft-s-$runs.log" >&2; fail "the rerun after the run process was killed"; }
settled="$(grep -o 'by an interrupted run: .*' "$tmp/raft-s-$runs.log" | cut -d: -f2- || true)"
what+="; the rerun settled the stores:${settled:- nothing left (the kill came after the store moves of that model)}; and completed the cascade"
record "the lethe unlearn run process" "right after a commit (store moves)" "$what" yes r-s
jqcheck "r-s: closed after $runs runs" "$("$lethe" ledger request show r-s --json --as committee1)" '.status == "CLOSED"'
echo "  S with five faults in $((SECONDS - t0))s"

# Q: fault-free here (while the chunk keys may still be in the making)
t0=$SECONDS
request r-q u01b parallel
start_run "$tmp/raft-q.log" --request r-q; wait_run || { cat "$tmp/raft-q.log" >&2; fail "raft: r-q"; }
echo "  Q (fault-free) in $((SECONDS - t0))s"

# P: proven; the sidecar (started here) is killed once two models are proven and staged
t0=$SECONDS
while kill -0 "$setup_pid" 2>/dev/null; do deadline_check "waiting for the chunk key setup"; sleep 1; done
wait "$setup_pid" || { cat "$tmp/zk-setup.log" >&2; fail "the chunk key setup failed"; }
echo "  chunk keys ready ($((SECONDS - t0))s waited)"
govern() { # NAME ACTION ARGS...: proposed by committee1's admin, approved by committee2's
  local p; p="$(bounded "$lethe" governance propose --as committee1-admin "$@" --json)"
  bounded "$lethe" governance approve --as committee2-admin "$1" --action-hash "$(jq -r .actionHash <<<"$p")" --json >/dev/null
}
govern vk-delta register-verifying-key --key-id chunk-delta --vk "$keys/chunk-delta/vk.bin"
govern vk-cascade register-verifying-key --key-id chunk-cascade --vk "$keys/chunk-cascade/vk.bin"
sidecar_addr="127.0.0.1:$((LETHE_PORT_BASE + 390))"
sidecar_pid=""
start_sidecar() {
  prover-native/bin/lethe-prover serve --addr "$sidecar_addr" --keys "$keys" >>"$tmp/sidecar.log" 2>&1 &
  sidecar_pid=$!
  local i
  for ((i = 0; i < 100; i++)); do
    [[ -n "$(ss -ltnH "sport = :${sidecar_addr##*:}")" ]] && return 0
    kill -0 "$sidecar_pid" 2>/dev/null || { cat "$tmp/sidecar.log" >&2; fail "the prover sidecar exited"; }
    sleep 0.1
  done
  fail "the prover sidecar does not listen on $sidecar_addr"
}
e2e_on_exit '[[ -z "$sidecar_pid" ]] || kill -KILL "$sidecar_pid" 2>/dev/null || true'
start_sidecar
request r-p u01a parallel
staging="$LETHE_NETWORK_DIR/fl/runs/r-p"
start_run "$tmp/raft-p.log" --request r-p --provers "$sidecar_addr"
while (($(find "$staging" -name '*.json' 2>/dev/null | wc -l) < 2)); do
  run_alive || { cat "$tmp/raft-p.log" >&2; fail "sidecar: the proven run ended before two models were proven"; }
  deadline_check "waiting for two proven models"
  sleep 0.2
done
kill -KILL "$sidecar_pid"; wait "$sidecar_pid" 2>/dev/null || true
rc=0; wait_run || rc=$?
((rc != 0)) || fail "sidecar: the run finished although its only sidecar was killed"
what="SIGKILL with 2 models proven and staged; the run stopped: $(last_error "$tmp/raft-p.log")"
start_sidecar
start_run "$tmp/raft-p2.log" --request r-p --provers "$sidecar_addr" --json-out "$tmp/raft-p.json"
wait_run || { cat "$tmp/raft-p2.log" >&2; fail "sidecar: the rerun"; }
reused="$(jq .resumedFromStaging "$tmp/raft-p.json")"
jqcheck "r-p: every model proven, closed" "$(cat "$tmp/raft-p.json")" \
  '.requestStatus == "CLOSED" and all(.models[]; .proof.chunksProven == 1) and .resumedFromStaging >= 2'
what+="; restarted, the rerun reused $reused staged proof(s) and proved the rest"
record "prover sidecar" "proving" "$what" yes r-p
echo "  P (proven) with the sidecar killed in $((SECONDS - t0))s"

capture raft
cp -r "$LETHE_NETWORK_DIR/store" "$tmp/store-raft"
e2e_network_down

# the state checks catch what they are for: each tampered copy is refused, naming the problem
state_refuses() { # WHAT REGEX LIVE ARCHIVE STORE
  local o
  if o="$(python3 test-network-scripts/lib/ledger-state.py "$3" "$4" "$5" 2>&1)"; then fail "ledger-state accepted $1"; fi
  grep -Eq "$2" <<<"$o" || { echo "$o" >&2; fail "ledger-state refused $1, but not with '$2'"; }
  ok "ledger-state refuses $1 ($(grep -E "$2" <<<"$o" | head -1 | cut -c1-110))"
}
jq '.blocks[0].entries += [.blocks[0].entries[0]]' "$tmp/archive-raft.json" >"$tmp/archive-doubled.json"
state_refuses "an archive entry doubled" "doubled" "$tmp/live-raft.json" "$tmp/archive-doubled.json" "$tmp/store-raft"
jq 'del(.blocks[0].entries[0])' "$tmp/archive-raft.json" >"$tmp/archive-cut.json"
state_refuses "an archive entry missing" "missing" "$tmp/live-raft.json" "$tmp/archive-cut.json" "$tmp/store-raft"
old_cid="$(jq -r '.blocks[0].entries[0].modelUri' "$tmp/archive-raft.json")"
cp "$tmp/store-raft/archive/$old_cid" "$tmp/store-raft/live/"
state_refuses "a superseded file left in the live store" "live store holds $old_cid \\(a superseded" \
  "$tmp/live-raft.json" "$tmp/archive-raft.json" "$tmp/store-raft"
rm "$tmp/store-raft/live/$old_cid"
new_cid="$(jq -r '.blocks[-1].transactions[0].modelUri' "$tmp/live-raft.json")"
mv "$tmp/store-raft/live/$new_cid" "$tmp/lost"
state_refuses "a current version's file lost" "live store lacks $new_cid" "$tmp/live-raft.json" "$tmp/archive-raft.json" "$tmp/store-raft"

# ============ 3. compare: the training, per request the versions it wrote, then everything
t0=$SECONDS
while kill -0 "$ref_pid" 2>/dev/null; do deadline_check "waiting for the reference network"; sleep 0.5; done
rc=0; wait "$ref_pid" || rc=$?
ref_pid=""
sed 's/^/  [reference] /' "$tmp/reference.log" | grep -v '^  \[reference\] network:'
((rc == 0)) || fail "the reference half failed (above)"
echo "  waited $((SECONDS - t0))s for the reference network"
cmp -s <(jq -S '[.models[] | {id, cid, zkDigest}]' "$tmp/train-ref.json") \
  <(jq -S '[.models[] | {id, cid, zkDigest}]' "$tmp/train-raft.json") \
  || fail "fl train with the same seed published other models on the two networks (training not deterministic)"
ok "fl train: the same 15 models (CIDs, zkDigests) on both networks"
cat "$tmp/faults-reference.tsv" "$tmp/faults-raft.tsv" >"$tmp/faults.tsv"
python3 - "$out/state-ref.json" "$out/state-raft.json" "$tmp/faults.tsv" "$out/faults.json" "$((SECONDS - t_start))" <<'EOF' || fail "the fault runs' state differs from the fault-free runs' (above)"
import json, sys
ref, raft = (json.load(open(p)) for p in sys.argv[1:3])
def written(state, req):  # every version request `req` wrote: archived ones and current ones
    return ([e for e in state["archive"] if e["payloadRequestId"] == req],
            {k: m for k, m in state["models"].items() if m["requestId"] == req})
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[3])]
equal_all = ref == raft
table = []
for fault, stage, what, recovered, req in rows:
    same = written(ref, req) == written(raft, req) and equal_all
    if recovered == "pending":
        recovered = "yes"  # the request closed (checked above); the state is compared here
    table.append({"fault": fault, "stage": stage, "happened": what, "recovered": recovered == "yes",
                  "request": req, "stateEqual": same})
json.dump({"faults": table, "finalStateEqual": equal_all, "wallSeconds": int(sys.argv[5]),
           "compared": "models (version, CID, zkDigest, refs, owner, request) and archive entries (model, version, CID, "
                       "zkDigest, request); not tx ids, times, chameleon hash values, block grouping"},
          open(sys.argv[4], "w"), indent=1)
print(f"{'fault':48} | {'stage':34} | recovered | state equal | what happened")
for t in table:
    print(f"{t['fault']:48} | {t['stage']:34} | {'yes' if t['recovered'] else 'NO':9} | {'yes' if t['stateEqual'] else 'NO':11} | {t['happened']}")
if not equal_all:
    for k in sorted(set(ref["models"]) | set(raft["models"])):
        if ref["models"].get(k) != raft["models"].get(k):
            print(f"model {k}: reference {ref['models'].get(k)} vs faulted {raft['models'].get(k)}", file=sys.stderr)
    a = {(e["txId"], e["version"]): e for e in ref["archive"]}
    b = {(e["txId"], e["version"]): e for e in raft["archive"]}
    for k in sorted(set(a) | set(b)):
        if a.get(k) != b.get(k):
            print(f"archive {k}: reference {a.get(k)} vs faulted {b.get(k)}", file=sys.stderr)
sys.exit(0 if equal_all and all(t["recovered"] and t["stateEqual"] for t in table) else 1)
EOF
ok "every fault recovered; both networks end in the same state ($out/faults.json)"
total=$((SECONDS - t_start))
ok "two networks, $(wc -l <"$tmp/faults.tsv") faults, compared, down in ${total}s (<= ${max_s}s)"
echo "e2e OK (70-faults)"
