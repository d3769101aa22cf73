#!/usr/bin/env bash
# End-to-end: fuzzed invalid redactions against a real Fabric network (issue 14).
#   - `lethe ledger fuzz` builds its fixture ledger through the gateway (two committee key epochs,
#     an open, a foreign, a completed, a governance-closed and a sequential request, rewrite
#     history, a pending proposal), then makes $LETHE_E2E_FUZZ_ATTEMPTS (default 300) seeded
#     attempts spread over every attack class, each one mutation of a valid redaction, each
#     submitted through the Fabric Gateway
#   - every attempt refused with the code its class targets ([CODE] from the chaincode, or
#     ENDORSEMENT_POLICY_FAILURE at commit); none accepted; one unmutated base per class still
#     endorsed (the mutation, not the setup, caused each refusal)
#   - live export, archive export and VerifyChain byte-identical on every peer before and after
#   - the final exports verified offline by the independent Python verifier
#   - the whole script (network up and down included) within $LETHE_E2E_FUZZ_MAX_S (default 180 s)
#
#   LETHE_E2E_FUZZ_PORT_BASE   port range (default $LETHE_PORT_BASE, else 8600)
#   LETHE_E2E_FUZZ_SEED        seed of the attempts (default 14)
#   LETHE_E2E_FUZZ_ATTEMPTS    attempts (default 300, the issue's minimum)
source "$(dirname "${BASH_SOURCE[0]}")/../lib/e2e.sh"
e2e_init 35-fuzz-network
export LETHE_PORT_BASE="$(e2e_port_base LETHE_E2E_FUZZ_PORT_BASE 8600)"
export LETHE_NETWORK_DIR="$root/.network-e2e-fuzz"
export LETHE_PROFILE="$LETHE_NETWORK_DIR/connection-profile.json"
export LETHE_COMMITTEE_DIR="$LETHE_NETWORK_DIR/committee"
seed="${LETHE_E2E_FUZZ_SEED:-14}"
attempts="${LETHE_E2E_FUZZ_ATTEMPTS:-300}"
max_s="${LETHE_E2E_FUZZ_MAX_S:-180}"
e2e_tmpdir tmp

e2e_build
t0=$SECONDS
echo "--- network fuzz e2e (ports from $LETHE_PORT_BASE, seed $seed, $attempts attempts)"
e2e_network_up --no-committee
echo "  up in $((SECONDS - t0))s"

t1=$SECONDS
rc=0
timeout 150 "$lethe" ledger fuzz --attempts "$attempts" --seed "$seed" --json >"$tmp/fuzz.json" 2>"$tmp/fuzz.err" || rc=$?
if [[ $rc != 0 && $rc != 1 ]]; then tail -20 "$tmp/fuzz.err" >&2; fail "lethe ledger fuzz exited $rc"; fi
s="$(cat "$tmp/fuzz.json")"
echo "  fuzz run in $((SECONDS - t1))s: $(jq -r '"fixture \(.millis.fixture) ms, \(.attempts) attempts in \(.millis.attempts) ms (\(.millis.meanPerAttempt) ms each)"' <<<"$s")"
jq -r '.classes[] | "    \(.cls | .[0:26] | . + " " * (26 - length)) attempts \(.attempts)  refused \(.refused)  accepted \(.accepted)  \(.refusedWith)"' <<<"$s"
jq -r '.findings[] | "  FINDING #\(.index) \(.cls)/\(.mutation): expected \(.expected), got \(.got): \(.message)"' <<<"$s" >&2
jqcheck "at least $attempts attempts, over every attack class" "$s" \
  ".attempts >= $attempts and (.classes | length) == 13 and all(.classes[]; .attempts >= 1)"
jqcheck "no invalid redaction accepted (every class: accepted 0, refused = attempts)" "$s" \
  '.accepted == 0 and all(.classes[]; .accepted == 0 and .refused == .attempts)'
jqcheck "every attempt refused with the code its mutation targets" "$s" '.unexpectedCode == 0 and (.findings | length) == 0'
jqcheck "ENDORSEMENT_POLICY_FAILURE at commit and ACCESS_DENIED among the refusals" "$s" \
  '[.classes[] | select(.cls == "UNAUTHORISED_CALLER") | .refusedWith | keys[]] | index("ENDORSEMENT_POLICY_FAILURE") != null and index("ACCESS_DENIED") != null'
jqcheck "the fixture spans two committee key epochs" "$s" '.fixtureSpansTwoKeyEpochs == true'
jqcheck "each class's unmutated base is still endorsed (control)" "$s" 'all(.controls[]; .endorsed)'
jqcheck "live export, archive export, VerifyChain byte-identical on all 4 peers before and after" "$s" \
  '.ledger.identical and .ledger.peersAgree and (.ledger.before | length) == 12'
[[ $rc == 0 ]] || fail "lethe ledger fuzz exited 1"

# the final ledger, verified offline (one pinned key per epoch: the fixture's throwaway key, then the files' key)
"$lethe" ledger committee show --as user1 --json | jq -e '.keys | length == 2' >/dev/null || fail "expected two key epochs"
"$lethe" ledger committee show --as user1 --json | jq '{Y: .keys[0].publicKey}' >"$tmp/key0.json"
"$lethe" live export --json --as user1 >"$tmp/live.json"
"$lethe" archive export --json --as auditor >"$tmp/archive.json"
python3 test-network-scripts/verify-export.py --pk "$tmp/key0.json" --pk "$LETHE_COMMITTEE_DIR/public.json" \
  "$tmp/live.json" "$tmp/archive.json" || fail "independent verifier rejected the exports after the fuzz run"
ok "independent verifier accepts live and archive exports after the fuzz run"

e2e_network_down
total=$((SECONDS - t0))
((total <= max_s)) || fail "network up + fuzz + down took ${total}s (> ${max_s}s)"
ok "network up, $attempts fuzzed attempts, down in ${total}s (<= ${max_s}s)"
echo "network fuzz e2e passed"
