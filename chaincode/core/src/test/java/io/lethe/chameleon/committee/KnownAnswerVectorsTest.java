package io.lethe.chameleon.committee;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.chameleon.Challenge;
import io.lethe.chameleon.ChameleonHash;
import io.lethe.chameleon.ChameleonPublicKey;
import io.lethe.chameleon.HexCodec;
import io.lethe.chameleon.P256;
import io.lethe.chameleon.Randomness;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

/**
 * Checks {@code chameleon-vectors.json}: every intermediate is recomputed from the vector's
 * inputs with the formulas of DESIGN §4 written out here (not through the generator's code
 * path), and the checked-in file must be byte-identical to what the seeded generator produces.
 */
class KnownAnswerVectorsTest {
  static final String RESOURCE = "/io/lethe/chameleon/chameleon-vectors.json";

  private static JsonNode load() throws Exception {
    try (InputStream in = KnownAnswerVectorsTest.class.getResourceAsStream(RESOURCE)) {
      return new ObjectMapper().readTree(in);
    }
  }

  private static byte[] b(JsonNode v, String field) {
    return HexCodec.decode(v.get(field).asText(), field);
  }

  private static BigInteger sc(JsonNode v, String field) {
    return new BigInteger(1, b(v, field));
  }

  private static String hex(byte[] x) {
    return HexCodec.encode(x);
  }

  private static String pt(ECPoint p) {
    return hex(P256.encodePoint(p));
  }

  private static String sc(BigInteger k) {
    return hex(P256.encodeScalar(k.mod(P256.N)));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] i2osp32(int i) {
    byte[] out = new byte[32];
    out[28] = (byte) (i >>> 24);
    out[29] = (byte) (i >>> 16);
    out[30] = (byte) (i >>> 8);
    out[31] = (byte) i;
    return out;
  }

  /** e = H(ctx ‖ SEC1c(Y) ‖ SEC1c(R) ‖ SHA-256(m)). */
  private static byte[] challengeInput(byte[] ctx, String yHex, String rHex, byte[] msg) {
    return concat(ctx, HexCodec.decode(yHex, "Y"), HexCodec.decode(rHex, "R"), Challenge.sha256(msg));
  }

  @Test
  void checkedInFileIsWhatTheSeededGeneratorProduces() throws Exception {
    String generated = VectorGenerator.generate();
    if (Boolean.getBoolean("lethe.vectors.write")) {
      Path out = Path.of("src/test/resources" + RESOURCE);
      Files.writeString(out, generated);
    }
    String checkedIn;
    try (InputStream in = getClass().getResourceAsStream(RESOURCE)) {
      checkedIn = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(checkedIn, generated);
  }

  @Test
  void hashVectors() throws Exception {
    JsonNode doc = load();
    assertEquals(Challenge.DST, doc.get("dst").asText());
    int n = 0;
    for (JsonNode v : doc.get("hash")) {
      BigInteger x = sc(v, "x");
      assertEquals(v.get("Y").asText(), pt(P256.mulG(x)));
      byte[] ctx = b(v, "ctx");
      byte[] msg = b(v, "msg");
      assertEquals(v.get("msgHash").asText(), hex(Challenge.sha256(msg)));
      ECPoint r = P256.mulG(sc(v, "r"));
      assertEquals(v.get("R").asText(), pt(r));
      byte[] input = challengeInput(ctx, v.get("Y").asText(), v.get("R").asText(), msg);
      assertEquals(v.get("challengeInput").asText(), hex(input));
      BigInteger e = Challenge.hashToScalar(input);
      assertEquals(v.get("e").asText(), sc(e));
      ECPoint y = P256.mulG(x);
      ECPoint c = r.subtract(y.multiply(e).add(P256.mulG(sc(v, "s")))).normalize();
      assertEquals(v.get("C").asText(), pt(c), v.get("name").asText());
      ChameleonPublicKey pk = ChameleonPublicKey.fromHex(v.get("Y").asText());
      Randomness rs = Randomness.fromHex(v.get("R").asText(), v.get("s").asText());
      assertTrue(ChameleonHash.verify(pk, ctx, msg, b(v, "C"), rs).valid());
      n++;
    }
    assertEquals(5, n);
  }

  @Test
  void adaptChainVectors() throws Exception {
    for (JsonNode v : load().get("adapt")) {
      BigInteger x = sc(v, "x");
      ChameleonPublicKey pk = ChameleonPublicKey.fromHex(v.get("Y").asText());
      assertEquals(pk.point(), P256.mulG(x));
      byte[] ctx = b(v, "ctx");
      byte[] cBytes = b(v, "C");
      ECPoint c = P256.decodePoint(cBytes, "C");
      assertTrue(ChameleonHash.verify(pk, ctx, b(v, "msg"), cBytes, Randomness.fromHex(v.get("R").asText(), v.get("s").asText())).valid());
      int steps = 0;
      for (JsonNode step : v.get("steps")) {
        BigInteger k = sc(step, "k");
        ECPoint rPrime = c.add(P256.mulG(k)).normalize();
        assertEquals(step.get("R").asText(), pt(rPrime));
        byte[] m = b(step, "newMsg");
        byte[] input = challengeInput(ctx, v.get("Y").asText(), step.get("R").asText(), m);
        assertEquals(step.get("challengeInput").asText(), hex(input));
        BigInteger e = Challenge.hashToScalar(input);
        assertEquals(step.get("e").asText(), sc(e));
        assertEquals(step.get("s").asText(), sc(k.subtract(e.multiply(x))));
        assertTrue(ChameleonHash.verify(pk, ctx, m, cBytes, Randomness.fromHex(step.get("R").asText(), step.get("s").asText())).valid());
        steps++;
      }
      assertEquals(3, steps);
    }
  }

  @Test
  void committeeVectors() throws Exception {
    int count = 0;
    for (JsonNode v : load().get("committee")) {
      String name = v.get("name").asText();
      int t = v.get("threshold").asInt();
      int n = v.get("members").asInt();
      List<BigInteger> poly = new ArrayList<>();
      v.get("polynomial").forEach(a -> poly.add(new BigInteger(1, HexCodec.decode(a.asText(), "a"))));
      assertEquals(t, poly.size());
      for (int j = 0; j < t; j++) {
        assertEquals(v.get("commitments").get(j).asText(), pt(P256.mulG(poly.get(j))));
      }
      ECPoint y = P256.mulG(poly.get(0));
      assertEquals(v.get("Y").asText(), pt(y));
      for (int i = 1; i <= n; i++) {
        BigInteger xi = BigInteger.ZERO;
        for (int j = t - 1; j >= 0; j--) {
          xi = xi.multiply(BigInteger.valueOf(i)).add(poly.get(j)).mod(P256.N);
        }
        JsonNode sj = v.get("shares").get(Integer.toString(i));
        assertEquals(sj.get("x").asText(), sc(xi));
        assertEquals(sj.get("Y").asText(), pt(P256.mulG(xi)));
      }
      byte[] ctx = b(v, "ctx");
      byte[] cBytes = b(v, "C");
      ECPoint c = P256.decodePoint(cBytes, "C");
      ChameleonPublicKey pk = ChameleonPublicKey.fromHex(v.get("Y").asText());
      assertTrue(ChameleonHash.verify(pk, ctx, b(v, "msg"), cBytes, Randomness.fromHex(v.get("R").asText(), v.get("s").asText())).valid());
      byte[] newMsg = b(v, "newMsg");
      assertEquals(v.get("newMsgHash").asText(), hex(Challenge.sha256(newMsg)));
      List<Integer> signers = new ArrayList<>();
      v.get("signers").forEach(s -> signers.add(s.asInt()));

      ByteArrayOutputStream list = new ByteArrayOutputStream();
      for (int i : signers) {
        JsonNode nj = v.get("nonces").get(Integer.toString(i));
        assertEquals(nj.get("D").asText(), pt(P256.mulG(sc(nj, "d"))));
        assertEquals(nj.get("E").asText(), pt(P256.mulG(sc(nj, "e"))));
        list.writeBytes(concat(i2osp32(i), b(nj, "D"), b(nj, "E")));
      }
      byte[] bList = list.toByteArray();
      assertEquals(v.get("commitmentList").asText(), hex(bList));
      assertEquals(v.get("commitmentListHash").asText(), hex(Challenge.sha256(bList)));

      ECPoint k = P256.CURVE.getInfinity();
      BigInteger sSum = BigInteger.ZERO;
      for (int i : signers) {
        byte[] rhoInput = concat(P256.encodePoint(y), ctx, cBytes, Challenge.sha256(newMsg), Challenge.sha256(bList), i2osp32(i));
        assertEquals(v.get("bindingFactorInputs").get(Integer.toString(i)).asText(), hex(rhoInput));
        BigInteger rho = Challenge.hashToScalar(rhoInput);
        assertEquals(v.get("bindingFactors").get(Integer.toString(i)).asText(), sc(rho));
        BigInteger num = BigInteger.ONE;
        BigInteger den = BigInteger.ONE;
        for (int j : signers) {
          if (j != i) {
            num = num.multiply(BigInteger.valueOf(j));
            den = den.multiply(BigInteger.valueOf(j - i));
          }
        }
        BigInteger lambda = num.mod(P256.N).multiply(den.mod(P256.N).modInverse(P256.N)).mod(P256.N);
        assertEquals(v.get("lagrange").get(Integer.toString(i)).asText(), sc(lambda));
        JsonNode nj = v.get("nonces").get(Integer.toString(i));
        k = k.add(P256.decodePoint(b(nj, "D"), "D")).add(P256.decodePoint(b(nj, "E"), "E").multiply(rho));
      }
      k = k.normalize();
      assertEquals(v.get("K").asText(), pt(k));
      ECPoint rPrime = c.add(k).normalize();
      assertEquals(v.get("newR").asText(), pt(rPrime));
      byte[] input = challengeInput(ctx, v.get("Y").asText(), v.get("newR").asText(), newMsg);
      assertEquals(v.get("challengeInput").asText(), hex(input));
      BigInteger e = Challenge.hashToScalar(input);
      assertEquals(v.get("e").asText(), sc(e));
      for (int i : signers) {
        JsonNode nj = v.get("nonces").get(Integer.toString(i));
        BigInteger rho = new BigInteger(1, HexCodec.decode(v.get("bindingFactors").get(Integer.toString(i)).asText(), "rho"));
        BigInteger lambda = new BigInteger(1, HexCodec.decode(v.get("lagrange").get(Integer.toString(i)).asText(), "lambda"));
        BigInteger xi = new BigInteger(1, HexCodec.decode(v.get("shares").get(Integer.toString(i)).get("x").asText(), "x"));
        BigInteger z = sc(nj, "d").add(rho.multiply(sc(nj, "e"))).subtract(lambda.multiply(xi).multiply(e)).mod(P256.N);
        assertEquals(v.get("z").get(Integer.toString(i)).asText(), sc(z), name + " z_" + i);
        // the aggregator's share check holds for the recorded values
        ECPoint yi = P256.decodePoint(HexCodec.decode(v.get("shares").get(Integer.toString(i)).get("Y").asText(), "Y_i"), "Y_i");
        ECPoint rhs = P256.decodePoint(b(nj, "D"), "D").add(P256.decodePoint(b(nj, "E"), "E").multiply(rho))
            .subtract(yi.multiply(lambda.multiply(e).mod(P256.N))).normalize();
        assertEquals(P256.mulG(z), rhs);
        sSum = sSum.add(z);
      }
      assertEquals(v.get("newS").asText(), sc(sSum));
      Randomness out = Randomness.fromHex(v.get("newR").asText(), v.get("newS").asText());
      assertTrue(ChameleonHash.verify(pk, ctx, newMsg, cBytes, out).valid(), name);
      count++;
    }
    assertEquals(4, count);
  }

  @Test
  void invalidVectors() throws Exception {
    int count = 0;
    for (JsonNode v : load().get("invalid")) {
      ChameleonHash.Verification result =
          ChameleonHash.verify(
              ChameleonPublicKey.fromHex(v.get("Y").asText()),
              b(v, "ctx"),
              b(v, "msg"),
              b(v, "C"),
              Randomness.fromHex(v.get("R").asText(), v.get("s").asText()));
      assertEquals(v.get("valid").asBoolean(), result.valid(), v.get("name").asText() + ": " + result.reason());
      count++;
    }
    assertEquals(13, count);
  }
}
