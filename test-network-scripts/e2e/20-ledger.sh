#!/usr/bin/env bash
# End-to-end: the live and archive ledgers on a real Fabric network (issue 4).
#   - seed the 14-model DAG with 3 redactions; an independent Python verifier re-checks both exports
#   - a parallel batch redaction of a 6-model cascade in ONE transaction; a sequential redaction
#   - VerifyChain passes; an FL user's archive read is refused
#   - a user redaction is refused; a committee redaction endorsed by 2 of 3 committee orgs is
#     invalidated by the key-level policy; forged randomness, changed refs, a forged header and a
#     closed request are refused — and the ledger is byte-for-byte unchanged after each refusal
#   - the superseded payload is gone from every peer's private store, its hash stays public
# The network is taken down even when a step fails.
#
#   LETHE_E2E_LEDGER_PORT_BASE   port range (default 7800, away from 7000 dev and 7400 network e2e)
#   LETHE_E2E_LEDGER_BFT=1       run on the 4-orderer SmartBFT profile instead of Raft
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
export LETHE_PORT_BASE="${LETHE_E2E_LEDGER_PORT_BASE:-7800}"
export LETHE_NETWORK_DIR="$root/.network-e2e-ledger"
export LETHE_PROFILE="$LETHE_NETWORK_DIR/connection-profile.json"
export LETHE_COMMITTEE_DIR="$LETHE_NETWORK_DIR/committee"
network=test-network-scripts/network.sh
lethe=gateway-app/lethe
verify=test-network-scripts/verify-export.py
tmp="$(mktemp -d)"

started=0
cleanup() {
  local rc=$?
  if ((started)); then
    echo "e2e: taking the network down (exit code so far $rc)" >&2
    bash "$network" down || rc=1
  fi
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT

fail() { echo "e2e FAILED: $*" >&2; exit 1; }
ok() { echo "  ok  $*"; }
jqcheck() {
  local what="$1" json="$2" expr="$3"
  if jq -e "$expr" <<<"$json" >/dev/null; then ok "$what"; else echo "$json" >&2; fail "$what ($expr)"; fi
}
# refused WHAT PATTERN CMD...: the command must fail (exit != 0) with PATTERN in its output,
# and the live and archive exports must be identical before and after.
refused() {
  local what="$1" pattern="$2"; shift 2
  local before after out
  before="$(snapshot)"
  if out="$("$@" 2>&1)"; then echo "$out" >&2; fail "$what: was accepted"; fi
  grep -q -- "$pattern" <<<"$out" || { echo "$out" >&2; fail "$what: refused, but not with '$pattern'"; }
  after="$(snapshot)"
  [[ "$before" == "$after" ]] || fail "$what: the ledger changed although the call was refused"
  ok "$what (refused: $(tail -1 <<<"$out" | cut -c1-150))"
}
snapshot() {
  { $lethe live export --json --as auditor; $lethe archive export --json --as auditor; } | sha256sum
}

[[ -f gateway-app/target/lethe-gateway-app.jar && -f chaincode/contracts/target/lethe-chaincode-all.jar ]] \
  || mvn -q -B -ntp -DskipTests -pl gateway-app -am package

echo "--- ledger e2e (ports from $LETHE_PORT_BASE)"
started=1
t0=$SECONDS
if [[ "${LETHE_E2E_LEDGER_BFT:-0}" == 1 ]]; then bash "$network" up --bft; else bash "$network" up; fi
echo "  up in $((SECONDS - t0))s"

# 1. the 14-model DAG with 3 redactions, verified offline by an independent implementation
seed="$($lethe ledger seed --scenario dag-14 --redactions 3 --json)"
jqcheck "seed: 14 models published" "$seed" '(.published | length) == 14'
jqcheck "seed: two starting models of user1, depth >= 4" "$seed" \
  '[.published[] | select(.owner == "user1")] | length == 2'
jqcheck "seed: 3 models redacted in one transaction" "$seed" '(.redactions | length) == 1 and (.redactions[0].rewritten | length) == 3'
jqcheck "seed: VerifyChain valid" "$seed" '.verifyChain.valid == true'
depth="$($lethe ledger descendants m01 --json --as user1 | jq '[.[].depth] | max')"
((depth >= 4)) || fail "DAG depth $depth < 4"
ok "DAG depth from m01 is $depth"
$lethe live export --json --as user14 >"$tmp/live.json"
$lethe archive export --json --as auditor >"$tmp/archive.json"
python3 "$verify" "$tmp/live.json" "$tmp/archive.json" || fail "independent verifier rejected the seeded exports"
ok "independent verifier accepts live and archive exports"

# 2. parallel paradigm: a 6-model cascade rewritten in one transaction
req="$($lethe ledger request open --as user3 --id r-par --start m04 --forget classes:1 \
  --method gradient-ascent --paradigm parallel --json)"
jqcheck "request r-par: cascade of m04 is 6 models" "$req" '.cascade == ["m04","m07","m10","m12","m13","m14"]'
m07before="$($lethe ledger show m07 --json --as user1)"
res="$($lethe ledger redact --as committee1 --request r-par --tag par1 --json)"
jqcheck "RedactBatch: 6 models in one transaction" "$res" '(.rewritten | length) == 6 and (.fabricTxId | length) == 64'
jqcheck "RedactBatch: affected headers adapted, one archive block, request closed" "$res" \
  '(.blocks | length) == 6 and .requestStatus == "CLOSED"'
m07after="$($lethe ledger show m07 --json --as user1)"
[[ "$(jq -r .transaction.c <<<"$m07before")" == "$(jq -r .transaction.c <<<"$m07after")" ]] || fail "C of m07 changed"
jqcheck "m07: version 1, new payload, same C" "$m07after" '.transaction.version == 1'

# 3. sequential paradigm: one model per transaction
$lethe ledger request open --as user8 --id r-seq --start m09 --forget samples:user8-0..99 \
  --method retrain --paradigm sequential --json >/dev/null
m09hash="$($lethe ledger show m09 --json --as user8 | jq -r .transaction.payloadHash)"
res="$($lethe ledger redact --as committee2 --request r-seq --models m09 --one --tag seq1 --json)"
jqcheck "RedactOne: m09 rewritten, request still open" "$res" \
  '.rewritten == [{"id":"m09","version":1,"block":7}] and .requestStatus == "OPEN"'

v="$($lethe ledger verify --json --as user5)"
jqcheck "VerifyChain valid after both paradigms" "$v" '.valid == true and .transactions == 14'

# 4. access control
refused "FL user reading the archive" "access denied" $lethe archive export --as user2
refused "FL user reading archive history" "access denied" $lethe archive history m09 --as user8
refused "user (non-committee) redaction" "access denied" \
  $lethe ledger redact --as user8 --request r-seq --models m11 --one --tag x
refused "committee redaction endorsed by 2 of 3 committee orgs (key-level policy)" "ENDORSEMENT_POLICY_FAILURE" \
  $lethe ledger redact --as committee1 --request r-seq --models m11 --one --tag x --endorse Committee1MSP,Committee2MSP

# 5. forgeries and illegitimate redactions
refused "forged randomness" "does not verify" \
  $lethe ledger redact --as committee1 --request r-seq --models m11 --one --tag x --forge RANDOMNESS
refused "changed refs" "cannot change" \
  $lethe ledger redact --as committee1 --request r-seq --models m11 --one --tag x --forge REFS
refused "forged header randomness" "header collision" \
  $lethe ledger redact --as committee1 --request r-seq --models m11 --one --tag x --forge HEADER
refused "model outside the request's cascade" "not in the cascade" \
  $lethe ledger redact --as committee1 --request r-seq --models m03 --one --tag x
refused "closed request" "CLOSED" \
  $lethe ledger redact --as committee1 --request r-par --models m04 --one --tag x

# 6. purge: the superseded payload of m09 is gone from every peer, its hash stays public
p0="$($lethe ledger payload m09 0 --json --as auditor)"
jqcheck "m09 v0 absent from all 4 peers' private stores" "$p0" 'length == 4 and all(.[]; .present == false)'
p1="$($lethe ledger payload m09 1 --json --as auditor)"
jqcheck "m09 v1 present on all 4 peers" "$p1" 'length == 4 and all(.[]; .present == true)'
rq="$($lethe ledger request show r-seq --json --as user8)"
jqcheck "public request keeps the superseded payload's hash" "$rq" \
  ".changes[0].txId == \"m09\" and .changes[0].fromPayloadHash == \"$m09hash\""
hist="$($lethe archive history m09 --json --as auditor)"
python3 - "$hist" "$m09hash" <<'EOF' || fail "archived m09 v0 does not hash to the public payload hash"
import hashlib, json, struct, sys
h = json.loads(sys.argv[1])["archived"][0]
lp = lambda b: struct.pack(">I", len(b)) + b
m = lp(b"lethe.payload.v1") + lp(h["modelUri"].encode()) + lp(bytes.fromhex(h["zkDigest"])) + struct.pack(">I", 1) + lp(b"m06")
sys.exit(0 if hashlib.sha256(m).hexdigest() == sys.argv[2] else 1)
EOF
ok "archived m09 v0 hashes to the public payload hash"

# 7. final state verified again, in the chaincode and offline
jqcheck "VerifyChain valid at the end" "$($lethe ledger verify --json --as auditor)" '.valid == true'
jqcheck "archive chain valid" "$($lethe archive verify --json --as auditor)" '.valid == true and .blocks == 3'
$lethe live export --json --as user1 >"$tmp/live.json"
$lethe archive export --json --as auditor >"$tmp/archive.json"
python3 "$verify" "$tmp/live.json" "$tmp/archive.json" || fail "independent verifier rejected the final exports"
ok "independent verifier accepts the final exports"
echo "ledger e2e passed in $((SECONDS - t0))s"
