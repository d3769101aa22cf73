#!/usr/bin/env bash
# Regenerates chaincode/core/src/test/resources/zk/ceremony-chunk-delta (CeremonyChunkDeltaTest,
# ceremony.TestCommittedChunkDeltaTranscript):
#
#   bash prover-native/scripts/ceremony-fixture.sh [WORK]
#
# 1. the CLI setup ceremony on chunk-delta: three contributors (committee1..3) per phase, each
#    phase sealed with a beacon (`ceremony verify` re-checks the whole transcript at the end);
# 2. `lethe zk demo --model mlp-small --statement delta --keys WORK/keys` trains mlp-small, runs
#    gradient ascent on every layer and proves each changed chunk with the sealed keys;
#    `lethe zk verify` checks the bundle in Java (one batched pairing check) under the
#    ceremony's vk.bin, which must be the bytes the transcript hashes;
# 3. re-proves chunks 0, 1, 12 and 24 (the last, 874 weights) of those two model files with
#    `lethe-prover prove` (bind = ChunkBind("lethe", "req-1", "model-a", 1)) and writes the
#    fixture: state.json (the transcript), vk.bin, fixture.json, chunk-<i>/{proof.bin,public.json}.
#
# WORK (default: a new temporary folder) keeps the ceremony, keys and WORK/times.txt (CPU, wall,
# peak RSS and load of every step): a rerun on the same WORK resumes the ceremony where it stopped.
# Cost: the ceremony and its verification take over an hour of CPU, mostly on one core (measured
# figures in prover-native/bench/RESULTS.md); the demo and the four proofs a few minutes.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
work=${1:-$(mktemp -d "${TMPDIR:-/tmp}/lethe-ceremony-fixture.XXXXXX")}
mkdir -p "$work"
out=chaincode/core/src/test/resources/zk/ceremony-chunk-delta
prover="$work/bin/lethe-prover" # its own copy: the transcript records this build's source commit
if [[ ! -x "$prover" ]]; then
  commit=$(git rev-parse HEAD)$(git diff --quiet HEAD -- prover-native && echo "" || echo "-dirty")
  (cd prover-native && go build -o "$work/bin/" -ldflags "-X lethe.io/prover-native/ceremony.SourceCommit=$commit" ./cmd/lethe-prover)
fi
cer="$work/ceremony" keys="$work/keys"
timed() { # STEP CMD...: CPU and wall time, peak RSS and load average of each step in WORK/times.txt
  local step="$1"; shift
  /usr/bin/time -f "$step wall=%e s user=%U s sys=%S s peakRSS=%M KiB" -a -o "$work/times.txt" "$@"
  echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$work/times.txt"
}
# phase and contributions so far (a rerun resumes an interrupted ceremony)
progress() { python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); c=s.get("contributions") or []
print(s["phase"], sum(1 for x in c if x["phase"] == s["phase"]))' "$cer/state.json"; }

[[ -f "$cer/state.json" ]] || timed init $prover ceremony init --dir "$cer" --key-id chunk-delta
read -r phase made < <(progress)
while ((phase < 3)); do
  for ((i = made + 1; i <= 3; i++)); do
    timed "contribute-$phase-committee$i" $prover ceremony contribute --dir "$cer" --name "committee$i"
  done
  timed "seal-$phase" $prover ceremony seal --dir "$cer" --beacon "drand-round-$phase-fixture" --keys "$keys"
  read -r phase made < <(progress)
done
grep -q '"setup": "ceremony"' "$keys/chunk-delta/meta.json" || { echo "no ceremony keys in $keys" >&2; exit 1; }
cmp "$cer/vk.bin" "$keys/chunk-delta/vk.bin" || { echo "installed vk differs from the transcript's" >&2; exit 1; }

rm -rf "$work/demo"
timed demo gateway-app/lethe zk demo --model mlp-small --statement delta --train-samples 1500 --ascent-steps 20 \
  --keys "$keys" --out "$work/demo" --json > "$work/demo.json"
grep -q '"keySetup" *: *"ceremony"' "$work/demo/bundle.json" || { echo "the demo did not use the ceremony keys" >&2; exit 1; }
cmp "$cer/vk.bin" "$work/demo/vk.bin" || { echo "the demo's vk is not the ceremony's" >&2; exit 1; }
gateway-app/lethe zk verify --dir "$work/demo" --json | tee "$work/verify.json" | grep -q '"valid" *: *true' \
  || { echo "Java refused the ceremony-key bundle: $(cat "$work/verify.json")" >&2; exit 1; }

bind=$(python3 -c 'import json,sys
for c in json.load(open(sys.argv[1]))["cases"]:
    if (c["channel"], c["requestId"], c["modelId"], c["version"]) == ("lethe", "req-1", "model-a", 1): print(c["bind"])' \
  chaincode/core/src/test/resources/zk/chunk-bind-vectors.json)
rm -rf "$out" && mkdir -p "$out"
for i in 0 1 12 24; do
  python3 - "$work/demo/old.lethe" "$work/demo/new.lethe" "$i" "$bind" > "$work/witness-$i.json" <<'PY'
import json, struct, sys
def raws(path):  # ModelFile v1: weights as fixed-point raws round(w·2^16) (the demo's weights are exact)
    b = open(path, 'rb').read()
    n = struct.unpack('>I', b[12:16])[0]; off = 16 + n
    count = struct.unpack('>I', b[off:off + 4])[0]
    ws = struct.unpack('>%dd' % count, b[off + 4:off + 4 + 8 * count])
    out = [int(w * 65536) for w in ws]
    assert all(r == w * 65536 for r, w in zip(out, ws)), "not a fixed-point model"
    return out
old, new, i, bind = raws(sys.argv[1]), raws(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
print(json.dumps({"index": i, "bind": bind, "w": old[1024 * i:1024 * (i + 1)], "w_new": new[1024 * i:1024 * (i + 1)]}))
PY
  $prover prove --keys "$keys" --key-id chunk-delta --witness "$work/witness-$i.json" --out "$out/chunk-$i"
done
# the re-proven chunks are the demo's: same old, new and Δ subroots as its bundle
python3 - "$work/demo/bundle.json" "$out" 0 1 12 24 <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))["bundle"]
for i in map(int, sys.argv[3:]):
    pub = [int(x, 16) for x in json.load(open("%s/chunk-%d/public.json" % (sys.argv[2], i)))["publicInputs"]]
    want = [int(b[k][i], 16) for k in ("oldSubroots", "newSubroots", "deltaSubroots")]
    assert [pub[0], pub[1], pub[6]] == want, "chunk %d: subroots differ from the demo bundle's" % i
PY
cp "$cer/state.json" "$cer/vk.bin" "$out/"
# last, as it costs as much as the ceremony: anyone's check of the whole transcript
if ! timed verify $prover ceremony verify --dir "$cer" > "$work/ceremony-verify.json" \
    || ! grep -q '"valid": true' "$work/ceremony-verify.json"; then
  rm -rf "$out"; echo "the transcript does not verify" >&2; exit 1
fi
python3 - "$out" "$work/demo.json" "$work/verify.json" <<'PY'
import json, sys
out, demo, verify = sys.argv[1], json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
json.dump({"keyId": "chunk-delta", "bind": {"channel": "lethe", "requestId": "req-1", "modelId": "model-a", "version": 1},
           "chunks": [0, 1, 12, 24], "weights": 25450,
           "source": "old.lethe/new.lethe of lethe zk demo --model mlp-small --statement delta (seed 1)",
           "demoBundle": {"chunksProven": verify["chunksProven"], "chunksUnchanged": verify["chunksUnchanged"],
                          "javaVerifyMillis": verify["millis"]}},
          open(out + "/fixture.json", "w"), indent=2)
PY
echo "wrote $out (work: $work)"
