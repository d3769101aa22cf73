#!/usr/bin/env bash
# End-to-end zero-knowledge proof of unlearning (no Fabric network needed):
#   lethe zk demo (the sidecar draws a random OBS instance, Java checks its zkDigest, the sidecar
#   proves) → lethe zk verify (Java/blst)
#   accepts; a flipped proof bit, an altered public input and a foreign verifying key are rejected;
#   a 3-member setup ceremony (CLI) on a small cascade circuit runs and its transcript verifies.
# LETHE_ZK_PARAMS (default 128) sets the demo size; LETHE_ZK_CEREMONY=0 skips the ceremony.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/e2e.sh"
e2e_init 30-zk
e2e_tmpdir work
# "valid" field of `lethe zk verify --json` (pretty-printed JSON)
valid() { python3 -c 'import json,sys; print(str(json.load(sys.stdin)["valid"]).lower())' <<<"$1"; }

(cd prover-native && go build -o bin/ ./cmd/lethe-prover)
prover=prover-native/bin/lethe-prover
export LETHE_HOME="$root"
n=${LETHE_ZK_PARAMS:-128}

echo "30-zk: demo proof, $n parameters"
gateway-app/lethe zk demo --params "$n" --out "$work/demo" --keys "$work/keys"
out=$(gateway-app/lethe zk verify --dir "$work/demo" --json) || fail "valid proof rejected: $out"
echo "$out"
[[ $(valid "$out") == true ]] || fail "valid proof rejected: $out"

# one flipped bit in the proof (inside Krs's x-coordinate)
cp -r "$work/demo" "$work/flip"
python3 - "$work/flip/proof.bin" <<'PY'
import sys
p = sys.argv[1]; b = bytearray(open(p, 'rb').read()); b[48 + 96 + 20] ^= 0x10; open(p, 'wb').write(b)
PY
if out=$(gateway-app/lethe zk verify --dir "$work/flip" --json); then fail "flipped proof accepted: $out"; fi
[[ $(valid "$out") == false ]] || fail "unexpected output: $out"
echo "flipped bit rejected: $out"

# altered public input: zkDigest(W') + 1
cp -r "$work/demo" "$work/alter"
python3 - "$work/alter/public.json" <<'PY'
import json, sys
p = sys.argv[1]; d = json.load(open(p))
d["publicInputs"][1] = "%064x" % (int(d["publicInputs"][1], 16) + 1)
json.dump(d, open(p, "w"))
PY
if out=$(gateway-app/lethe zk verify --dir "$work/alter" --json); then fail "altered input accepted: $out"; fi
[[ $(valid "$out") == false ]] || fail "unexpected output: $out"
echo "altered public input rejected: $out"

# verifying key of another circuit shape (a checked-in gnark key with the same input count)
cp chaincode/core/src/test/resources/zk/obs-n100-b64-p2/vk.bin "$work/alter/vk.bin"; cp "$work/demo/public.json" "$work/alter/public.json"
if out=$(gateway-app/lethe zk verify --dir "$work/alter" --json); then fail "foreign key accepted: $out"; fi
echo "foreign verifying key rejected: $out"

if [[ "${LETHE_ZK_CEREMONY:-1}" == "1" ]]; then
  echo "30-zk: setup ceremony, 3 contributors, cascade-n8"
  c="$work/ceremony"
  $prover ceremony init --dir "$c" --key-id cascade-n8 >/dev/null
  for phase in 1 2; do
    for m in committee1 committee2 committee3; do
      $prover ceremony contribute --dir "$c" --name "$m" >/dev/null
    done
    $prover ceremony seal --dir "$c" --beacon "drand-round-$phase-e2e" --keys "$work/ceremony-keys" >/dev/null
  done
  $prover ceremony verify --dir "$c" | grep -q '"valid": true' || fail "ceremony transcript did not verify"
  grep -q '"setup": "ceremony"' "$work/ceremony-keys/cascade-n8/meta.json" || fail "ceremony keys not installed"
  # tampering with a contribution is detected
  python3 -c "import sys;p=sys.argv[1];b=bytearray(open(p,'rb').read());b[-50]^=1;open(p,'wb').write(b)" "$c/phase2-002.bin"
  if $prover ceremony verify --dir "$c" >/dev/null 2>&1; then fail "tampered transcript verified"; fi
  echo "ceremony: 3+3 contributions verified, tampering detected"
fi
echo "30-zk: OK"
