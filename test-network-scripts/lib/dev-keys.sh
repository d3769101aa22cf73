# The chunk proving keys a checkout's scripts share: source it, then
#   dev_keys_dir                 the folder (printed)
#   dev_keys DIR KEY-ID...       makes the keys missing in DIR (INSECURE single-party dev setup)
_dev_keys_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# Chunk keys are the same for every script of one checkout (one key per statement kind, never per
# model), and an INSECURE dev setup of one costs minutes of CPU; so the scripts (the e2e scripts,
# test.sh's warm-up, demo.sh) share one folder, named by a hash of the prover's Go sources, tests
# aside (an edit to them gives a new folder, never a stale key), under target/ (removed by
# `mvn clean`). Keys are made once, by the first script that needs
# them, under a lock; Store.Install renames a finished key into place, so a key that is there is whole.
dev_keys_dir() {
  local h
  h="$(cd "$_dev_keys_root/prover-native" && find . -name '*.go' -not -name '*_test.go' -not -path './bin/*' -print0 | sort -z \
    | xargs -0 cat go.mod go.sum | sha256sum | cut -c1-16)"
  echo "$_dev_keys_root/target/dev-keys/$h"
}
# A key that is there is whole, so it is looked for before the lock: a script whose keys are made
# never waits behind a setup of another key. LETHE_PROVER_BIN: the prover to run (default the
# checkout's prover-native/bin/lethe-prover).
dev_keys() {
  local dir="$1" k missing=(); shift
  mkdir -p "$dir"
  for k in "$@"; do
    if [[ -f "$dir/$k/vk.bin" ]]; then echo "dev key $k: made earlier in this checkout ($dir)"; else missing+=("$k"); fi
  done
  ((${#missing[@]})) || return 0
  (
    flock 9
    for k in "${missing[@]}"; do
      [[ -f "$dir/$k/vk.bin" ]] && { echo "dev key $k: made meanwhile by another script ($dir)"; continue; }
      "${LETHE_PROVER_BIN:-$_dev_keys_root/prover-native/bin/lethe-prover}" setup --insecure-dev-setup --key-id "$k" --keys "$dir" || exit 1
    done
  ) 9>"$dir/.lock"
}
