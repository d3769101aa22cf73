#!/usr/bin/env python3
"""Offline verifier of Lethe's ledger exports, written from DESIGN §3–4 alone (standard library only).

  verify-export.py --pk PUBLIC.json [--pk OLDER.json …] LIVE.json [ARCHIVE.json] [--archive-head HASH]

PUBLIC.json is the committee public key pinned by governance (`{"Y": SEC1c hex, …}`, as the
committee's DKG writes it; give one --pk per key epoch, oldest first): every key the export
claims must be a pinned one, in epoch order, so a chain fabricated under any other key is INVALID;
key indices never go back along the chain (a block after a rotation cannot claim a retired key)
and each transaction's key index is its block's.
LIVE.json is `lethe live export --json`; ARCHIVE.json `lethe archive export --json --as auditor`.
For the live chain it recomputes every transaction's chameleon digest C from its payload
(version and request id included) and (R, s), every block's RFC 6962 Merkle root over the C's,
every header's chameleon digest chCurr from the header message and rCurr, and every parent
link; pending publishes (published, not sealed yet) get the same digest check, in seal order,
version 0, refs to sealed models only. For the archive it recomputes every block hash (canonical bytes in
chaincode/core/src/main/java/io/lethe/ledger/README.md) and prevHash link, checks the head (and
--archive-head if given), and checks that every live transaction at version v has its versions
0..v-1 in the archive exactly once, each opened by its archived (R, s) against the model's C and
naming as its superseding request the request id inside version v+1's payload.
Prints a summary; exit 0 iff all checks pass, 1 with "INVALID: reason" otherwise (malformed
fields included), 2 on wrong usage.
"""
import hashlib
import json
import struct
import sys

# ---- P-256 (SEC 2) -----------------------------------------------------------------------
P = 0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF
A = P - 3
B = 0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B
N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
GX = 0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296
GY = 0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5
DST = b"LETHE-CH-P256-SHA256-v1"

# Points in Jacobian coordinates (X, Y, Z); None is the identity.


def _jdouble(p1):
    if p1 is None:
        return None
    x, y, z = p1
    if y == 0:
        return None
    yy = y * y % P
    s = 4 * x * yy % P
    zz = z * z % P
    m = (3 * (x - zz) * (x + zz)) % P  # a = -3
    x3 = (m * m - 2 * s) % P
    y3 = (m * (s - x3) - 8 * yy * yy) % P
    z3 = 2 * y * z % P
    return (x3, y3, z3)


def _jadd(p1, p2):
    if p1 is None:
        return p2
    if p2 is None:
        return p1
    x1, y1, z1 = p1
    x2, y2, z2 = p2
    z1z1 = z1 * z1 % P
    z2z2 = z2 * z2 % P
    u1 = x1 * z2z2 % P
    u2 = x2 * z1z1 % P
    s1 = y1 * z2 * z2z2 % P
    s2 = y2 * z1 * z1z1 % P
    if u1 == u2:
        return _jdouble(p1) if s1 == s2 else None
    h = (u2 - u1) % P
    r = (s2 - s1) % P
    hh = h * h % P
    hhh = h * hh % P
    v = u1 * hh % P
    x3 = (r * r - hhh - 2 * v) % P
    y3 = (r * (v - x3) - s1 * hhh) % P
    z3 = h * z1 * z2 % P
    return (x3, y3, z3)


def _mul(k, pt):
    result = None
    addend = pt
    while k:
        if k & 1:
            result = _jadd(result, addend)
        addend = _jdouble(addend)
        k >>= 1
    return result


def _affine(pt):
    if pt is None:
        return None
    x, y, z = pt
    zi = pow(z, -1, P)
    return (x * zi * zi % P, y * zi * zi * zi % P)


def _neg(pt):
    return None if pt is None else (pt[0], (-pt[1]) % P, pt[2])


def decode_point(data, what):
    """SEC1 compressed point; refuses bad length/prefix, x >= p, off-curve and the identity."""
    if len(data) != 33 or data[0] not in (2, 3):
        raise ValueError(f"{what}: not a 33-byte compressed point")
    x = int.from_bytes(data[1:], "big")
    if x >= P:
        raise ValueError(f"{what}: x coordinate not below p")
    rhs = (x * x * x + A * x + B) % P
    y = pow(rhs, (P + 1) // 4, P)
    if y * y % P != rhs:
        raise ValueError(f"{what}: not on the curve")
    if (y & 1) != (data[0] & 1):
        y = P - y
    return (x, y, 1)


def encode_point(pt):
    aff = _affine(pt)
    if aff is None:
        raise ValueError("identity point")
    return bytes([2 + (aff[1] & 1)]) + aff[0].to_bytes(32, "big")


def decode_scalar(data, what):
    if len(data) != 32:
        raise ValueError(f"{what}: scalar must be 32 bytes")
    s = int.from_bytes(data, "big")
    if s >= N:
        raise ValueError(f"{what}: scalar not below n")
    return s


# ---- RFC 9380 §5.3.1 expand_message_xmd (SHA-256) ----------------------------------------
def expand_message_xmd(msg, dst, length):
    ell = (length + 31) // 32
    if ell > 255 or len(dst) > 255:
        raise ValueError("expand_message_xmd: bad length")
    dst_prime = dst + bytes([len(dst)])
    b0 = hashlib.sha256(bytes(64) + msg + length.to_bytes(2, "big") + b"\x00" + dst_prime).digest()
    out = b""
    prev = bytes(32)
    for i in range(1, ell + 1):
        prev = hashlib.sha256(bytes(a ^ b for a, b in zip(b0, prev)) + bytes([i]) + dst_prime).digest()
        out += prev
    return out[:length]


def chameleon_digest(y_bytes, ctx, msg, r_bytes, s_bytes):
    """C = R − (e·Y + s·G), e = OS2IP(xmd(ctx ‖ SEC1c(Y) ‖ SEC1c(R) ‖ SHA-256(m), DST, 48)) mod n."""
    y = decode_point(y_bytes, "public key Y")
    r = decode_point(r_bytes, "R")
    s = decode_scalar(s_bytes, "s")
    e_in = ctx + encode_point(y) + encode_point(r) + hashlib.sha256(msg).digest()
    e = int.from_bytes(expand_message_xmd(e_in, DST, 48), "big") % N
    c = _jadd(r, _neg(_jadd(_mul(e, y), _mul(s, (GX, GY, 1)))))
    return encode_point(c)


# ---- DESIGN §3 canonical bytes -----------------------------------------------------------
def lp(x):
    if isinstance(x, str):
        x = x.encode("utf-8")
    return struct.pack(">I", len(x)) + x


def u64(v):
    # an exported integer field must be an unsigned 64-bit integer (not a bool, float or out of range)
    if not isinstance(v, int) or isinstance(v, bool) or not 0 <= v < 1 << 64:
        raise ValueError(f"{v!r} is not an unsigned 64-bit integer")
    return struct.pack(">Q", v)


def payload_bytes(version, request_id, uri, zk, refs):
    return (lp("lethe.payload.v2") + u64(version) + lp(request_id) + lp(uri) + lp(zk) + struct.pack(">I", len(refs))
            + b"".join(lp(r) for r in refs))


def tx_context(channel, tx_id):
    return lp("lethe.tx") + lp(channel) + lp(tx_id)


def header_message(height, parent, root, ts, version):
    return lp("lethe.header.v1") + u64(height) + lp(parent) + lp(root) + u64(ts) + u64(version)


def header_context(channel, height):
    return lp("lethe.block") + lp(channel) + u64(height)


def merkle_root(leaves):
    """RFC 6962 §2.1 over SHA-256."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return hashlib.sha256(b"\x00" + leaves[0]).digest()
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return hashlib.sha256(b"\x01" + merkle_root(leaves[:k]) + merkle_root(leaves[k:])).digest()


def archive_block_bytes(block):
    out = lp("lethe.archive.v2") + u64(block["height"]) + lp(bytes.fromhex(block["prevHash"]))
    out += u64(block["timestamp"]) + struct.pack(">I", len(block["entries"]))
    for e in block["entries"]:
        out += lp(e["txId"]) + u64(e["version"]) + lp(e["payloadRequestId"]) + lp(e["modelUri"])
        out += lp(bytes.fromhex(e["zkDigest"]))
        out += lp(bytes.fromhex(e["r"])) + lp(bytes.fromhex(e["s"])) + lp(e["requestId"]) + lp(e["fabricTxId"])
    return out


# ---- checks ------------------------------------------------------------------------------
class Failure(Exception):
    pass


def key_at(keys, index, what):
    if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(keys):
        raise Failure(f"{what}: key index {index!r} names no committee key (there are {len(keys)})")
    return keys[index]


def verify_keys(doc, pinned):
    keys = [bytes.fromhex(k) for k in doc["chPublicKeys"]]
    if not keys:
        raise Failure("the export names no committee key")
    for i, k in enumerate(keys):
        if k not in pinned:
            raise Failure(f"committee key #{i} ({k.hex()}) is not a key pinned with --pk")
    # key epochs are pinned oldest first: the export's key #i must be epoch i, so it cannot
    # reorder or repeat epochs to pass a retired key off as a later one
    if keys != pinned[:len(keys)]:
        raise Failure("the export's committee keys are not the pinned key epochs in order (oldest first, one --pk each)")
    return keys


def verify_live(doc, keys):
    channel = doc["channel"]
    expected_parent = bytes(32)
    txs = {}
    last_key = 0
    for i, b in enumerate(doc["blocks"]):
        h = b["height"]
        if h != i or isinstance(h, bool) or not isinstance(h, int):
            raise Failure(f"block {i}: height {h!r} out of sequence")
        # every block is sealed under the key current at publication: key epochs never go back
        key_at(keys, b["keyIndex"], f"block {h} header")
        if b["keyIndex"] < last_key:
            raise Failure(f"block {h}: key index {b['keyIndex']} is older than block {h - 1}'s {last_key}")
        last_key = b["keyIndex"]
        parent = bytes.fromhex(b["parentHash"])
        if parent != expected_parent:
            raise Failure(f"block {h}: parentHash does not link to block {h - 1}")
        leaves = []
        for t in b["transactions"]:
            if t["keyIndex"] != b["keyIndex"]:
                key_at(keys, t["keyIndex"], f"block {h} tx {t['txId']}")
                raise Failure(f"block {h} tx {t['txId']}: key index {t['keyIndex']} is not its block's {b['keyIndex']}")
            c = verify_tx(t, keys, channel, txs, f"block {h} tx {t['txId']}")
            txs[t["txId"]] = t
            leaves.append(c)
        if not leaves:
            raise Failure(f"block {h}: no transactions")
        root = merkle_root(leaves)
        if root.hex() != b["merkleRoot"].lower():
            raise Failure(f"block {h}: merkleRoot is not the RFC 6962 root of its transactions' C")
        ch = bytes.fromhex(b["chCurr"])
        msg = header_message(h, parent, root, b["timestamp"], b["version"])
        key = key_at(keys, b["keyIndex"], f"block {h} header")
        try:
            got = chameleon_digest(key, header_context(channel, h), msg, bytes.fromhex(b["rCurr"]["R"]),
                                   bytes.fromhex(b["rCurr"]["s"]))
        except ValueError as e:
            raise Failure(f"block {h} header: {e}")
        if got != ch:
            raise Failure(f"block {h}: rCurr does not open chCurr to the header (version {b['version']})")
        expected_parent = hashlib.sha256(ch).digest()
    # Pending publishes (DESIGN §3): committed, not sealed yet. Same digest check; in seal order
    # (timestamp, Fabric tx id); refs name sealed models or earlier models of the same publish;
    # never redacted (a redaction waits for sealing).
    sealed = dict(txs)
    last_place = None
    for p in doc.get("pending", []):
        place = (p["timestamp"], p["fabricTxId"])
        if isinstance(p["timestamp"], bool) or not isinstance(p["timestamp"], int) or not isinstance(p["fabricTxId"], str):
            raise Failure(f"pending publish {p['fabricTxId']!r}: malformed place {place!r}")
        if last_place is not None and place <= last_place:
            raise Failure(f"pending publish {p['fabricTxId']}: not in seal order (timestamp, transaction id)")
        last_place = place
        if not p["transactions"]:
            raise Failure(f"pending publish {p['fabricTxId']}: no transactions")
        own = set()
        for t in p["transactions"]:
            where = f"pending publish {p['fabricTxId']} tx {t['txId']}"
            if t["version"] != 0:
                raise Failure(f"{where}: a pending model cannot be redacted (version {t['version']!r})")
            for r in t["refs"]:
                if r not in sealed and r not in own:
                    raise Failure(f"{where}: ref {r} is not a sealed model nor an earlier model of its publish")
            verify_tx(t, keys, channel, txs, where)
            txs[t["txId"]] = t
            own.add(t["txId"])
    return txs


def verify_tx(t, keys, channel, txs, where):
    """One transaction: its fields, (R, s) opening C to the payload, refs to earlier ones, a fresh id. Returns C."""
    key = key_at(keys, t["keyIndex"], where)
    if not isinstance(t["version"], int) or isinstance(t["version"], bool) or t["version"] < 0:
        raise Failure(f"{where}: version {t['version']!r} is not a non-negative integer")
    if not isinstance(t["refs"], list) or not all(isinstance(r, str) for r in t["refs"]):
        raise Failure(f"{where}: refs {t['refs']!r} is not a list of transaction ids")
    request_id = t["requestId"] if t["version"] > 0 else ""
    if t["version"] == 0 and t.get("requestId") not in ("", None):
        raise Failure(f"{where}: version 0 carries request id {t['requestId']!r}")
    m = payload_bytes(t["version"], request_id, t["modelUri"], bytes.fromhex(t["zkDigest"]), t["refs"])
    c = bytes.fromhex(t["C"])
    try:
        got = chameleon_digest(key, tx_context(channel, t["txId"]), m, bytes.fromhex(t["R"]), bytes.fromhex(t["s"]))
    except ValueError as e:
        raise Failure(f"{where}: {e}")
    if got != c:
        raise Failure(f"{where}: (R, s) does not open C to the payload")
    for r in t["refs"]:
        if r not in txs:
            raise Failure(f"{where}: ref {r} is not an earlier transaction")
    if t["txId"] in txs:
        raise Failure(f"{where}: duplicate transaction id")
    return c


def verify_archive(doc, live_txs, channel, keys, pinned_head=None):
    prev = bytes(32)
    entries = 0
    seen = {}
    archived = {}
    for i, b in enumerate(doc["blocks"]):
        if b["height"] != i:
            raise Failure(f"archive block {i}: height {b['height']} out of sequence")
        if bytes.fromhex(b["prevHash"]) != prev:
            raise Failure(f"archive block {i}: prevHash does not link to block {i - 1}")
        h = hashlib.sha256(archive_block_bytes(b)).digest()
        if h.hex() != b["hash"].lower():
            raise Failure(f"archive block {i}: hash is not SHA-256 of its canonical bytes")
        for e in b["entries"]:
            t = live_txs.get(e["txId"])
            if t is None:
                raise Failure(f"archive block {i}: {e['txId']} is not on the live chain")
            v = e["version"]
            if not isinstance(v, int) or v < 0 or v >= t["version"]:
                raise Failure(f"archive block {i}: {e['txId']} v{v!r} is not older than live v{t['version']}")
            if (e["txId"], v) in seen:
                raise Failure(f"archive block {i}: {e['txId']} v{v} is archived twice (also in block {seen[(e['txId'], v)]})")
            seen[(e["txId"], v)] = i
            archived[(e["txId"], v)] = e
            if v == 0 and e["payloadRequestId"] != "":
                raise Failure(f"archive block {i}: {e['txId']} v0 carries request id {e['payloadRequestId']!r}")
            # the archived payload is the one the live digest C committed to (refs never change)
            m = payload_bytes(v, e["payloadRequestId"], e["modelUri"], bytes.fromhex(e["zkDigest"]), t["refs"])
            key = key_at(keys, t["keyIndex"], f"archive block {i}: {e['txId']}")
            try:
                got = chameleon_digest(key, tx_context(channel, e["txId"]), m, bytes.fromhex(e["r"]),
                                       bytes.fromhex(e["s"]))
            except ValueError as ex:
                raise Failure(f"archive block {i}: {e['txId']} v{v}: {ex}")
            if got != bytes.fromhex(t["C"]):
                raise Failure(f"archive block {i}: {e['txId']} v{v} is not a version C committed to")
            entries += 1
        prev = h
    head = doc["head"]
    if head["blocks"] != len(doc["blocks"]) or (head.get("lastHash") or "") != (prev.hex() if doc["blocks"] else ""):
        raise Failure(f"archive head {head} does not match the {len(doc['blocks'])} exported blocks")
    if pinned_head is not None and prev.hex() != pinned_head.lower():
        raise Failure(f"archive head hash {prev.hex()} is not the pinned --archive-head {pinned_head}")
    for tx_id, t in live_txs.items():
        for v in range(t["version"]):
            if (tx_id, v) not in seen:
                raise Failure(f"{tx_id} is at version {t['version']} but its version {v} is not in the archive")
            # the request that superseded version v is the one inside version v+1's payload (bound by C)
            later = archived[(tx_id, v + 1)]["payloadRequestId"] if v + 1 < t["version"] else t["requestId"]
            if archived[(tx_id, v)]["requestId"] != later:
                raise Failure(f"{tx_id} v{v} is archived as superseded under request "
                              f"{archived[(tx_id, v)]['requestId']!r}, but version {v + 1} carries request {later!r}")
    return entries


def read_pinned_key(path):
    with open(path) as f:
        doc = json.load(f)
    y = bytes.fromhex(doc["Y"])
    decode_point(y, f"Y of {path}")
    return y


def self_test():
    # RFC 9380 Appendix K.1 (expand_message_xmd, SHA-256, msg "", len 0x20)
    got = expand_message_xmd(b"", b"QUUX-V01-CS02-with-expander-SHA256-128", 0x20).hex()
    assert got == "68a985b87eb6b46952128911f2a4412bbc302a9d759667f87f7a21d803f07235", got
    # RFC 6962 tree over the certificate-transparency test leaves
    leaves = [bytes.fromhex(x) for x in ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                                          "606162636465666768696a6b6c6d6e6f"]]
    assert merkle_root(leaves).hex() == "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"
    # 2·G via the ladder equals G + G
    assert encode_point(_mul(2, (GX, GY, 1))) == encode_point(_jadd((GX, GY, 1), (GX, GY, 1)))
    assert _mul(N, (GX, GY, 1)) is None


def parse_args(argv):
    pins, files, head = [], [], None
    it = iter(argv[1:])
    for a in it:
        if a == "--pk":
            pins.append(next(it, None))
        elif a == "--archive-head":
            head = next(it, None)
        else:
            files.append(a)
    if not pins or None in pins or len(files) not in (1, 2) or (head is None and "--archive-head" in argv):
        return None
    return pins, files, head


def main(argv):
    args = parse_args(argv)
    if args is None:
        print(__doc__, file=sys.stderr)
        return 2
    pins, files, pinned_head = args
    self_test()
    try:
        pinned = [read_pinned_key(p) for p in pins]
        with open(files[0]) as f:
            live = json.load(f)
        keys = verify_keys(live, pinned)
        txs = verify_live(live, keys)
        pending = sum(len(p["transactions"]) for p in live.get("pending", []))
        print(f"live chain valid: {len(live['blocks'])} blocks, {len(txs) - pending} transactions, "
              f"{sum(1 for t in txs.values() if t['version'] > 0)} redacted, {pending} pending")
        if len(files) == 2:
            with open(files[1]) as f:
                archive = json.load(f)
            n = verify_archive(archive, txs, live["channel"], keys, pinned_head)
            print(f"archive chain valid: {len(archive['blocks'])} blocks, {n} superseded versions")
    except Failure as e:
        print(f"INVALID: {e}")
        return 1
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, json.JSONDecodeError, OSError,
            struct.error, RecursionError) as e:
        print(f"INVALID: malformed export or key file ({type(e).__name__}: {e})")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
