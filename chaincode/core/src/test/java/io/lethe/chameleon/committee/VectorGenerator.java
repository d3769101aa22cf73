package io.lethe.chameleon.committee;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.chameleon.Challenge;
import io.lethe.chameleon.ChameleonHash;
import io.lethe.chameleon.ChameleonPublicKey;
import io.lethe.chameleon.HexCodec;
import io.lethe.chameleon.P256;
import io.lethe.chameleon.Randomness;
import io.lethe.chameleon.SeededRandom;
import io.lethe.chameleon.TestAccess;
import io.lethe.chameleon.Trapdoor;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * Generates {@code chameleon-vectors.json} (format in chaincode/.../chameleon/README.md) from a
 * fixed seed, running the production code with recorded random scalars. Regenerate with
 * {@code mvn -B -q -pl chaincode/core -am test -Dtest=KnownAnswerVectorsTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dlethe.vectors.write=true}.
 */
public final class VectorGenerator {
  public static final String SEED = "lethe chameleon-hash known-answer vectors v1";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final SeededRandom rnd = new SeededRandom(SEED);

  public static String generate() throws Exception {
    return JSON.writeValueAsString(new VectorGenerator().build()) + "\n";
  }

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "chameleon-vectors.json");
    Files.writeString(out, generate());
  }

  // --- DESIGN §3 canonical byte builders (so vectors carry realistic contexts) ----------------

  static byte[] lp(byte[] x) {
    return ByteBuffer.allocate(4 + x.length).putInt(x.length).put(x).array();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static byte[] u32(int v) {
    return ByteBuffer.allocate(4).putInt(v).array();
  }

  static byte[] u64(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  static byte[] txContext(String channel, String txId) {
    return concat(lp(utf8("lethe.tx")), lp(utf8(channel)), lp(utf8(txId)));
  }

  static byte[] payload(String uri, byte[] zkDigest, String... refs) {
    List<byte[]> parts = new ArrayList<>();
    parts.add(lp(utf8("lethe.payload.v1")));
    parts.add(lp(utf8(uri)));
    parts.add(lp(zkDigest));
    parts.add(u32(refs.length));
    for (String r : refs) {
      parts.add(lp(utf8(r)));
    }
    return concat(parts.toArray(new byte[0][]));
  }

  static byte[] headerContext(String channel, long height) {
    return concat(lp(utf8("lethe.block")), lp(utf8(channel)), u64(height));
  }

  static byte[] header(long height, byte[] parent, byte[] root, long ts, long version) {
    return concat(lp(utf8("lethe.header.v1")), u64(height), lp(parent), lp(root), u64(ts), u64(version));
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  // --- JSON helpers --------------------------------------------------------------------------

  static String hex(byte[] b) {
    return HexCodec.encode(b);
  }

  static String pt(ECPoint p) {
    return HexCodec.encode(P256.encodePoint(p));
  }

  static String sc(BigInteger k) {
    return HexCodec.encode(P256.encodeScalar(k.mod(P256.N)));
  }

  // --- vectors -------------------------------------------------------------------------------

  ObjectNode build() {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", "lethe-ch-vectors-v1");
    root.put("scheme", "Lethe chameleon hash, DESIGN §4 (Ateniese–de Medeiros point form on P-256)");
    root.put("curve", "P-256");
    root.put("dst", Challenge.DST);
    root.put("expandLenInBytes", 48);
    root.put("generatorSeed", SEED);
    root.put("encodings", "points: SEC1 compressed, 33 bytes hex; scalars: 32 bytes big-endian hex; byte strings: hex");

    ArrayNode hash = root.putArray("hash");
    ArrayNode adapt = root.putArray("adapt");
    ArrayNode committee = root.putArray("committee");
    ArrayNode invalid = root.putArray("invalid");

    Trapdoor x = Trapdoor.generate(rnd);
    byte[] zk = randomBytes(32);
    hash.add(hashVector("empty context and message", x, new byte[0], new byte[0]));
    hash.add(hashVector("live transaction (DESIGN §3 payload and tx context)", x,
        txContext("lethe", "3f2a9c0e5b7d41e8a6c2f0b1d9e84a7c"),
        payload("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi", zk, "tx-0001", "tx-0002")));
    hash.add(hashVector("live block header (DESIGN §3 header and context)", x,
        headerContext("lethe", 7),
        header(7, randomBytes(32), randomBytes(32), 1_763_000_000_000L, 0)));
    hash.add(hashVector("long message", x, utf8("ctx"), randomBytes(1000)));
    Trapdoor x2 = Trapdoor.generate(rnd);
    hash.add(hashVector("second key", x2, txContext("lethe", "tx-9"), utf8("hello")));

    adapt.add(adaptChain("three redactions of one live transaction", x,
        txContext("lethe", "tx-redact-1"),
        List.of(
            payload("bafy-v1", zk, "tx-a"),
            payload("bafy-v2-unlearned", zk, "tx-a"),
            payload("bafy-v3-unlearned", zk, "tx-a"),
            payload("bafy-v4-unlearned", zk, "tx-a"))));

    committee.add(committeeVector("3-of-5, signers 1,3,5", 3, 5, List.of(1, 3, 5)));
    committee.add(committeeVector("3-of-5, signers 2,3,4", 3, 5, List.of(2, 3, 4)));
    committee.add(committeeVector("3-of-3 (n-of-n)", 3, 3, List.of(1, 2, 3)));
    committee.add(committeeVector("2-of-3, all three sign", 2, 3, List.of(1, 2, 3)));

    invalidVectors(invalid, x);
    return root;
  }

  private ObjectNode hashVector(String name, Trapdoor x, byte[] ctx, byte[] msg) {
    ChameleonPublicKey pk = x.publicKey();
    BigInteger r = P256.randomScalar(rnd);
    BigInteger s = P256.randomScalar(rnd);
    ChameleonHash.Hashed h = TestAccess.hashWith(pk, ctx, msg, r, s);
    ECPoint rPoint = P256.mulG(r);
    ObjectNode v = JSON.createObjectNode();
    v.put("name", name);
    v.put("x", sc(x.x()));
    v.put("Y", pk.toHex());
    v.put("ctx", hex(ctx));
    v.put("msg", hex(msg));
    v.put("msgHash", hex(Challenge.sha256(msg)));
    v.put("r", sc(r));
    v.put("s", sc(s));
    v.put("R", pt(rPoint));
    byte[] input = Challenge.input(ctx, pk.point(), rPoint, msg);
    v.put("challengeInput", hex(input));
    v.put("e", sc(Challenge.hashToScalar(input)));
    v.put("C", h.cHex());
    return v;
  }

  private ObjectNode adaptChain(String name, Trapdoor x, byte[] ctx, List<byte[]> msgs) {
    ChameleonPublicKey pk = x.publicKey();
    BigInteger r = P256.randomScalar(rnd);
    BigInteger s = P256.randomScalar(rnd);
    ChameleonHash.Hashed h = TestAccess.hashWith(pk, ctx, msgs.get(0), r, s);
    ECPoint c = P256.decodePoint(h.c(), "C");
    ObjectNode v = JSON.createObjectNode();
    v.put("name", name);
    v.put("x", sc(x.x()));
    v.put("Y", pk.toHex());
    v.put("ctx", hex(ctx));
    v.put("msg", hex(msgs.get(0)));
    v.put("r", sc(r));
    v.put("s", sc(s));
    v.put("R", h.randomness().rHex());
    v.put("C", h.cHex());
    ArrayNode steps = v.putArray("steps");
    for (byte[] m : msgs.subList(1, msgs.size())) {
      BigInteger k = P256.randomScalar(rnd);
      Randomness out = TestAccess.adaptWith(x, pk, ctx, c, m, k);
      ObjectNode step = steps.addObject();
      step.put("newMsg", hex(m));
      step.put("k", sc(k));
      step.put("R", out.rHex());
      step.put("challengeInput", hex(Challenge.input(ctx, pk.point(), out.rPoint(), m)));
      step.put("e", sc(Challenge.challenge(ctx, pk.point(), out.rPoint(), m)));
      step.put("s", out.sHex());
    }
    return v;
  }

  private ObjectNode committeeVector(String name, int t, int n, List<Integer> signers) {
    List<BigInteger> poly = new ArrayList<>();
    for (int j = 0; j < t; j++) {
      poly.add(P256.randomScalar(rnd));
    }
    Dealer.Dealt dealt = Dealer.dealWith(poly, n);
    CommitteePublicKey pk = dealt.publicKey();
    ObjectNode v = JSON.createObjectNode();
    v.put("name", name);
    v.put("threshold", t);
    v.put("members", n);
    ArrayNode polyJson = v.putArray("polynomial");
    poly.forEach(a -> polyJson.add(sc(a)));
    ArrayNode comm = v.putArray("commitments");
    pk.commitments().forEach(a -> comm.add(pt(a)));
    v.put("Y", pk.groupKey().toHex());
    ObjectNode sharesJson = v.putObject("shares");
    for (KeyShare share : dealt.shares()) {
      ObjectNode sj = sharesJson.putObject(Integer.toString(share.member()));
      sj.put("x", sc(share.share()));
      sj.put("Y", pt(share.memberKey()));
    }
    byte[] ctx = txContext("lethe", "tx-committee-" + t + "-" + n + "-" + signers);
    byte[] msg = payload("bafy-original", randomBytes(32), "tx-parent");
    byte[] newMsg = payload("bafy-unlearned", randomBytes(32), "tx-parent");
    BigInteger r = P256.randomScalar(rnd);
    BigInteger s = P256.randomScalar(rnd);
    ChameleonHash.Hashed h = TestAccess.hashWith(pk.groupKey(), ctx, msg, r, s);
    v.put("ctx", hex(ctx));
    v.put("msg", hex(msg));
    v.put("r", sc(r));
    v.put("s", sc(s));
    v.put("R", h.randomness().rHex());
    v.put("C", h.cHex());
    v.put("newMsg", hex(newMsg));
    v.put("newMsgHash", hex(Challenge.sha256(newMsg)));
    ArrayNode signersJson = v.putArray("signers");
    signers.forEach(signersJson::add);

    List<CommitteeMember> members = new ArrayList<>();
    List<NonceCommitment> round1 = new ArrayList<>();
    ObjectNode noncesJson = v.putObject("nonces");
    for (int i : signers) {
      CommitteeMember m = new CommitteeMember(pk, dealt.shares().get(i - 1));
      BigInteger d = P256.randomScalar(rnd);
      BigInteger e = P256.randomScalar(rnd);
      NonceCommitment nc = m.commitWith(d, e);
      members.add(m);
      round1.add(nc);
      ObjectNode nj = noncesJson.putObject(Integer.toString(i));
      nj.put("d", sc(d));
      nj.put("e", sc(e));
      nj.put("D", hex(nc.dBytes()));
      nj.put("E", hex(nc.eBytes()));
    }
    AdaptTarget target = new AdaptTarget(ctx, h.c(), newMsg);
    Aggregator agg = new Aggregator(pk);
    SigningPackage pkg = agg.newPackage(target, round1);
    SessionValues sv = SessionValues.derive(pk, pkg);
    byte[] b = pkg.encodedCommitmentList();
    v.put("commitmentList", hex(b));
    v.put("commitmentListHash", hex(Challenge.sha256(b)));
    ObjectNode rhoIn = v.putObject("bindingFactorInputs");
    ObjectNode rho = v.putObject("bindingFactors");
    ObjectNode lambda = v.putObject("lagrange");
    for (int i : signers) {
      rhoIn.put(Integer.toString(i), hex(BindingFactors.input(pk.groupKey().point(), ctx, target.cPoint(), newMsg, b, i)));
      rho.put(Integer.toString(i), sc(sv.bindingFactors().get(i)));
      lambda.put(Integer.toString(i), sc(sv.lagrange().get(i)));
    }
    v.put("K", pt(sv.groupCommitment()));
    v.put("newR", pt(sv.rPrime()));
    v.put("challengeInput", hex(Challenge.input(ctx, pk.groupKey().point(), sv.rPrime(), newMsg)));
    v.put("e", sc(sv.challenge()));
    List<SignatureShare> zs = new ArrayList<>();
    ObjectNode zJson = v.putObject("z");
    for (CommitteeMember m : members) {
      SignatureShare z = m.sign(pkg);
      zs.add(z);
      zJson.put(Integer.toString(z.member()), hex(z.zBytes()));
    }
    Randomness out = agg.aggregate(pkg, zs);
    v.put("newS", out.sHex());
    return v;
  }

  private void invalidVectors(ArrayNode invalid, Trapdoor x) {
    ChameleonPublicKey pk = x.publicKey();
    byte[] ctx = txContext("lethe", "tx-invalid");
    byte[] msg = utf8("payload");
    ChameleonHash.Hashed h = TestAccess.hashWith(pk, ctx, msg, P256.randomScalar(rnd), BigInteger.valueOf(5));
    String rHex = h.randomness().rHex();
    String sHex = h.randomness().sHex();
    ChameleonHash.Hashed other = TestAccess.hashWith(pk, ctx, msg, P256.randomScalar(rnd), P256.randomScalar(rnd));
    invalid.add(bad("reference: this one is valid", pk, ctx, msg, h.cHex(), rHex, sHex, true));
    invalid.add(bad("s = n", pk, ctx, msg, h.cHex(), rHex, sc0(P256.N), false));
    invalid.add(bad("s + n (same scalar mod n, not reduced)", pk, ctx, msg, h.cHex(), rHex, sc0(P256.N.add(BigInteger.valueOf(5))), false));
    invalid.add(bad("s with a leading zero byte (33 bytes)", pk, ctx, msg, h.cHex(), rHex, "00" + sHex, false));
    invalid.add(bad("R is the identity (SEC1 0x00)", pk, ctx, msg, h.cHex(), "00", sHex, false));
    invalid.add(bad("R uncompressed (65 bytes)", pk, ctx, msg, h.cHex(), hex(h.randomness().rPoint().getEncoded(false)), sHex, false));
    invalid.add(bad("R off the curve", pk, ctx, msg, h.cHex(), hex(offCurve()), sHex, false));
    byte[] xTooBig = BigIntegers.asUnsignedByteArray(33, P256.P.add(BigInteger.valueOf(3)));
    xTooBig[0] = 0x02;
    invalid.add(bad("R with x >= p", pk, ctx, msg, h.cHex(), hex(xTooBig), sHex, false));
    byte[] neg = h.randomness().r();
    neg[0] ^= 1;
    invalid.add(bad("R negated (valid point, wrong record)", pk, ctx, msg, h.cHex(), hex(neg), sHex, false));
    invalid.add(bad("R and s of another record", pk, ctx, msg, h.cHex(), other.randomness().rHex(), other.randomness().sHex(), false));
    invalid.add(bad("wrong context", pk, txContext("lethe", "tx-other"), msg, h.cHex(), rHex, sHex, false));
    invalid.add(bad("wrong message", pk, ctx, utf8("payload2"), h.cHex(), rHex, sHex, false));
    invalid.add(bad("wrong public key", Trapdoor.generate(rnd).publicKey(), ctx, msg, h.cHex(), rHex, sHex, false));
  }

  private static String sc0(BigInteger v) {
    return HexCodec.encode(BigIntegers.asUnsignedByteArray(32, v));
  }

  private static byte[] offCurve() {
    for (int x = 1; ; x++) {
      byte[] enc = BigIntegers.asUnsignedByteArray(33, BigInteger.valueOf(x));
      enc[0] = 0x02;
      try {
        P256.CURVE.decodePoint(enc);
      } catch (IllegalArgumentException notOnCurve) {
        return enc;
      }
    }
  }

  private static ObjectNode bad(String name, ChameleonPublicKey pk, byte[] ctx, byte[] msg,
      String c, String r, String s, boolean valid) {
    ObjectNode v = JSON.createObjectNode();
    v.put("name", name);
    v.put("Y", pk.toHex());
    v.put("ctx", hex(ctx));
    v.put("msg", hex(msg));
    v.put("C", c);
    v.put("R", r);
    v.put("s", s);
    v.put("valid", valid);
    return v;
  }
}
