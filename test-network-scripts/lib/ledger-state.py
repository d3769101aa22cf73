#!/usr/bin/env python3
"""The deterministic part of a Lethe network's state, for comparing two networks (e2e 70-faults).

    ledger-state.py LIVE.json ARCHIVE.json STORE-DIR [-o STATE.json]

LIVE.json / ARCHIVE.json: `lethe live export --json` / `lethe archive export --json`; STORE-DIR holds
live/ and archive/ (the network's content stores). Prints, and writes with -o, one JSON object:
  models   per model id: version, modelUri, zkDigest, refs, owner, requestId, keyIndex
  archive  every archive entry: model id, version, payloadRequestId, modelUri, zkDigest, requestId
           (sorted)
Left out, because they differ between two fault-free runs of the same seed: transaction ids and
times; the chameleon hash values C, R, s and block hashes (the committee key comes from each
network's own DKG, the randomness from each redaction's committee round); and how publishes are
grouped into live blocks (the sealer seals whatever is pending when it polls).

Exits 1, naming each problem, when the state is not well formed:
  - an archive entry doubled (same model and version twice) or missing (a version below the
    current one of a model with no archive entry);
  - the live store not holding exactly the files of the current versions, or the archive store
    not holding exactly the archived versions' files (a superseded file still live, a new file
    lost, a stray file);
  - publishes still pending (not sealed into a block).
"""
import argparse
import json
import os
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("live")
    ap.add_argument("archive")
    ap.add_argument("stores")
    ap.add_argument("-o", "--out")
    a = ap.parse_args()
    live = json.load(open(a.live))
    archive = json.load(open(a.archive))
    problems = []

    models = {}
    for b in live["blocks"]:
        for t in b["transactions"]:
            if t["txId"] in models:
                problems.append(f"model {t['txId']} appears twice on the live chain")
            models[t["txId"]] = {
                "version": t["version"], "modelUri": t["modelUri"], "zkDigest": t["zkDigest"],
                "refs": t["refs"], "owner": t["owner"], "requestId": t["requestId"], "keyIndex": t["keyIndex"],
            }
    if live.get("pending"):
        problems.append(f"{len(live['pending'])} publish(es) still pending")

    entries = []
    seen = set()
    for b in archive["blocks"]:
        for e in b["entries"]:
            key = (e["txId"], e["version"])
            if key in seen:
                problems.append(f"archive entry {e['txId']} v{e['version']} doubled")
            seen.add(key)
            entries.append({k: e[k] for k in ("txId", "version", "payloadRequestId", "modelUri", "zkDigest", "requestId")})
    entries.sort(key=lambda e: (e["txId"], e["version"]))
    for mid, m in sorted(models.items()):
        for v in range(m["version"]):
            if (mid, v) not in seen:
                problems.append(f"archive entry {mid} v{v} missing (current version {m['version']})")
    for mid, v in sorted(seen):
        if mid not in models or v >= models[mid]["version"]:
            problems.append(f"archive entry {mid} v{v} is not a superseded version")

    def listing(sub):
        d = os.path.join(a.stores, sub)
        return set(os.listdir(d)) if os.path.isdir(d) else set()

    live_files, archive_files = listing("live"), listing("archive")
    want_live = {m["modelUri"] for m in models.values()}
    want_archive = {e["modelUri"] for e in entries}
    for cid in sorted(want_live - live_files):
        problems.append(f"live store lacks {cid} (a current version's file)")
    for cid in sorted(live_files - want_live):
        what = "a superseded version's file" if cid in want_archive else "no current version names it"
        problems.append(f"live store holds {cid} ({what})")
    for cid in sorted(want_archive - archive_files):
        problems.append(f"archive store lacks {cid} (an archived version's file)")
    for cid in sorted(archive_files - want_archive):
        problems.append(f"archive store holds {cid} (no archive entry names it)")

    state = {"models": dict(sorted(models.items())), "archive": entries}
    text = json.dumps(state, indent=1, sort_keys=True)
    if a.out:
        with open(a.out, "w") as f:
            f.write(text + "\n")
    for p in problems:
        print(f"ledger-state: {p}", file=sys.stderr)
    print(f"{len(models)} models, {len(entries)} archive entries, {len(live_files)} live and "
          f"{len(archive_files)} archive store files" + (f"; {len(problems)} problem(s)" if problems else "; well formed"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
