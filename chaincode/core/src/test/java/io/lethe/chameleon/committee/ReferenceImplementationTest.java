package io.lethe.chameleon.committee;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Cross-checks the vectors against src/test/python/lethe_ch_reference.py, an independent
 * standard-library Python implementation of DESIGN §4 (skipped when python3 is absent).
 */
class ReferenceImplementationTest {
  @Test
  void independentPythonImplementationAgreesWithEveryIntermediate() throws Exception {
    Path script = Path.of("src/test/python/lethe_ch_reference.py");
    Path vectors = Path.of("src/test/resources/io/lethe/chameleon/chameleon-vectors.json");
    assumeTrue(Files.exists(script) && pythonAvailable(), "python3 not available");
    Process p = new ProcessBuilder("python3", script.toString(), "vectors", vectors.toString())
        .redirectErrorStream(true)
        .start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "reference implementation timed out");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.startsWith("ok:"), out);
  }

  private static boolean pythonAvailable() {
    try {
      Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
