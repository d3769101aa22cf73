package io.lethe.ledger.client;

import io.lethe.store.UnixFsCid;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Synthetic model identifiers for seeding and benchmarks: the real IPFS CIDv1 of a small
 * synthetic file derived from a label, and a 32-byte digest. They name no stored weights; real
 * runs publish the CIDs and zkDigests of real models.
 */
public final class SyntheticModels {
  private SyntheticModels() {}

  public static byte[] digest(String label) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(("lethe.synthetic:" + label).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String uri(String label) {
    return UnixFsCid.of(("lethe.synthetic:uri:" + label).getBytes(StandardCharsets.UTF_8));
  }
}
