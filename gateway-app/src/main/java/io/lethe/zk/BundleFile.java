package io.lethe.zk;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.ledger.Inputs.ProofBundle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code bundle.json} of a {@code lethe zk demo} directory: the statement the bundle claims (what
 * a verifier takes from the ledger: request, model, version, kind, cascade coefficients) and the
 * {@link ProofBundle} itself, in the form the chaincode receives it (chunk subroots of the old
 * and new model, one base64 gnark proof per proven chunk). The directory also holds
 * {@code vk.bin}, {@code old.lethe}, {@code new.lethe} and, for a cascade, the starting model's
 * {@code start-old.lethe} and {@code start-new.lethe} (whose difference is the Δ the step passes).
 *
 * @param statement what the proofs are bound to
 * @param keySetup {@code ceremony} or {@code insecure-dev-setup}
 * @param vkSha256 SHA-256 of {@code vk.bin} (what governance registers)
 * @param bundle the proofs
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BundleFile(Statement statement, String keySetup, String vkSha256, ProofBundle bundle) {
  public static final String NAME = "bundle.json";
  public static final String VK = "vk.bin";
  public static final String OLD_MODEL = "old.lethe";
  public static final String NEW_MODEL = "new.lethe";
  public static final String START_OLD = "start-old.lethe";
  public static final String START_NEW = "start-new.lethe";

  /**
   * The statement: {@code bind = ChunkBind(channel, requestId, modelId, version)}; for a cascade
   * {@code k} lists the fixed-point coefficient α·Σ_paths ∏ 1/N_j of each starting model (the
   * chaincode computes them from its own DAG; the demo records them); for {@code obs}
   * {@code mask} is the request's {@link ObsMask} in its ledger text (the chaincode reads it
   * from the request; the proofs carry their Fisher digests).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Statement(String kind, String channel, String requestId, String modelId, long version, List<Long> k,
      String mask) {
    /** A statement without a mask (delta, cascade). */
    public Statement(String kind, String channel, String requestId, String modelId, long version, List<Long> k) {
      this(kind, channel, requestId, modelId, version, k, null);
    }
  }

  public void write(Path dir, ObjectMapper json) throws IOException {
    json.writeValue(dir.resolve(NAME).toFile(), this);
  }

  public static BundleFile read(Path dir, ObjectMapper json) throws IOException {
    return json.readValue(dir.resolve(NAME).toFile(), BundleFile.class);
  }
}
