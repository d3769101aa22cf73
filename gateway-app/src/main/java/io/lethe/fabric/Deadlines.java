package io.lethe.fabric;

import java.time.Duration;

/** Per-call deadlines of a gateway. Endorsement may involve several peers; commit waits for a block. */
public record Deadlines(Duration evaluate, Duration endorse, Duration submit, Duration commitStatus) {
  public static Deadlines standard() {
    return new Deadlines(Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofSeconds(15), Duration.ofMinutes(1));
  }

  /** For probes that should report a silent peer quickly. */
  public static Deadlines quick() {
    Duration five = Duration.ofSeconds(5);
    return new Deadlines(five, five, five, five);
  }
}
