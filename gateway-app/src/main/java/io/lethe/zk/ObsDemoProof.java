package io.lethe.zk;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.proto.Circuit;
import io.lethe.proto.ObsShape;
import io.lethe.proto.ProofResult;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The OBS demonstration proof of {@code lethe zk demo} and {@code lethe bench zk}: the sidecar
 * draws the instance of a shape and seed and proves it; the proof's public inputs are checked
 * against the Java zkDigest of the instance.
 *
 * @param sampling time to draw and transfer the instance
 * @param total sampling plus proving, as the client saw it
 */
public record ObsDemoProof(ObsSample sample, ProofResult proof, Duration sampling, Duration total) {

  public static ObsDemoProof run(ProverClient client, ObjectMapper json, ObsShape shape, long seed,
      ProverClient.Progress progress) throws IOException {
    long t0 = System.nanoTime();
    ObsSample sample = ObsSample.of(client.sampleObs(shape, seed), json);
    long t1 = System.nanoTime();
    ProofResult proof = client.prove(Circuit.CIRCUIT_OBS_UNLEARNING, sample.witness(), true, progress);
    long t2 = System.nanoTime();
    List<BigInteger> got = new ArrayList<>();
    for (var b : proof.getPublicInputsList()) {
      got.add(FieldBytes.fromBytes32(b.toByteArray()));
    }
    if (!got.equals(sample.publicInputs())) {
      throw new IllegalStateException("the proof's public inputs differ from the Java zkDigest of the instance");
    }
    return new ObsDemoProof(sample, proof, Duration.ofNanos(t1 - t0), Duration.ofNanos(t2 - t0));
  }

  public List<BigInteger> publicInputs() {
    return sample.publicInputs();
  }
}
