package io.lethe.zk;

import java.time.Duration;

/**
 * How long the prover client waits. A proof may take minutes, so {@code Prove} has no overall
 * deadline; instead it fails when the sidecar sends nothing for {@code proveIdle} (the sidecar
 * repeats its latest progress every 10 s, also while a request is queued or keys are set up).
 *
 * @param call deadline of each unary call (sample, verify, key listing)
 * @param proveIdle longest silence tolerated on a {@code Prove} stream
 */
public record ProverDeadlines(Duration call, Duration proveIdle) {
  public static final ProverDeadlines DEFAULT = new ProverDeadlines(Duration.ofSeconds(60), Duration.ofSeconds(60));

  public ProverDeadlines {
    if (call.isNegative() || call.isZero() || proveIdle.isNegative() || proveIdle.isZero()) {
      throw new IllegalArgumentException("prover deadlines must be positive: " + call + ", " + proveIdle);
    }
  }
}
