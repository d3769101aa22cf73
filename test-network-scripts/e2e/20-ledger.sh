#!/usr/bin/env bash
# End-to-end: the live and archive ledgers on a real Fabric network (issue 4).
#   - seed the fmnist-14 DAG (15 models, each from its user's identity) with 3 redactions; an
#     independent Python verifier re-checks both exports under the DKG key governance pinned
#   - every redaction's collisions come from the committee member services network.sh runs
#   - a parallel batch redaction of a 6-model cascade in ONE transaction; a sequential redaction
#   - VerifyChain passes; an FL user's archive read is refused
#   - a user cannot coordinate the committee services, and a committee-signed redaction that a
#     user submits is refused by the chaincode; a committee redaction endorsed by 2 of 3
#     committee orgs is invalidated by the key-level policy; forged randomness, changed refs, a
#     forged header (a test-only command, io.lethe.cli.ForgedRedact) are refused with the
#     chaincode's error code;
#     a model outside the cascade and a closed request are refused by every member service
#     before it signs — and the ledger is byte-for-byte unchanged after each refusal
#   - the superseded payload is gone from every peer's private store, its hash stays public
#   - 16 concurrent publishers (lethe bench ledger --publish-only) all succeed with no MVCC
#     conflict; the network's sealer seals every model and the chain verifies
# The network is taken down even when a step fails. Expected cascades and blocks are read from
# the ledger's DAG (`lethe ledger descendants`, `lethe ledger dag`), not written down here.
#
#   LETHE_E2E_LEDGER_PORT_BASE   port range (default $LETHE_PORT_BASE, else 7800, away from 7000 dev and 7400 network e2e)
#   LETHE_E2E_LEDGER_BFT=1       run on the 4-orderer SmartBFT profile instead of Raft
source "$(dirname "${BASH_SOURCE[0]}")/../lib/e2e.sh"
e2e_init 20-ledger
export LETHE_PORT_BASE="$(e2e_port_base LETHE_E2E_LEDGER_PORT_BASE 7800)"
export LETHE_NETWORK_DIR="$root/.network-e2e-ledger"
export LETHE_PROFILE="$LETHE_NETWORK_DIR/connection-profile.json"
export LETHE_COMMITTEE_DIR="$LETHE_NETWORK_DIR/committee"
verify=test-network-scripts/verify-export.py
e2e_tmpdir tmp
forged_redact() { e2e_test_java io.lethe.cli.ForgedRedact "$@"; }
# cascade IDS AS: the ids of the models inheriting from IDS (them included), as a JSON array
cascade() { $lethe ledger descendants "$1" --json --as "$2" | jq -c '[.[].id]'; }
# blocks_of JSON-ARRAY-OF-IDS: the distinct live blocks holding those models, as a JSON array
blocks_of() { $lethe ledger dag --json --as auditor | jq -c --argjson ids "$1" '[.[] | select(.id as $i | $ids | index($i)) | .block] | unique'; }

e2e_build

echo "--- ledger e2e (ports from $LETHE_PORT_BASE)"
t0=$SECONDS
if [[ "${LETHE_E2E_LEDGER_BFT:-0}" == 1 ]]; then e2e_network_up --bft; else e2e_network_up; fi
echo "  up in $((SECONDS - t0))s"

# 1. the fmnist-14 DAG with 3 redactions, verified offline by an independent implementation
seed="$($lethe ledger seed --scenario fmnist-14 --redactions 3 --json)"
jqcheck "seed: 15 models published, collisions from the member services" "$seed" '(.published | length) == 15 and .committee == "services"'
jqcheck "seed: each model published by its user's identity (u01 -> user1, ...)" "$seed" \
  'all(.published[]; .owner == ("user" + (.user[1:] | tonumber | tostring)))'
jqcheck "seed: two starting models of user1" "$seed" \
  '[.published[] | select(.owner == "user1") | .id] == ["u01a","u01b"]'
jqcheck "seed: request cascade is the DAG's cascade of u01a,u01b" "$seed" \
  ".request.cascade == $(cascade u01a,u01b user1)"
jqcheck "seed: 3 models redacted in one transaction" "$seed" '(.redactions | length) == 1 and (.redactions[0].rewritten | length) == 3'
jqcheck "seed: VerifyChain valid" "$seed" '.verifyChain.valid == true'
depth="$($lethe ledger descendants u01a --json --as user1 | jq '[.[].depth] | max')"
((depth >= 4)) || fail "DAG depth $depth < 4"
ok "DAG depth from u01a is $depth"
$lethe live export --json --as user14 >"$tmp/live.json"
$lethe archive export --json --as auditor >"$tmp/archive.json"
python3 "$verify" --pk "$LETHE_COMMITTEE_DIR/public-0.json" "$tmp/live.json" "$tmp/archive.json" || fail "independent verifier rejected the seeded exports"
ok "independent verifier accepts live and archive exports"

# 2. parallel paradigm: the 6-model cascade of u07 rewritten in one transaction
par_cascade="$(cascade u07 user7)"
jqcheck "the DAG's cascade of u07 is 6 models" "$par_cascade" 'length == 6'
req="$($lethe ledger request open --as user7 --id r-par --start u07 --forget classes:1 --paradigm parallel --json)"
jqcheck "request r-par: cascade of u07, method derived from the paradigm" "$req" \
  ".cascade == $par_cascade and .method == \"gradient-ascent\" and .paradigm == \"parallel\""
u09before="$($lethe ledger show u09 --json --as user1)"
res="$($lethe ledger redact --as committee1 --request r-par --tag par1 --json)"
jqcheck "RedactBatch: 6 models in one transaction" "$res" '(.rewritten | length) == 6 and (.fabricTxId | length) == 64'
jqcheck "RedactBatch: every block of the cascade adapted, request closed" "$res" \
  "(.blocks | sort) == $(blocks_of "$par_cascade") and .requestStatus == \"CLOSED\""
u09after="$($lethe ledger show u09 --json --as user1)"
[[ "$(jq -r .transaction.c <<<"$u09before")" == "$(jq -r .transaction.c <<<"$u09after")" ]] || fail "C of u09 changed"
jqcheck "u09: next version, new payload, same C" "$u09after" \
  ".transaction.version == $(jq .transaction.version <<<"$u09before") + 1 and .payload.modelUri != $(jq .payload.modelUri <<<"$u09before")"

# 3. sequential paradigm: one model per transaction
seq_cascade="$(cascade u11 user11)"
req="$($lethe ledger request open --as user11 --id r-seq --start u11 --forget samples:user11-0..99 --paradigm sequential --json)"
jqcheck "request r-seq: cascade of u11, retrain" "$req" ".cascade == $seq_cascade and .method == \"retrain\""
u11="$($lethe ledger show u11 --json --as user11)"
u11hash="$(jq -r .transaction.payloadHash <<<"$u11")"
u11v="$(jq .transaction.version <<<"$u11")"
res="$($lethe ledger redact --as committee2 --request r-seq --models u11 --one --tag seq1 --json)"
jqcheck "RedactOne: u11 rewritten in its block, request still open" "$res" \
  ".rewritten == [{\"id\":\"u11\",\"version\":$((u11v + 1)),\"block\":$(jq .transaction.block <<<"$u11")}] and .requestStatus == \"OPEN\""

v="$($lethe ledger verify --json --as user5)"
jqcheck "VerifyChain valid after both paradigms" "$v" '.valid == true and .transactions == 15'

# 4. access control; the refusals carry the chaincode's error code
next="$(jq -r '.[1]' <<<"$seq_cascade")"   # the model after u11 in r-seq's cascade, not rewritten yet
refused "FL user reading the archive" "ACCESS_DENIED.*access denied" $lethe archive export --as user2
refused "FL user reading archive history" "ACCESS_DENIED.*access denied" $lethe archive history u11 --as user11
refused "user (non-committee) cannot coordinate the committee services" "committee orgs only" \
  $lethe ledger redact --as user11 --request r-seq --models "$next" --one --tag x
refused "user (non-committee) submitting a committee-signed redaction" "ACCESS_DENIED.*access denied" \
  forged_redact --submit-as user11 --as committee1 --request r-seq --models "$next" --one --tag x
refused "committee redaction endorsed by 2 of 3 committee orgs (key-level policy)" "ENDORSEMENT_POLICY_FAILURE" \
  $lethe ledger redact --as committee1 --request r-seq --models "$next" --one --tag x --endorse Committee1MSP,Committee2MSP
refused "request whose method belongs to another paradigm (checked before submitting)" "belongs to the parallel paradigm" \
  $lethe ledger request open --as user3 --id r-bad --start u03 --forget classes:1 --paradigm sequential --method gradient-ascent

# 5. forgeries and illegitimate redactions (the forgeries are test code: ForgedRedact on the test class path)
refused "forged randomness" "VERIFICATION_FAILED.*does not verify" \
  forged_redact --forge RANDOMNESS --as committee1 --request r-seq --models "$next" --one --tag x
refused "changed refs" "FAILED_PRECONDITION.*cannot change" \
  forged_redact --forge REFS --as committee1 --request r-seq --models "$next" --one --tag x
refused "forged header randomness" "VERIFICATION_FAILED.*header collision" \
  forged_redact --forge HEADER --as committee1 --request r-seq --models "$next" --one --tag x
refused "model outside the request's cascade: every member service refuses to sign" \
  "committee unavailable: 0 of 3.*NOT_IN_CASCADE.*not in the cascade of request r-seq" \
  $lethe ledger redact --as committee1 --request r-seq --models u03 --one --tag x
refused "closed request: every member service refuses to sign" "committee unavailable: 0 of 3.*REQUEST_NOT_OPEN.*is CLOSED" \
  $lethe ledger redact --as committee1 --request r-par --models u07 --one --tag x

# 6. purge: the superseded payload of u11 is gone from every peer, its hash stays public
p0="$($lethe ledger payload u11 "$u11v" --json --as auditor)"
jqcheck "u11 v$u11v absent from all 4 peers' private stores" "$p0" 'length == 4 and all(.[]; .present == false)'
p1="$($lethe ledger payload u11 $((u11v + 1)) --json --as auditor)"
jqcheck "u11 v$((u11v + 1)) present on all 4 peers" "$p1" 'length == 4 and all(.[]; .present == true)'
rq="$($lethe ledger request show r-seq --json --as user11)"
jqcheck "public request keeps the superseded payload's hash" "$rq" \
  ".changes[0].txId == \"u11\" and .changes[0].fromPayloadHash == \"$u11hash\""
hist="$($lethe archive history u11 --json --as auditor)"
python3 - "$hist" "$u11hash" "$u11v" "$(jq -c .transaction.refs <<<"$u11")" <<'PY' || fail "archived u11 does not hash to the public payload hash"
import hashlib, json, struct, sys
h = next(e for e in json.loads(sys.argv[1])["archived"] if e["version"] == int(sys.argv[3]))
refs = json.loads(sys.argv[4])
lp = lambda b: struct.pack(">I", len(b)) + b
m = lp(b"lethe.payload.v2") + struct.pack(">Q", h["version"]) + lp(h["payloadRequestId"].encode())
m += lp(h["modelUri"].encode()) + lp(bytes.fromhex(h["zkDigest"])) + struct.pack(">I", len(refs))
m += b"".join(lp(r.encode()) for r in refs)
sys.exit(0 if hashlib.sha256(m).hexdigest() == sys.argv[2] else 1)
PY
ok "archived u11 v$u11v hashes to the public payload hash"

# 7. governance: one committee org alone can neither rotate the key nor register a verifying key
keys_before="$($lethe ledger committee show --as user1 --json | jq -c .keys)"
other_key="$($lethe ch keygen --members 1 --threshold 1 --out "$tmp/other-key" >/dev/null && jq -r .Y "$tmp/other-key/public.json")"
rot="$($lethe governance propose --as committee1-admin takeover rotate-committee-key --public-key "$other_key" --reason takeover --json)"
jqcheck "a rotation proposed by one org stays open" "$rot" '.status == "OPEN" and (.approvals | length) == 1'
[[ "$($lethe ledger committee show --as user1 --json | jq -c .keys)" == "$keys_before" ]] || fail "one org's proposal changed the committee key"
ok "one org's rotation proposal leaves the committee key unchanged"
printf 'not a verifying key' >"$tmp/fake-vk.bin"
refused "a malformed verifying key is refused at proposal" "INVALID_ARGUMENT.*verifying key" \
  $lethe governance propose --as committee1-admin vk-bad register-verifying-key --key-id fake --vk "$tmp/fake-vk.bin"
vk="$($lethe governance propose --as committee2-admin vk-one register-verifying-key --key-id one-org \
  --vk chaincode/core/src/test/resources/zk/obs-n100-b64-p2/vk.bin --json)"
jqcheck "a verifying-key proposal by one org stays open" "$vk" '.status == "OPEN"'
refused "a committee client (not an admin) cannot approve" "ACCESS_DENIED.*NodeOU admin" \
  $lethe governance approve --as committee3 takeover --action-hash "$(jq -r .actionHash <<<"$rot")"

# 8. publishing without a hot key: 16 concurrent publishers for a few seconds all succeed (no
#    MVCC failure reaches them), the sealer seals every model, and the chain verifies
load="$($lethe bench ledger --clients 16 --duration 8s --no-baseline --publish-only --json 2>"$tmp/load.log")" \
  || { cat "$tmp/load.log" >&2; fail "16 concurrent publishers"; }
jqcheck "16 concurrent publishers: every publish committed, none failed, no MVCC conflict" "$load" \
  '.publish.transactions >= 16 and .publish.failed == 0 and .publish.mvccConflicts == 0 and .publish.retriedAttempts == 0'
echo "      $(jq -c '.publish | {transactions, txPerSecond, p50Ms, p99Ms, liveBlocks, sealDrainSeconds}' <<<"$load")"
jqcheck "every concurrently published model sealed; VerifyChain valid, nothing pending" "$load" \
  '.verifyChain.valid == true and .verifyChain.pendingTransactions == 0'

# 9. final state verified again, in the chaincode and offline
jqcheck "VerifyChain valid at the end" "$($lethe ledger verify --json --as auditor)" '.valid == true'
jqcheck "archive chain valid" "$($lethe archive verify --json --as auditor)" '.valid == true and .blocks == 3'
$lethe live export --json --as user1 >"$tmp/live.json"
$lethe archive export --json --as auditor >"$tmp/archive.json"
python3 "$verify" --pk "$LETHE_COMMITTEE_DIR/public-0.json" "$tmp/live.json" "$tmp/archive.json" || fail "independent verifier rejected the final exports"
ok "independent verifier accepts the final exports"
echo "ledger e2e passed in $((SECONDS - t0))s"
