#!/usr/bin/env python3
"""Attacks on verify-export.py (security review): malformed or forged exports must give
"INVALID: …" and exit 1, never a traceback, never exit 0. Builds a valid export from scratch
(any (R, s) opens the C it defines), checks it passes, then mutates it. Exit 0 iff every attack
is refused; prints one line per attack."""
import copy
import hashlib
import importlib.util
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "..", "verify-export.py")
spec = importlib.util.spec_from_file_location("ve", SCRIPT)
ve = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ve)

G = (ve.GX, ve.GY, 1)


def point(k):
    return ve.encode_point(ve._mul(k, G))


def scalar(seed):
    return (int.from_bytes(hashlib.sha256(seed.encode()).digest(), "big") % (ve.N - 1) + 1).to_bytes(32, "big")


def zk(seed):
    d = bytearray(hashlib.sha256(seed.encode()).digest())
    d[0] &= 0x3F
    return bytes(d)


CHANNEL = "lethe"


def build(keys_y, blocks_spec):
    """blocks_spec: list of (keyIndex, [txId, refs]) ; all version 0."""
    blocks = []
    parent = bytes(32)
    for h, (ki, txs) in enumerate(blocks_spec):
        y = keys_y[ki]
        leaves, jtxs = [], []
        for tx_id, refs in txs:
            uri, z = "bafy-" + tx_id, zk(tx_id)
            r, s = point(int.from_bytes(scalar("R" + tx_id), "big")), scalar("s" + tx_id)
            c = ve.chameleon_digest(y, ve.tx_context(CHANNEL, tx_id), ve.payload_bytes(0, "", uri, z, refs), r, s)
            leaves.append(c)
            jtxs.append({"txId": tx_id, "owner": "UsersMSP::x509::CN=u::CN=ca", "modelUri": uri, "zkDigest": z.hex(),
                         "refs": refs, "C": c.hex(), "R": r.hex(), "s": s.hex(), "version": 0, "requestId": "",
                         "keyIndex": ki})
        root = ve.merkle_root(leaves)
        ts = 1_700_000_000_000 + h
        hr, hs = point(int.from_bytes(scalar("HR%d" % h), "big")), scalar("Hs%d" % h)
        ch = ve.chameleon_digest(y, ve.header_context(CHANNEL, h), ve.header_message(h, parent, root, ts, 0), hr, hs)
        blocks.append({"height": h, "parentHash": parent.hex(), "merkleRoot": root.hex(), "timestamp": ts, "version": 0,
                       "chCurr": ch.hex(), "rCurr": {"R": hr.hex(), "s": hs.hex()}, "keyIndex": ki, "transactions": jtxs})
        parent = hashlib.sha256(ch).digest()
    return {"channel": CHANNEL, "chPublicKey": keys_y[-1].hex(), "chPublicKeys": [k.hex() for k in keys_y],
            "blocks": blocks}


def adapt(k, y, ctx, c, msg):
    """A collision under trapdoor k: R' = C + r'·G, s' = r' − e'·k."""
    rp = int.from_bytes(scalar("adapt" + msg.hex()), "big")
    c_pt = ve.decode_point(c, "C")
    r_pt = ve._jadd(c_pt, ve._mul(rp, G))
    r_bytes = ve.encode_point(r_pt)
    e_in = ctx + ve.encode_point(ve.decode_point(y, "Y")) + r_bytes + hashlib.sha256(msg).digest()
    e = int.from_bytes(ve.expand_message_xmd(e_in, ve.DST, 48), "big") % ve.N
    return r_bytes, ((rp - e * k) % ve.N).to_bytes(32, "big")


def rehash(archive):
    prev = bytes(32)
    for b in archive["blocks"]:
        b["prevHash"] = prev.hex()
        prev = hashlib.sha256(ve.archive_block_bytes(b)).digest()
        b["hash"] = prev.hex()
    archive["head"] = {"blocks": len(archive["blocks"]), "lastHash": prev.hex() if archive["blocks"] else ""}


def redacted(y, k):
    live = build([y], [(0, [("a", [])])])
    t = live["blocks"][0]["transactions"][0]
    old = dict(t)
    uri, z = "bafy-a-v1", zk("a-v1")
    msg = ve.payload_bytes(1, "r1", uri, z, [])
    r, s = adapt(k, y, ve.tx_context(CHANNEL, "a"), bytes.fromhex(t["C"]), msg)
    t.update({"modelUri": uri, "zkDigest": z.hex(), "R": r.hex(), "s": s.hex(), "version": 1, "requestId": "r1"})
    b = live["blocks"][0]
    hmsg = ve.header_message(0, bytes(32), bytes.fromhex(b["merkleRoot"]), b["timestamp"], 1)
    hr, hs = adapt(k, y, ve.header_context(CHANNEL, 0), bytes.fromhex(b["chCurr"]), hmsg)
    b.update({"version": 1, "rCurr": {"R": hr.hex(), "s": hs.hex()}})
    entry = {"txId": "a", "version": 0, "payloadRequestId": "", "modelUri": old["modelUri"], "zkDigest": old["zkDigest"],
             "r": old["R"], "s": old["s"], "requestId": "r1", "fabricTxId": "f" * 64, "time": 1_700_000_100_000}
    archive = {"blocks": [{"height": 0, "timestamp": 1_700_000_100_000, "entries": [entry], "fabricTxId": "f" * 64}]}
    rehash(archive)
    return live, archive


def run2(tmp, live, archive, pins):
    paths = []
    for n, d in (("live2", live), ("archive2", archive)):
        pth = os.path.join(tmp, n + ".json")
        with open(pth, "w") as f:
            json.dump(d, f)
        paths.append(pth)
    args = [sys.executable, SCRIPT]
    for p in pins:
        args += ["--pk", p]
    p = subprocess.run(args + paths, capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout + p.stderr


def run(tmp, name, live, pins, raw=None):
    path = os.path.join(tmp, name + ".json")
    with open(path, "w") as f:
        f.write(raw if raw is not None else json.dumps(live))
    args = [sys.executable, SCRIPT]
    for p in pins:
        args += ["--pk", p]
    p = subprocess.run(args + [path], capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout + p.stderr


def main():
    tmp = tempfile.mkdtemp()
    y_old, y_new = point(11), point(22)
    pins = []
    for i, y in enumerate((y_old, y_new)):
        pth = os.path.join(tmp, "pk%d.json" % i)
        with open(pth, "w") as f:
            json.dump({"Y": y.hex()}, f)
        pins.append(pth)
    keys = [y_old, y_new]
    good = build(keys, [(0, [("a", [])]), (1, [("b", ["a"])])])
    rc, out = run(tmp, "good", good, pins)
    assert rc == 0, out
    print("valid export accepted:", out.strip())

    attacks = {}

    def mut(name, fn):
        d = copy.deepcopy(good)
        fn(d)
        attacks[name] = d

    mut("block timestamp is a float", lambda d: d["blocks"][0].__setitem__("timestamp", 1.5))
    mut("block timestamp is negative", lambda d: d["blocks"][0].__setitem__("timestamp", -1))
    mut("block timestamp is 2^64", lambda d: d["blocks"][0].__setitem__("timestamp", 2 ** 64))
    mut("block version is negative", lambda d: d["blocks"][0].__setitem__("version", -1))
    mut("block height is 0.0", lambda d: d["blocks"][0].__setitem__("height", 0.0))
    mut("tx version is huge", lambda d: d["blocks"][0]["transactions"][0].__setitem__("version", 2 ** 64))
    mut("refs is a string", lambda d: d["blocks"][0]["transactions"][0].__setitem__("refs", "x"))
    mut("refs spelled as one string", lambda d: d["blocks"][1]["transactions"][0].__setitem__("refs", "a"))
    mut("blocks is a dict", lambda d: d.__setitem__("blocks", {"0": 1}))
    mut("doc is a list", lambda d: (d.clear()))
    # forged history: a block after the rotation claims the retired (maybe compromised) key #0,
    # and the export reorders the pinned epochs so that key #0 looks current
    forged_old = build(keys, [(1, [("a", [])]), (0, [("b", ["a"])])])
    attacks["key index goes back to a retired key"] = forged_old
    reordered = build([y_new, y_old], [(0, [("a", [])]), (1, [("b", ["a"])])])
    attacks["export reorders the pinned key epochs"] = reordered
    dup = build([y_old, y_old], [(0, [("a", [])]), (1, [("b", ["a"])])])
    attacks["export repeats one pinned key as two epochs"] = dup
    tx_other_key = build(keys, [(0, [("a", [])]), (1, [("b", ["a"])])])
    # a tx hashed under key #0 inside a block sealed under key #1: Publish never writes that
    y = keys[0]
    t = tx_other_key["blocks"][1]["transactions"][0]
    c = ve.chameleon_digest(y, ve.tx_context(CHANNEL, "b"), ve.payload_bytes(0, "", t["modelUri"], bytes.fromhex(t["zkDigest"]),
                                                                            t["refs"]), bytes.fromhex(t["R"]),
                            bytes.fromhex(t["s"]))
    t["C"], t["keyIndex"] = c.hex(), 0
    b = tx_other_key["blocks"][1]
    root = ve.merkle_root([c])
    b["merkleRoot"] = root.hex()
    ch = ve.chameleon_digest(keys[1], ve.header_context(CHANNEL, 1),
                             ve.header_message(1, bytes.fromhex(b["parentHash"]), root, b["timestamp"], 0),
                             bytes.fromhex(b["rCurr"]["R"]), bytes.fromhex(b["rCurr"]["s"]))
    b["chCurr"] = ch.hex()
    attacks["tx key index differs from its block's"] = tx_other_key

    # pending publishes (published, not sealed yet): same digest check, seal order, version 0,
    # refs to sealed models or earlier models of the same publish
    def pending_tx(y, ki, tx_id, refs):
        uri, z = "bafy-" + tx_id, zk(tx_id)
        r, s = point(int.from_bytes(scalar("R" + tx_id), "big")), scalar("s" + tx_id)
        c = ve.chameleon_digest(y, ve.tx_context(CHANNEL, tx_id), ve.payload_bytes(0, "", uri, z, refs), r, s)
        return {"txId": tx_id, "owner": "UsersMSP::x509::CN=u::CN=ca", "modelUri": uri, "zkDigest": z.hex(),
                "refs": refs, "C": c.hex(), "R": r.hex(), "s": s.hex(), "version": 0, "requestId": "", "keyIndex": ki}

    with_pending = copy.deepcopy(good)
    with_pending["pending"] = [
        {"fabricTxId": "aa" * 32, "timestamp": 1_700_000_001_000, "transactions": [pending_tx(y_new, 1, "p", ["b"])]},
        {"fabricTxId": "bb" * 32, "timestamp": 1_700_000_002_000,
         "transactions": [pending_tx(y_new, 1, "q", ["a"]), pending_tx(y_new, 1, "q2", ["q"])]}]
    rc, out = run(tmp, "pending", with_pending, pins)
    assert rc == 0, out
    print("valid export with pending publishes accepted:", out.strip())

    def mut_pending(name, fn):
        d = copy.deepcopy(with_pending)
        fn(d)
        attacks[name] = d

    mut_pending("pending publishes out of seal order", lambda d: d["pending"].reverse())
    mut_pending("pending payload swapped", lambda d: d["pending"][0]["transactions"][0].__setitem__("modelUri", "bafy-x"))
    mut_pending("pending model claims a redaction", lambda d: d["pending"][0]["transactions"][0].__setitem__("version", 1))
    mut_pending("pending model refs another pending publish",
                lambda d: d["pending"][1]["transactions"].__setitem__(0, pending_tx(y_new, 1, "q", ["p"])))
    mut_pending("pending model repeats a sealed one",
                lambda d: d["pending"][0]["transactions"].append(copy.deepcopy(d["blocks"][0]["transactions"][0])))
    mut_pending("pending timestamp is a string", lambda d: d["pending"][0].__setitem__("timestamp", "1"))
    mut_pending("pending publish is empty", lambda d: d["pending"][0].__setitem__("transactions", []))

    raws = {"deeply nested JSON": "[" * 200000 + "]" * 200000}

    # a redacted chain (we hold the trapdoor k = 11 of key #0), its archive, then an archive whose
    # hash chain is recomputed (no key needed) after changing which request superseded version 0
    live1, archive1 = redacted(y_old, 11)
    rc, out = run2(tmp, live1, archive1, pins[:1])
    assert rc == 0, out
    print("valid redacted export accepted:", out.strip().replace("\n", "; "))
    forged = copy.deepcopy(archive1)
    forged["blocks"][0]["entries"][0]["requestId"] = "r-other"
    rehash(forged)
    rc, out = run2(tmp, live1, forged, pins[:1])
    ok = rc == 1 and "INVALID" in out and "Traceback" not in out
    failed_extra = not ok
    print(("refused " if ok else "NOT REFUSED ") + "archive entry names another superseding request: rc=%d %s"
          % (rc, out.strip().splitlines()[-1][:160]))
    failed = 0
    for name, doc in list(attacks.items()) + [(n, None) for n in raws]:
        rc, out = run(tmp, "attack", doc, pins, raws.get(name))
        ok = rc == 1 and "INVALID" in out and "Traceback" not in out
        failed += not ok
        print(("refused " if ok else "NOT REFUSED ") + name + ": rc=%d %s" % (rc, out.strip().splitlines()[-1][:160]))
    failed += failed_extra
    print("%d attack(s) not refused" % failed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
