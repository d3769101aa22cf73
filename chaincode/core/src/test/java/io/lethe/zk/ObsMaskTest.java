package io.lethe.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Known answers from Go (chunks/testdata/obs-*-vectors.json), the mask's rules and its ledger text. */
class ObsMaskTest {
  static int[] ints(JsonNode a) {
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asInt();
    }
    return out;
  }

  @Test
  void chunkInputsAndEncodingMatchGoVectors() throws Exception {
    for (JsonNode c : ChunkBindTest.read("obs-mask-vectors.json").get("cases")) {
      ObsMask m = new ObsMask(c.get("weights").asLong(), ints(c.get("removed")), ints(c.get("frozen")));
      assertEquals(c.get("encoding").asText(), m.encode());
      assertEquals(m, ObsMask.parse(c.get("encoding").asText()));
      List<String> zeros = Collections.nCopies(2 * ObsMask.MASK_ELEMENTS, FieldBytes.toHex(BigInteger.ZERO));
      for (int i = 0; i < ZkDigest.chunkCount(m.weights()); i++) {
        JsonNode want = c.get("chunkInputs").get(Integer.toString(i));
        List<String> got = m.chunkInputs(i).stream().map(FieldBytes::toHex).toList();
        List<String> expected = new ArrayList<>();
        if (want == null) {
          expected.addAll(zeros);
        } else {
          want.forEach(x -> expected.add(x.asText()));
        }
        assertEquals(expected, got, m.encode() + " chunk " + i);
        boolean removedHere = false;
        for (int p : m.removed()) {
          removedHere |= p / ZkDigest.CHUNK_WEIGHTS == i;
        }
        assertEquals(removedHere, m.touches(i), "chunk " + i);
      }
    }
  }

  @Test
  void fisherDigestMatchesGoVectors() throws Exception {
    for (JsonNode c : ChunkBindTest.read("obs-fisher-vectors.json").get("cases")) {
      int blocks = c.get("blocks").asInt();
      long[] flat = ChunkBindTest.genRaw(blocks * FisherDigest.ENTRIES, c.get("seed").asLong());
      long[][] h = new long[blocks][FisherDigest.ENTRIES];
      for (int b = 0; b < blocks; b++) {
        System.arraycopy(flat, b * FisherDigest.ENTRIES, h[b], 0, FisherDigest.ENTRIES);
      }
      assertEquals(c.get("digest").asText(), FieldBytes.toHex(FisherDigest.of(h)), "blocks " + blocks);
    }
    assertEquals(FisherDigest.of(new long[0][]), FisherDigest.of(new long[FisherDigest.BLOCKS][FisherDigest.ENTRIES]));
    assertThrows(IllegalArgumentException.class, () -> FisherDigest.of(new long[][] {new long[3]}));
    assertThrows(IllegalArgumentException.class, () -> FisherDigest.of(new long[][] {fill(1L << 40)}));
    assertThrows(IllegalArgumentException.class, () -> FisherDigest.of(new long[][] {fill(-(1L << 40))}));
    assertThrows(IllegalArgumentException.class, () -> FisherDigest.of(new long[FisherDigest.BLOCKS + 1][FisherDigest.ENTRIES]));
  }

  private static long[] fill(long v) {
    long[] a = new long[FisherDigest.ENTRIES];
    a[7] = v;
    return a;
  }

  private static void refused(String fragment, Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void refusesMasksTheCircuitCannotProve() {
    int[] none = {};
    refused("more than 2 removed", () -> new ObsMask(100, new int[] {16, 20, 31}, none));
    refused("Fisher block 1 (weights 16..31)", () -> new ObsMask(100, new int[] {16, 20, 31}, none));
    new ObsMask(100, new int[] {15, 16, 20}, none); // blocks 0 and 1: allowed
    refused("sorted and distinct", () -> new ObsMask(100, new int[] {5, 3}, none));
    refused("sorted and distinct", () -> new ObsMask(100, none, new int[] {4, 4}));
    refused("outside 0..99", () -> new ObsMask(100, new int[] {100}, none));
    refused("outside 0..99", () -> new ObsMask(100, none, new int[] {-1}));
    refused("both removed and frozen", () -> new ObsMask(100, new int[] {7}, new int[] {7}));
    refused("weight count 0", () -> new ObsMask(0, none, none));
    refused("weight count", () -> new ObsMask(ObsMask.MAX_WEIGHTS + 1, none, none));
    refused("missing", () -> new ObsMask(10, null, none));
  }

  @Test
  void encodingRoundTripsAndIsCanonical() {
    ObsMask m = new ObsMask(300_000, new int[] {0, 1, 127, 128, 16_383, 16_384, 299_999}, new int[] {2, 200_000});
    assertEquals(m, ObsMask.parse(m.encode()));
    ObsMask empty = new ObsMask(5, new int[0], new int[0]);
    assertEquals("obs1.5..", empty.encode());
    assertFalse(empty.touches(0));
    assertEquals(empty, ObsMask.parse("obs1.5.."));
  }

  @Test
  void refusesMalformedText() {
    refused("no OBS mask", () -> ObsMask.parse(null));
    refused("must read obs1", () -> ObsMask.parse(""));
    refused("must read obs1", () -> ObsMask.parse("obs2.5.."));
    refused("must read obs1", () -> ObsMask.parse("obs1.5..."));
    refused("must read obs1", () -> ObsMask.parse("obs1.5."));
    refused("canonical decimal", () -> ObsMask.parse("obs1.05.."));
    refused("canonical decimal", () -> ObsMask.parse("obs1.+5.."));
    refused("canonical decimal", () -> ObsMask.parse("obs1.99999999999999999999.."));
    refused("weight count", () -> ObsMask.parse("obs1.0.."));
    refused("base64url", () -> ObsMask.parse("obs1.5.AA==."));
    refused("base64url", () -> ObsMask.parse("obs1.5.A+."));
    refused("base64url", () -> ObsMask.parse("obs1.5.A."));
    refused("ends inside a varint", () -> ObsMask.parse("obs1.500.gA."));
    refused("longer than 5 bytes", () -> ObsMask.parse("obs1.500.gICAgICA."));
    // overlong varint 0x80 0x00 = 0: the mask {0} has the single text AA
    refused("not canonical", () -> ObsMask.parse("obs1.5.gAA."));
    // base64 with non-zero trailing bits (AB decodes to the same byte as AA)
    refused("not canonical", () -> ObsMask.parse("obs1.5.AB."));
    // rules still apply to parsed masks: 3 removed in block 0 (gaps 0, 0, 0)
    refused("more than 2 removed", () -> ObsMask.parse("obs1.50.AAAA."));
    refused("outside 0..4", () -> ObsMask.parse("obs1.5.BQ."));
  }
}
