#!/usr/bin/env bash
# End-to-end check of `lethe ch` (no Fabric network needed): deal a 3-of-5 committee, hash,
# adapt with two different signer sets, verify with the CLI and with the independent Python
# reference of DESIGN §4 (chaincode/core/src/test/python/lethe_ch_reference.py), refuse 2 shares.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/e2e.sh"
e2e_init 05-chameleon-cli
L=$lethe
ref=chaincode/core/src/test/python/lethe_ch_reference.py
e2e_tmpdir work
field() { python3 -c 'import json,sys; v=json.load(sys.stdin)[sys.argv[1]]; print(str(v).lower() if isinstance(v,bool) else v)' "$1"; }

command -v python3 >/dev/null || fail "python3 is required"
$L ch keygen --members 5 --threshold 3 --out "$work/keys" >"$work/keygen.json"
pk="$work/keys/public.json"
Y=$(field Y <"$work/keygen.json")
ctx=000000086c657468652e7478000000056c65746865000000047478303100   # lp("lethe.tx") ‖ lp("lethe") ‖ lp("tx01") ‖ 00
m0=$(printf 'model v1' | od -An -tx1 | tr -d ' \n')
m1=$(printf 'model v2 (unlearned)' | od -An -tx1 | tr -d ' \n')
m2=$(printf 'model v3 (unlearned again)' | od -An -tx1 | tr -d ' \n')

h=$($L ch hash --pk "$pk" --ctx-hex "$ctx" --msg-hex "$m0")
C=$(field C <<<"$h"); R=$(field R <<<"$h"); s=$(field s <<<"$h")
[[ $($L ch verify --pk "$pk" --ctx-hex "$ctx" --msg-hex "$m0" --C "$C" --R "$R" --s "$s" | field valid) == true ]] || fail "fresh hash does not verify"
python3 "$ref" verify "$Y" "$ctx" "$m0" "$C" "$R" "$s" >/dev/null || fail "reference rejects the hash"

a=$($L ch adapt --pk "$pk" --shares "$work/keys/share-1.json,$work/keys/share-3.json,$work/keys/share-5.json" --ctx-hex "$ctx" --C "$C" --msg-hex "$m1")
R1=$(field R <<<"$a"); s1=$(field s <<<"$a")
[[ $(field signers <<<"$a") == "[1, 3, 5]" ]] || fail "signers: $a"
[[ $($L ch verify --pk "$pk" --ctx-hex "$ctx" --msg-hex "$m1" --C "$C" --R "$R1" --s "$s1" | field valid) == true ]] || fail "collision 1 does not verify"
python3 "$ref" verify "$Y" "$ctx" "$m1" "$C" "$R1" "$s1" >/dev/null || fail "reference rejects collision 1"

a=$($L ch adapt --pk "$pk" --shares "$work/keys/share-2.json,$work/keys/share-4.json,$work/keys/share-5.json" --ctx-hex "$ctx" --C "$C" --msg-hex "$m2")
R2=$(field R <<<"$a"); s2=$(field s <<<"$a")
python3 "$ref" verify "$Y" "$ctx" "$m2" "$C" "$R2" "$s2" >/dev/null || fail "reference rejects collision 2"
# the superseded openings no longer open C to the current message
[[ $($L ch verify --pk "$pk" --ctx-hex "$ctx" --msg-hex "$m2" --C "$C" --R "$R1" --s "$s1" | field valid) == false ]] || fail "stale randomness accepted"
[[ $($L ch verify --pk "$pk" --ctx-hex "$ctx" --msg-hex "$m2" --C "$C" --R "$R2" --s "00$s2" | field valid) == false ]] || fail "33-byte s accepted"

set +e
$L ch adapt --pk "$pk" --shares "$work/keys/share-1.json,$work/keys/share-2.json" --ctx-hex "$ctx" --C "$C" --msg-hex "$m2" >"$work/out" 2>"$work/err"
rc=$?
set -e
[[ $rc -eq 2 ]] || fail "2 of 3 shares: exit $rc"
grep -q "at least 3" "$work/err" || fail "2 of 3 shares: $(cat "$work/err")"
echo "05-chameleon-cli: ok"
