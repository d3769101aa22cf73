package io.lethe.ledger.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * Synthetic model identifiers for seeding and benchmarks: a URI shaped like a CIDv1 (base32
 * "bafkrei…" of a SHA-256) and a 32-byte digest, both derived from a label. They name no
 * stored weights; real runs publish the CIDs and zkDigests of real models.
 */
public final class SyntheticModels {
  private static final char[] B32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  private SyntheticModels() {}

  public static byte[] digest(String label) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(("lethe.synthetic:" + label).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String uri(String label) {
    byte[] d = digest("uri:" + label);
    // CIDv1 raw + sha2-256 multihash prefix, base32 lower, like `ipfs add --cid-version=1 --raw-leaves`.
    byte[] cid = new byte[4 + d.length];
    cid[0] = 0x01;
    cid[1] = 0x55;
    cid[2] = 0x12;
    cid[3] = 0x20;
    System.arraycopy(d, 0, cid, 4, d.length);
    return "b" + base32(cid).toLowerCase(Locale.ROOT);
  }

  private static String base32(byte[] data) {
    StringBuilder sb = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        sb.append(B32[(buffer >> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      sb.append(B32[(buffer << (5 - bits)) & 31]);
    }
    return sb.toString();
  }
}
