package io.lethe.zk;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.proto.SampleObsInstanceResponse;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;

/**
 * A random OBS unlearning instance drawn by the sidecar (its generator is the only one): the
 * witness to send back for proving, and the Java zkDigest of its public part, which the proof's
 * public inputs must equal (Java and Go agree bit for bit).
 *
 * @param publicInputs zkDigest(W), zkDigest(W'), zkDigest(M), the circuit's order
 */
public record ObsSample(String keyId, byte[] witness, List<BigInteger> publicInputs) {
  public static final List<String> PUBLIC_INPUT_NAMES = List.of("zkDigest(W)", "zkDigest(W')", "zkDigest(M)");

  /** Reads the sidecar's answer (prover-native circuits.ObsInstance JSON, W' included). */
  public static ObsSample of(SampleObsInstanceResponse response, ObjectMapper json) throws IOException {
    byte[] witness = response.getWitness().toByteArray();
    Witness w = json.readValue(witness, Witness.class);
    if (w.w() == null || w.mask() == null || w.wNew() == null) {
      throw new IOException("sampled OBS instance lacks w, mask or w_new");
    }
    return new ObsSample(response.getKeyId(), witness,
        List.of(ZkDigest.digest(w.w()), ZkDigest.digest(w.wNew()), ZkDigest.digest(w.mask())));
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Witness(long[] w, long[] mask, @JsonProperty("w_new") long[] wNew) {}
}
