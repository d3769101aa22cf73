#!/usr/bin/env bash
# End-to-end chunk proofs of unlearning (no Fabric network needed):
#   lethe zk demo trains mlp-small on Fashion-MNIST, runs gradient ascent on its last layer (the
#   update touches one 1,024-weight chunk), proves the changed chunk (chunk-delta) on a local
#   sidecar → lethe zk verify (Java/blst, digests recomputed from the model files) accepts;
#   a flipped proof byte, an altered weight in the new model file (in the proven and in an
#   unchanged chunk) and the bundle replayed for another model are rejected with a reason;
#   a 3-member setup ceremony (CLI) on a small circuit verifies, records its r1cs hash, and
#   refuses a tampered contribution or an altered r1cs hash. (The ceremony on the real chunk-delta
#   circuit costs over an hour of CPU: prover-native/scripts/ceremony-fixture.sh writes a fixture.)
# LETHE_ZK_STATEMENT=cascade proves the cascade step instead (slower key setup);
# LETHE_ZK_CEREMONY=0 skips the ceremony.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/e2e.sh"
e2e_init 30-zk
e2e_tmpdir work
field() { python3 -c 'import json,sys; v=json.load(sys.stdin)[sys.argv[1]]; print(str(v).lower() if isinstance(v,bool) else v)' "$2" <<<"$1"; }

(cd prover-native && go build -o bin/ ./cmd/lethe-prover)
prover=prover-native/bin/lethe-prover
export LETHE_HOME="$root"
statement=${LETHE_ZK_STATEMENT:-delta}
keys="$(dev_keys_dir)" # shared by the scripts of this checkout (lib/dev-keys.sh)
dev_keys "$keys" "chunk-$statement"

echo "30-zk: $statement bundle of mlp-small (last-layer gradient ascent)"
gateway-app/lethe zk demo --model mlp-small --statement "$statement" --head-only --train-samples 1500 \
  --ascent-steps 20 --out "$work/demo" --keys "$keys" --json > "$work/report.json"
cat "$work/report.json"
out=$(gateway-app/lethe zk verify --dir "$work/demo" --json) || fail "valid bundle rejected: $out"
echo "$out"
[[ $(field "$out" valid) == true ]] || fail "valid bundle rejected: $out"
[[ $(field "$out" chunksProven) -ge 1 && $(field "$out" chunksUnchanged) -ge 1 ]] || fail "unexpected counts: $out"

rejected() { # WHAT DIR [verify options]: lethe zk verify must say valid=false with a reason
  local what="$1" dir="$2"; shift 2
  local o
  if o=$(gateway-app/lethe zk verify --dir "$dir" --json "$@"); then fail "$what accepted: $o"; fi
  [[ $(field "$o" valid) == false && -n $(field "$o" reason) ]] || fail "$what: unexpected output: $o"
  ok "$what rejected: $(field "$o" reason)"
}

# one flipped byte in a proof (inside Krs's x-coordinate)
cp -r "$work/demo" "$work/flip"
python3 - "$work/flip/bundle.json" <<'PY'
import base64, json, sys
p = sys.argv[1]; d = json.load(open(p))
c = d["bundle"]["chunks"][0]; b = bytearray(base64.b64decode(c["proof"])); b[48 + 96 + 20] ^= 0x10
c["proof"] = base64.b64encode(bytes(b)).decode(); json.dump(d, open(p, "w"))
PY
rejected "flipped proof byte" "$work/flip"

# one weight of the new model file moved by 2^-16 (still a fixed-point value): in the proven
# chunk, then in chunk 0 (unchanged)
alter() { # DIR WEIGHT-INDEX
  python3 - "$1/new.lethe" "$2" <<'PY'
import struct, sys
p, i = sys.argv[1], int(sys.argv[2]); b = bytearray(open(p, 'rb').read())
off = 8 + 4 + 4 + struct.unpack('>I', b[12:16])[0] + 4 + 8 * i
(w,) = struct.unpack('>d', b[off:off + 8]); b[off:off + 8] = struct.pack('>d', w + 2.0 ** -16); open(p, 'wb').write(b)
PY
}
proven=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["bundle"]["chunks"][0]["index"])' "$work/demo/bundle.json")
cp -r "$work/demo" "$work/alter1"; alter "$work/alter1" $((proven * 1024 + 3))
rejected "altered weight in proven chunk $proven" "$work/alter1"
cp -r "$work/demo" "$work/alter0"; alter "$work/alter0" 5
rejected "altered weight in unchanged chunk 0" "$work/alter0"

# the same bundle presented for another model (bind differs)
rejected "bundle replayed for another model" "$work/demo" --model-id another-model
# a verifying key of another statement
cp -r "$work/demo" "$work/foreign"
other=$([[ $statement == delta ]] && echo chunk-cascade || echo chunk-delta)
if [[ -f "$keys/$other/vk.bin" ]]; then
  cp "$keys/$other/vk.bin" "$work/foreign/vk.bin"; rejected "foreign verifying key" "$work/foreign"
fi

if [[ "${LETHE_ZK_CEREMONY:-1}" == "1" ]]; then
  echo "30-zk: setup ceremony, 3 contributors, cascade-n8"
  c="$work/ceremony"
  $prover ceremony init --dir "$c" --key-id cascade-n8 >/dev/null
  for phase in 1 2; do
    for m in committee1 committee2 committee3; do
      $prover ceremony contribute --dir "$c" --name "$m" >/dev/null
    done
    $prover ceremony seal --dir "$c" --beacon "drand-round-$phase-e2e" --keys "$work/ceremony-keys" >/dev/null 2>"$work/seal.err"
  done
  grep -q "register it: lethe governance propose" "$work/seal.err" || fail "seal did not print the key hash to register"
  $prover ceremony verify --dir "$c" | grep -q '"valid": true' || fail "ceremony transcript did not verify"
  grep -q '"r1csSha256": "[0-9a-f]\{64\}"' "$c/state.json" || fail "transcript lacks the r1cs hash"
  grep -q '"gnarkVersion": "v' "$c/state.json" || fail "transcript lacks the gnark version"
  grep -q '"setup": "ceremony"' "$work/ceremony-keys/cascade-n8/meta.json" || fail "ceremony keys not installed"
  # a transcript recording another circuit's r1cs hash is refused (verify recompiles from source)
  cp "$c/state.json" "$work/state.good"
  python3 -c "import json,sys;p=sys.argv[1];d=json.load(open(p));d['r1csSha256']='0'*64;json.dump(d,open(p,'w'))" "$c/state.json"
  if $prover ceremony verify --dir "$c" >/dev/null 2>&1; then fail "transcript with an altered r1cs hash verified"; fi
  cp "$work/state.good" "$c/state.json"
  # tampering with a contribution is detected
  python3 -c "import sys;p=sys.argv[1];b=bytearray(open(p,'rb').read());b[-50]^=1;open(p,'wb').write(b)" "$c/phase2-002.bin"
  if $prover ceremony verify --dir "$c" >/dev/null 2>&1; then fail "tampered transcript verified"; fi
  echo "ceremony: 3+3 contributions verified; altered r1cs hash and tampering detected"
fi
echo "30-zk: OK"
