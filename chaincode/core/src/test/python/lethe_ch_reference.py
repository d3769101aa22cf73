#!/usr/bin/env python3
"""Independent reference of the Lethe chameleon hash (DESIGN §4), standard library only.

Written from the specification, sharing no code with the Java implementation, to check
  * the known-answer vectors:  lethe_ch_reference.py vectors FILE.json
  * one opening (e.g. CLI output): lethe_ch_reference.py verify Y_HEX CTX_HEX MSG_HEX C_HEX R_HEX S_HEX
Exit status 0 when everything checks, 1 otherwise.
"""
import hashlib
import json
import sys

# P-256 domain parameters (SEC 2 / FIPS 186-4)
p = 0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF
a = p - 3
b = 0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B
n = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
G = (0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
     0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5)
DST = b"LETHE-CH-P256-SHA256-v1"


def add(P, Q):
    if P is None:
        return Q
    if Q is None:
        return P
    if P[0] == Q[0] and (P[1] + Q[1]) % p == 0:
        return None
    if P == Q:
        lam = (3 * P[0] * P[0] + a) * pow(2 * P[1], -1, p) % p
    else:
        lam = (Q[1] - P[1]) * pow(Q[0] - P[0], -1, p) % p
    x = (lam * lam - P[0] - Q[0]) % p
    return (x, (lam * (P[0] - x) - P[1]) % p)


def neg(P):
    return None if P is None else (P[0], (-P[1]) % p)


def mul(k, P):
    k %= n
    R = None
    while k:
        if k & 1:
            R = add(R, P)
        P = add(P, P)
        k >>= 1
    return R


def enc(P):
    if P is None:
        raise ValueError("identity has no compressed encoding")
    return bytes([2 + (P[1] & 1)]) + P[0].to_bytes(32, "big")


def dec(data):
    if len(data) != 33:
        raise ValueError("point must be 33 bytes")
    if data[0] not in (2, 3):
        raise ValueError("bad SEC1 prefix")
    x = int.from_bytes(data[1:], "big")
    if x >= p:
        raise ValueError("x >= p")
    y2 = (x * x * x + a * x + b) % p
    y = pow(y2, (p + 1) // 4, p)
    if y * y % p != y2:
        raise ValueError("not on curve")
    if (y & 1) != (data[0] & 1):
        y = p - y
    return (x, y)


def scalar(data):
    if len(data) != 32:
        raise ValueError("scalar must be 32 bytes")
    v = int.from_bytes(data, "big")
    if v >= n:
        raise ValueError("scalar not reduced")
    return v


def sc(v):
    return (v % n).to_bytes(32, "big").hex()


def sha256(x):
    return hashlib.sha256(x).digest()


def expand_message_xmd(msg, dst, length):
    if len(dst) > 255:
        dst = sha256(b"H2C-OVERSIZE-DST-" + dst)
    ell = (length + 31) // 32
    dst_prime = dst + bytes([len(dst)])
    b0 = sha256(bytes(64) + msg + length.to_bytes(2, "big") + b"\x00" + dst_prime)
    out = [sha256(b0 + b"\x01" + dst_prime)]
    for i in range(2, ell + 1):
        out.append(sha256(bytes(x ^ y for x, y in zip(b0, out[-1])) + bytes([i]) + dst_prime))
    return b"".join(out)[:length]


def H(x):
    return int.from_bytes(expand_message_xmd(x, DST, 48), "big") % n


def challenge_input(ctx, Y, R, m):
    return ctx + enc(Y) + enc(R) + sha256(m)


def digest(Y, ctx, m, R, s):
    e = H(challenge_input(ctx, Y, R, m))
    return add(R, neg(add(mul(e, Y), mul(s, G))))


def verify(y_hex, ctx_hex, msg_hex, c_hex, r_hex, s_hex):
    try:
        Y = dec(bytes.fromhex(y_hex))
        C = dec(bytes.fromhex(c_hex))
        R = dec(bytes.fromhex(r_hex))
        s = scalar(bytes.fromhex(s_hex))
        return digest(Y, bytes.fromhex(ctx_hex), bytes.fromhex(msg_hex), R, s) == C
    except ValueError:
        return False


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def check_vectors(doc):
    check(doc["dst"] == DST.decode(), "dst")
    count = 0
    for v in doc["hash"]:
        x = int(v["x"], 16)
        Y = mul(x, G)
        check(enc(Y).hex() == v["Y"], "Y " + v["name"])
        R = mul(int(v["r"], 16), G)
        check(enc(R).hex() == v["R"], "R " + v["name"])
        ctx, m = bytes.fromhex(v["ctx"]), bytes.fromhex(v["msg"])
        ci = challenge_input(ctx, Y, R, m)
        check(ci.hex() == v["challengeInput"], "challengeInput " + v["name"])
        check(sc(H(ci)) == v["e"], "e " + v["name"])
        check(enc(digest(Y, ctx, m, R, int(v["s"], 16))).hex() == v["C"], "C " + v["name"])
        count += 1
    for v in doc["adapt"]:
        x = int(v["x"], 16)
        Y = mul(x, G)
        ctx = bytes.fromhex(v["ctx"])
        C = dec(bytes.fromhex(v["C"]))
        check(verify(v["Y"], v["ctx"], v["msg"], v["C"], v["R"], v["s"]), "adapt initial " + v["name"])
        for st in v["steps"]:
            k = int(st["k"], 16)
            R2 = add(C, mul(k, G))
            check(enc(R2).hex() == st["R"], "adapt R'")
            m2 = bytes.fromhex(st["newMsg"])
            e = H(challenge_input(ctx, Y, R2, m2))
            check(sc(e) == st["e"], "adapt e'")
            check(sc(k - e * x) == st["s"], "adapt s'")
            check(verify(v["Y"], v["ctx"], st["newMsg"], v["C"], st["R"], st["s"]), "adapt verify")
            count += 1
    for v in doc["committee"]:
        t, members = v["threshold"], v["members"]
        poly = [int(h, 16) for h in v["polynomial"]]
        check([enc(mul(c, G)).hex() for c in poly] == v["commitments"], "Feldman commitments")
        Y = mul(poly[0], G)
        check(enc(Y).hex() == v["Y"], "committee Y")
        for i in range(1, members + 1):
            xi = sum(c * pow(i, j, n) for j, c in enumerate(poly)) % n
            check(sc(xi) == v["shares"][str(i)]["x"], "share x_%d" % i)
            check(enc(mul(xi, G)).hex() == v["shares"][str(i)]["Y"], "share Y_%d" % i)
            # Feldman: Y_i = sum_j i^j A_j
            acc = None
            for j, A in enumerate(v["commitments"]):
                acc = add(acc, mul(pow(i, j, n), dec(bytes.fromhex(A))))
            check(enc(acc).hex() == v["shares"][str(i)]["Y"], "Feldman check %d" % i)
        ctx, m2 = bytes.fromhex(v["ctx"]), bytes.fromhex(v["newMsg"])
        C = dec(bytes.fromhex(v["C"]))
        check(verify(v["Y"], v["ctx"], v["msg"], v["C"], v["R"], v["s"]), "committee original opening")
        S = v["signers"]
        B = b""
        for i in S:
            nn = v["nonces"][str(i)]
            check(enc(mul(int(nn["d"], 16), G)).hex() == nn["D"], "D_%d" % i)
            check(enc(mul(int(nn["e"], 16), G)).hex() == nn["E"], "E_%d" % i)
            B += i.to_bytes(32, "big") + bytes.fromhex(nn["D"]) + bytes.fromhex(nn["E"])
        check(B.hex() == v["commitmentList"], "B")
        K = None
        rho, lam = {}, {}
        for i in S:
            inp = enc(Y) + ctx + enc(C) + sha256(m2) + sha256(B) + i.to_bytes(32, "big")
            check(inp.hex() == v["bindingFactorInputs"][str(i)], "rho input %d" % i)
            rho[i] = H(inp)
            check(sc(rho[i]) == v["bindingFactors"][str(i)], "rho_%d" % i)
            num, den = 1, 1
            for j in S:
                if j != i:
                    num, den = num * j % n, den * (j - i) % n
            lam[i] = num * pow(den, -1, n) % n
            check(sc(lam[i]) == v["lagrange"][str(i)], "lambda_%d" % i)
            nn = v["nonces"][str(i)]
            K = add(K, add(dec(bytes.fromhex(nn["D"])), mul(rho[i], dec(bytes.fromhex(nn["E"])))))
        check(enc(K).hex() == v["K"], "K")
        R2 = add(C, K)
        check(enc(R2).hex() == v["newR"], "R'")
        e = H(challenge_input(ctx, Y, R2, m2))
        check(sc(e) == v["e"], "e'")
        total = 0
        for i in S:
            nn = v["nonces"][str(i)]
            xi = int(v["shares"][str(i)]["x"], 16)
            z = (int(nn["d"], 16) + rho[i] * int(nn["e"], 16) - lam[i] * xi * e) % n
            check(sc(z) == v["z"][str(i)], "z_%d" % i)
            Yi = dec(bytes.fromhex(v["shares"][str(i)]["Y"]))
            rhs = add(add(dec(bytes.fromhex(nn["D"])), mul(rho[i], dec(bytes.fromhex(nn["E"])))), neg(mul(lam[i] * e, Yi)))
            check(mul(z, G) == rhs, "share check %d" % i)
            total += z
        check(sc(total) == v["newS"], "s'")
        check(verify(v["Y"], v["ctx"], v["newMsg"], v["C"], v["newR"], v["newS"]), "committee collision verifies")
        count += 1
    for v in doc["invalid"]:
        got = verify(v["Y"], v["ctx"], v["msg"], v["C"], v["R"], v["s"])
        check(got == v["valid"], "invalid vector: " + v["name"])
        count += 1
    return count


def main(argv):
    if len(argv) >= 2 and argv[0] == "vectors":
        with open(argv[1]) as f:
            doc = json.load(f)
        try:
            count = check_vectors(doc)
        except AssertionError as e:
            print("MISMATCH:", e)
            return 1
        print("ok: %d vectors checked" % count)
        return 0
    if len(argv) == 7 and argv[0] == "verify":
        ok = verify(*argv[1:])
        print("valid" if ok else "invalid")
        return 0 if ok else 1
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
