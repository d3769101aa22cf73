package io.lethe.bench.zkml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A backend's child process: its JSON read, and each way it can fail turned into a reason. */
class ChunkBenchProcessTest {
  private static final ChunkBenchProcess.Labels L = new ChunkBenchProcess.Labels("fake", "cascade", "fake-tool",
      "rows", "universal");

  private static ChunkMeasurement sh(String script, Duration timeout) {
    return ChunkBenchProcess.run(List.of("sh", "-c", script), L, timeout);
  }

  @Test
  void readsTheJsonLineAfterOtherOutput() {
    ChunkMeasurement m = sh("echo progress >&2; echo 'a banner'; echo '{\"constraints\":131072,\"setupMs\":5,\"setupCpuMs\":4,"
        + "\"proveMsEach\":[7,9],\"proveCpuMsEach\":[3,5],\"peakRssMiB\":12,\"proofBytes\":3840,\"verifyMs\":1.5,"
        + "\"version\":\"23.0.5\",\"srsPoints\":262144,\"maxUlpDiff\":1,\"scale\":16}'", Duration.ofSeconds(20));
    assertTrue(m.available(), m.reason());
    assertEquals(List.of(7L, 9L), m.proveMillisEach());
    assertEquals(4.0, m.meanProveCpuMillis());
    assertEquals("fake-tool 23.0.5", m.tool());
    assertEquals("SRS 2^18 points; max |w′ − ours| = 1 × 2^-16", m.note());
  }

  @Test
  void aFailingToolGivesItsExitAndLastWords() {
    ChunkMeasurement m = sh("echo 'NotEnoughRowsAvailable' >&2; exit 3", Duration.ofSeconds(20));
    assertFalse(m.available());
    assertEquals("exit 3: NotEnoughRowsAvailable", m.reason());
  }

  @Test
  void aToolPastItsTimeoutIsStoppedAndSaysSo() {
    long t = System.nanoTime();
    ChunkMeasurement m = sh("sleep 30", Duration.ofSeconds(1));
    assertTrue((System.nanoTime() - t) / 1e9 < 15);
    assertFalse(m.available());
    assertEquals("did not finish within 1 s (setup and first proof)", m.reason());
  }

  @Test
  void noJsonOrAMissingToolIsAReason() {
    ChunkMeasurement m = sh("echo not json", Duration.ofSeconds(20));
    assertFalse(m.available());
    assertTrue(m.reason().startsWith("unreadable result"), m.reason());
    ChunkMeasurement none = ChunkBenchProcess.run(List.of("/nonexistent/tool"), L, Duration.ofSeconds(5));
    assertFalse(none.available());
    assertTrue(none.reason().startsWith("cannot start /nonexistent/tool"), none.reason());
  }
}
