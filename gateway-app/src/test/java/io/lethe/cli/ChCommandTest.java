package io.lethe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.chameleon.ChameleonHash;
import io.lethe.chameleon.ChameleonPublicKey;
import io.lethe.chameleon.HexCodec;
import io.lethe.chameleon.P256;
import io.lethe.chameleon.Randomness;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private record Run(int exit, String out, String err) {
    JsonNode json() throws Exception {
      return JSON.readTree(out);
    }
  }

  private static Run lethe(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = Lethe.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void keygenHashVerifyAdaptRoundTrip() throws Exception {
    Path keys = dir.resolve("keys");
    Run kg = lethe("ch", "keygen", "--members", "5", "--threshold", "3", "--out", keys.toString());
    assertEquals(0, kg.exit(), kg.err());
    JsonNode pub = JSON.readTree(keys.resolve("public.json").toFile());
    assertEquals(kg.json().get("Y").asText(), pub.get("Y").asText());
    assertEquals(3, pub.get("threshold").asInt());
    assertEquals(5, pub.get("members").asInt());
    for (int i = 1; i <= 5; i++) {
      assertTrue(Files.exists(keys.resolve("share-" + i + ".json")));
      assertEquals(66, pub.get("memberKeys").get(Integer.toString(i)).asText().length());
    }
    String pk = keys.resolve("public.json").toString();
    String ctx = "000000086c657468652e7478";
    Run h = lethe("ch", "hash", "--pk", pk, "--ctx-hex", ctx, "--msg-hex", "01020304");
    assertEquals(0, h.exit(), h.err());
    JsonNode hj = h.json();
    assertEquals(66, hj.get("C").asText().length());
    assertEquals(66, hj.get("R").asText().length());
    assertEquals(64, hj.get("s").asText().length());
    // independent of the CLI: the library's verifier accepts the printed opening
    ChameleonPublicKey y = ChameleonPublicKey.fromHex(pub.get("Y").asText());
    assertTrue(ChameleonHash.verify(y, HexCodec.decode(ctx, "ctx"), new byte[] {1, 2, 3, 4},
        HexCodec.decode(hj.get("C").asText(), "C"), Randomness.fromHex(hj.get("R").asText(), hj.get("s").asText())).valid());

    Run ok = lethe("ch", "verify", "--pk", pk, "--ctx-hex", ctx, "--msg-hex", "01020304",
        "--C", hj.get("C").asText(), "--R", hj.get("R").asText(), "--s", hj.get("s").asText());
    assertEquals(0, ok.exit());
    assertTrue(ok.json().get("valid").asBoolean(), ok.out());

    String shares = keys.resolve("share-2.json") + "," + keys.resolve("share-4.json") + "," + keys.resolve("share-5.json");
    Run ad = lethe("ch", "adapt", "--pk", pk, "--shares", shares, "--ctx-hex", ctx,
        "--C", hj.get("C").asText(), "--msg-hex", "cafe");
    assertEquals(0, ad.exit(), ad.err());
    JsonNode aj = ad.json();
    assertEquals(List.of(2, 4, 5), JSON.convertValue(aj.get("signers"), List.class));
    Run ok2 = lethe("ch", "verify", "--pk", pk, "--ctx-hex", ctx, "--msg-hex", "cafe",
        "--C", hj.get("C").asText(), "--R", aj.get("R").asText(), "--s", aj.get("s").asText());
    assertTrue(ok2.json().get("valid").asBoolean(), ok2.out());
    // the old opening no longer matches the new message, the new one not the old message
    Run stale = lethe("ch", "verify", "--pk", pk, "--ctx-hex", ctx, "--msg-hex", "01020304",
        "--C", hj.get("C").asText(), "--R", aj.get("R").asText(), "--s", aj.get("s").asText());
    assertFalse(stale.json().get("valid").asBoolean());
    // the key may also be given inline as hex
    Run inline = lethe("ch", "verify", "--pk", pub.get("Y").asText(), "--ctx-hex", ctx, "--msg-hex", "cafe",
        "--C", hj.get("C").asText(), "--R", aj.get("R").asText(), "--s", aj.get("s").asText());
    assertTrue(inline.json().get("valid").asBoolean(), inline.out());

    Run few = lethe("ch", "adapt", "--pk", pk, "--shares", keys.resolve("share-1.json") + "," + keys.resolve("share-2.json"),
        "--ctx-hex", ctx, "--C", hj.get("C").asText(), "--msg-hex", "cafe");
    assertEquals(2, few.exit());
    assertTrue(few.err().contains("at least 3"), few.err());
    assertEquals("", few.out());

    Run dup = lethe("ch", "adapt", "--pk", pk, "--shares",
        keys.resolve("share-1.json") + "," + keys.resolve("share-1.json") + "," + keys.resolve("share-2.json"),
        "--ctx-hex", ctx, "--C", hj.get("C").asText(), "--msg-hex", "cafe");
    assertEquals(2, dup.exit());
  }

  @Test
  void verifyReportsMalformedInputAsInvalidWithExitZero() throws Exception {
    Path keys = dir.resolve("k");
    assertEquals(0, lethe("ch", "keygen", "--members", "3", "--threshold", "2", "--out", keys.toString()).exit());
    String pk = keys.resolve("public.json").toString();
    Run h = lethe("ch", "hash", "--pk", pk, "--ctx-hex", "", "--msg-hex", "00");
    JsonNode hj = h.json();
    String c = hj.get("C").asText();
    String r = hj.get("R").asText();
    String s = hj.get("s").asText();
    String nMinusOne = HexCodec.encode(P256.encodeScalar(P256.N.subtract(java.math.BigInteger.ONE)));
    String[][] bad = {
      {c, r, HexCodec.encode(org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, P256.N))}, // s = n
      {c, r, "00" + s}, // 33-byte s
      {c, "00", s}, // identity R
      {c, r.substring(2).replaceFirst("^", "04"), s}, // bad prefix
      {c, r, "zz"}, // not hex
      {"02" + "00".repeat(32), r, s}, // C off curve / wrong
      {c, r, nMinusOne}, // well-formed but wrong s
    };
    for (String[] b : bad) {
      Run v = lethe("ch", "verify", "--pk", pk, "--ctx-hex", "", "--msg-hex", "00", "--C", b[0], "--R", b[1], "--s", b[2]);
      assertEquals(0, v.exit(), v.err());
      assertFalse(v.json().get("valid").asBoolean(), v.out());
      assertFalse(v.json().get("reason").asText().isEmpty());
    }
    Run wrongCtx = lethe("ch", "verify", "--pk", pk, "--ctx-hex", "01", "--msg-hex", "00", "--C", c, "--R", r, "--s", s);
    assertFalse(wrongCtx.json().get("valid").asBoolean());
    Run badKey = lethe("ch", "verify", "--pk", "02" + "00".repeat(32), "--ctx-hex", "", "--msg-hex", "00", "--C", c, "--R", r, "--s", s);
    assertEquals(0, badKey.exit());
    assertFalse(badKey.json().get("valid").asBoolean());
  }

  @Test
  void keygenByDkgProducesWorkingKeys() throws Exception {
    Path keys = dir.resolve("dkg");
    Run kg = lethe("ch", "keygen", "--members", "3", "--threshold", "2", "--out", keys.toString(), "--dkg");
    assertEquals(0, kg.exit(), kg.err());
    assertEquals("dkg", kg.json().get("method").asText());
    String pk = keys.resolve("public.json").toString();
    JsonNode hj = lethe("ch", "hash", "--pk", pk, "--ctx-hex", "aa", "--msg-hex", "bb").json();
    Run ad = lethe("ch", "adapt", "--pk", pk, "--shares", keys.resolve("share-1.json") + "," + keys.resolve("share-3.json"),
        "--ctx-hex", "aa", "--C", hj.get("C").asText(), "--msg-hex", "cc");
    assertEquals(0, ad.exit(), ad.err());
    Run v = lethe("ch", "verify", "--pk", pk, "--ctx-hex", "aa", "--msg-hex", "cc",
        "--C", hj.get("C").asText(), "--R", ad.json().get("R").asText(), "--s", ad.json().get("s").asText());
    assertTrue(v.json().get("valid").asBoolean(), v.out());
  }

  @Test
  void keygenRefusesBadShapesAndOverwrites() {
    Path keys = dir.resolve("k2");
    assertEquals(2, lethe("ch", "keygen", "--members", "3", "--threshold", "4", "--out", keys.toString()).exit());
    assertEquals(2, lethe("ch", "keygen", "--members", "0", "--threshold", "0", "--out", keys.toString()).exit());
    assertEquals(0, lethe("ch", "keygen", "--members", "3", "--threshold", "3", "--out", keys.toString()).exit());
    Run again = lethe("ch", "keygen", "--members", "3", "--threshold", "3", "--out", keys.toString());
    assertEquals(2, again.exit());
    assertTrue(again.err().contains("--force"));
  }

  @Test
  void missingKeyFileIsAUserError() {
    Run r = lethe("ch", "hash", "--pk", dir.resolve("nope.json").toString(), "--ctx-hex", "", "--msg-hex", "");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("no such file"), r.err());
  }

  @Test
  void benchRunsAndReportsRatios() throws Exception {
    Run b = lethe("bench", "ch", "--iterations", "2", "--rounds", "1", "--warmup", "0", "--committee-iterations", "3",
        "--committee-batch", "2", "--committee-batch-runs", "1", "--json");
    assertEquals(0, b.exit(), b.err());
    JsonNode committee = b.json().get("committee");
    assertEquals("2-of-3", committee.get("committee").asText());
    for (String k : List.of("grpcPerCollisionMs", "inProcessPerCollisionMs")) {
      assertEquals(3, committee.get(k).get("samples").asInt(), k);
      assertTrue(committee.get(k).get("p99").asDouble() >= committee.get(k).get("p50").asDouble() && committee.get(k).get("p50").asDouble() > 0, k);
    }
    assertEquals(4, committee.get("batchTargets").asInt()); // one transaction and one header per model
    assertEquals(1, committee.get("grpcBatchMs").get("samples").asInt());
    assertEquals(1, committee.get("inProcessBatchMs").get("samples").asInt());
    JsonNode rows = b.json().get("results");
    assertEquals(8, rows.size());
    for (JsonNode row : rows) {
      assertTrue(row.get("usPerOp").asDouble() > 0);
      assertTrue(row.get("opsPerSec").asDouble() > 0);
    }
    assertEquals("kr.adapt", rows.get(7).get("baseline").asText());
    assertTrue(rows.get(7).get("ratioVsBaseline").asDouble() > 0);
  }

  @Test
  void benchWithoutTheCommitteePart() throws Exception {
    Run b = lethe("bench", "ch", "--iterations", "1", "--rounds", "1", "--warmup", "0", "--committee-iterations", "0", "--json");
    assertEquals(0, b.exit(), b.err());
    assertTrue(b.json().path("committee").isMissingNode());
    Run bad = lethe("bench", "ch", "--committee-batch", "0");
    assertEquals(2, bad.exit());
  }
}
