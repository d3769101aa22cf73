package io.lethe.bench.zkml;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.json.JsonText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one backend's chunk benchmark as a child process: its stderr is passed on as progress
 * (prefixed) and its last lines kept for the reason of a failure; its stdout is one JSON object
 * with the keys of {@code lethe-prover bench --chunk ... --json}. A child that fails, times out or
 * prints no JSON gives an unavailable measurement saying so.
 */
final class ChunkBenchProcess {
  private ChunkBenchProcess() {}

  /** How a backend's JSON maps onto a measurement (what the JSON does not carry). */
  record Labels(String backend, String statement, String tool, String sizeUnit, String setupKind) {}

  static ChunkMeasurement run(List<String> command, Labels l, Duration timeout) {
    Process p;
    try {
      p = new ProcessBuilder(command).start();
    } catch (IOException e) {
      return ChunkMeasurement.unavailable(l.backend(), l.statement(), "cannot start " + command.get(0) + ": " + e.getMessage());
    }
    Deque<String> tail = new ArrayDeque<>();
    Thread err = daemon(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          System.err.println("[" + l.backend() + " " + l.statement() + "] " + line);
          synchronized (tail) {
            tail.addLast(line);
            if (tail.size() > 5) {
              tail.removeFirst();
            }
          }
        }
      } catch (IOException ignored) {
        // the child is gone; what was read is kept
      }
    });
    StringBuilder out = new StringBuilder();
    Thread reader = daemon(() -> {
      try {
        out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException ignored) {
        // reported below as "no JSON"
      }
    });
    try {
      if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor();
        return ChunkMeasurement.unavailable(l.backend(), l.statement(),
            "did not finish within " + minutes(timeout) + " (setup and first proof)");
      }
      reader.join();
      err.join(1000);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return ChunkMeasurement.unavailable(l.backend(), l.statement(), "interrupted");
    }
    String last;
    synchronized (tail) {
      last = String.join(" / ", tail);
    }
    if (p.exitValue() != 0) {
      return ChunkMeasurement.unavailable(l.backend(), l.statement(), "exit " + p.exitValue() + (last.isEmpty() ? "" : ": " + last));
    }
    try {
      return parse(out.toString(), l);
    } catch (IOException | RuntimeException e) {
      return ChunkMeasurement.unavailable(l.backend(), l.statement(), "unreadable result (" + e.getMessage() + ")");
    }
  }

  static ChunkMeasurement parse(String json, Labels l) throws IOException {
    String text = json.strip();
    int start = text.lastIndexOf("\n{"); // tools may print lines before their JSON
    JsonNode j = JsonText.COMPACT.readTree(start < 0 ? text : text.substring(start + 1));
    List<Long> wall = longs(j.get("proveMsEach"));
    List<Long> cpu = longs(j.get("proveCpuMsEach"));
    String note = "";
    if (j.has("srsPoints")) {
      note = "SRS 2^" + (63 - Long.numberOfLeadingZeros(Math.max(1, j.get("srsPoints").asLong() - 1)) + 1) + " points";
    }
    if (j.has("maxUlpDiff")) {
      note += (note.isEmpty() ? "" : "; ") + "max |w′ − ours| = " + j.get("maxUlpDiff").asLong() + " × 2^-" + j.path("scale").asInt();
    }
    String tool = l.tool() + (j.has("version") ? " " + j.get("version").asText() : "");
    return new ChunkMeasurement(l.backend(), l.statement(), true, "", tool, j.get("constraints").asLong(), l.sizeUnit(),
        l.setupKind(), j.get("setupMs").asLong(), j.get("setupCpuMs").asLong(), wall, cpu, j.get("peakRssMiB").asLong(),
        j.get("proofBytes").asLong(), j.path("verifyMs").asDouble(Double.NaN), note);
  }

  private static List<Long> longs(JsonNode a) throws IOException {
    if (a == null || !a.isArray()) {
      throw new IOException("no per-chunk prove times");
    }
    List<Long> out = new ArrayList<>();
    a.forEach(x -> out.add(x.asLong()));
    return out;
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static String minutes(Duration d) {
    return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
  }
}
