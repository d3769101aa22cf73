package io.lethe.scenario;

import io.lethe.store.UnixFsCid;
import io.lethe.fabric.ModelToPublish;
import io.lethe.ledger.LedgerRequests.NewPayload;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Synthetic model identifiers for seeding and benchmarks: the real IPFS CIDv1 of a small
 * synthetic file derived from a label, and a 32-byte digest that is a valid scalar. They name no stored weights; real
 * runs publish the CIDs and zkDigests of real models.
 */
public final class SyntheticModels {
  private SyntheticModels() {}

  /** SHA-256 of the label with its top two bits cleared, so it is a BLS12-381 scalar as every zkDigest is. */
  public static byte[] digest(String label) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(("lethe.synthetic:" + label).getBytes(StandardCharsets.UTF_8));
      d[0] &= 0x3f;
      return d;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String uri(String label) {
    return UnixFsCid.of(("lethe.synthetic:uri:" + label).getBytes(StandardCharsets.UTF_8));
  }

  /** A synthetic model to publish under {@code id}. */
  public static ModelToPublish model(String id, List<String> refs) {
    return new ModelToPublish(id, uri(id), digest(id), refs);
  }

  /** Synthetic new payloads for {@code ids}, derived from each id and {@code tag}. */
  public static Map<String, NewPayload> rewrites(List<String> ids, String tag) {
    Map<String, NewPayload> out = new LinkedHashMap<>();
    for (String id : ids) {
      out.put(id, new NewPayload(uri(id + "@" + tag), digest(id + "@" + tag)));
    }
    return out;
  }
}
