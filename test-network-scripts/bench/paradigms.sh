#!/usr/bin/env bash
# The three unlearning paradigms on the ledger, side by side (issue 12's comparison), in one run:
# per paradigm a fresh Raft network, the same FL training (same seed, so the same models), user1's
# request to forget class 5 from one start, `lethe unlearn run --json-out`, network down. Then one
# table: A_f/A_r before → after (means over the rewritten models, Fashion-MNIST test images), the
# cost split, and parallel vs sequential on unlearning + committee + consensus. No proofs
# (zk.required stays off): proving costs are in prover-native/bench/RESULTS.md.
#
#   test-network-scripts/bench/paradigms.sh [--model M] [--samples-per-user N] [--test-samples N]
#       [--start ID] [--paradigms zero-shot,parallel,sequential] [--full] [--out DIR]
#
# Defaults: mlp, --quick recipe with 2,000 images per user, 2,000 test images, start u01a, all
# three paradigms, out target/bench-paradigms. --full drops --quick and uses the scenario's images
# per user unless --samples-per-user is given (the FL recipe's full size).
# Ports from LETHE_PORT_BASE (default 9400); network state under DIR/net (removed at the end).
# Minutes: ≈ 4–8 per paradigm for the default recipe on 2 cores.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
model=mlp samples="" tests=2000 start=u01a paradigms=zero-shot,parallel,sequential quick=--quick
out="$root/target/bench-paradigms"
while (($#)); do
  case "$1" in
    --model) model="$2"; shift 2 ;;
    --samples-per-user) samples="$2"; shift 2 ;;
    --test-samples) tests="$2"; shift 2 ;;
    --start) start="$2"; shift 2 ;;
    --paradigms) paradigms="$2"; shift 2 ;;
    --full) quick=""; shift ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n 2,16p "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "paradigms.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ -n "$samples" || -z "$quick" ]] || samples=2000
mkdir -p "$out"
out="$(cd "$out" && pwd)"
export LETHE_PORT_BASE="${LETHE_PORT_BASE:-9400}" LETHE_NETWORK_DIR="$out/net"
export LETHE_PROFILE="$LETHE_NETWORK_DIR/connection-profile.json"
lethe=gateway-app/lethe
down() { bash test-network-scripts/network.sh down >/dev/null 2>&1 || true; }
trap down EXIT
[[ -f gateway-app/target/lethe-gateway-app.jar ]] || mvn -q -B -ntp -DskipTests -pl gateway-app,chaincode/contracts -am package

govern() {
  local p; p="$($lethe governance propose --as committee1-admin "$@" --json)"
  $lethe governance approve --as committee2-admin "$1" --action-hash "$(jq -r .actionHash <<<"$p")" >/dev/null
}

IFS=, read -r -a list <<<"$paradigms"
for p in "${list[@]}"; do
  case "$p" in zero-shot|parallel|sequential) ;; *) echo "paradigms.sh: unknown paradigm '$p'" >&2; exit 2 ;; esac
  echo "== $p: network up ($(date +%T), load $(cut -d' ' -f1 /proc/loadavg))"
  down
  bash test-network-scripts/network.sh up >"$out/$p-network.log" 2>&1 || { tail -20 "$out/$p-network.log" >&2; exit 1; }
  echo "   fl train --model $model ${quick:-(full size)} ${samples:+--samples-per-user $samples} --test-samples $tests"
  # shellcheck disable=SC2086
  $lethe fl train --scenario fmnist-14 --model "$model" $quick ${samples:+--samples-per-user "$samples"} \
    --test-samples "$tests" --no-progress --json >"$out/$p-train.json"
  if [[ "$p" == zero-shot ]]; then
    govern "bench-provider" set-parameter --parameter zeroshot.provider \
      --value "$($lethe system info --as provider --json | jq -r '.mspId + "::" + .clientId')"
  fi
  $lethe unlearn request --as user1 --start "$start" --forget classes:5 --paradigm "$p" --id "bench-$p" --json \
    >"$out/$p-request.json"
  if [[ "$p" == zero-shot ]]; then
    $lethe unlearn mask --request "bench-$p" --as provider --json >"$out/$p-masks.json"
  fi
  echo "   unlearn run ($(jq '.cascade | length' "$out/$p-request.json") models)"
  $lethe unlearn run --request "bench-$p" --json-out "$out/$p.json" --no-progress >"$out/$p-run.log" 2>&1 \
    || { tail -20 "$out/$p-run.log" >&2; exit 1; }
  down
done
python3 - "$out" "${list[@]}" <<'EOF'
import json, sys
out, names = sys.argv[1], sys.argv[2:]
rows, summary = [], {}
print(f"\n| paradigm | models | A_f before → after | worst A_f after | A_r before → after | unlearning | committee "
      "| endorse+order+commit | fixed point + zkDigest | transactions |")
print("| --- | ---: | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |")
for n in names:
    r = json.load(open(f"{out}/{n}.json"))
    c = r["costs"]
    worst = max(m["after"]["forgetAccuracy"] for m in r["models"])
    summary[n] = {"models": len(r["models"]), "A_f": [r["before"]["forgetAccuracy"], r["after"]["forgetAccuracy"]],
                  "worst_A_f_after": worst, "A_r": [r["before"]["retainAccuracy"], r["after"]["retainAccuracy"]],
                  "costs": c, "transactions": len(r["transactions"])}
    try:
        summary[n]["provider_mask_seconds"] = sum(m["seconds"] for m in json.load(open(f"{out}/{n}-masks.json"))["models"])
    except FileNotFoundError:
        pass
    print(f"| {n} | {len(r['models'])} | {r['before']['forgetAccuracy']:.3f} → {r['after']['forgetAccuracy']:.3f} | {worst:.3f} "
          f"| {r['before']['retainAccuracy']:.3f} → {r['after']['retainAccuracy']:.3f} | {c['unlearning']:.1f} s "
          f"| {c['committee']:.1f} s | {c['consensus']:.1f} s | {c['fixedPointAndDigest']:.1f} s | {len(r['transactions'])} |")
for n in names:
    if "provider_mask_seconds" in summary[n]:
        print(f"\n{n}: the provider's masks and Fishers took {summary[n]['provider_mask_seconds']:.1f} s (not in the run's costs)")
if "parallel" in summary and "sequential" in summary:
    t = {n: summary[n]["costs"]["unlearning"] + summary[n]["costs"]["committee"] + summary[n]["costs"]["consensus"]
         for n in ("parallel", "sequential")}
    u = {n: summary[n]["costs"]["unlearning"] for n in ("parallel", "sequential")}
    summary["sequential_over_parallel"] = {"unlearning_committee_consensus": t["sequential"] / t["parallel"],
                                           "unlearning": u["sequential"] / u["parallel"]}
    print(f"\nsequential / parallel, unlearning + committee + consensus: {t['sequential']:.1f} s / {t['parallel']:.1f} s"
          f" = {t['sequential'] / t['parallel']:.1f}x (unlearning alone {u['sequential'] / u['parallel']:.1f}x)")
json.dump(summary, open(f"{out}/summary.json", "w"), indent=2)
print(f"\n{out}/summary.json")
EOF
