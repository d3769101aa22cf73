package io.lethe.zk;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The prover sidecar a command talks to: one already running at a configured address, or a
 * local prover-native process started for the command. A local one listens on 127.0.0.1 on a
 * free port and is stopped (by this handle's PID) on close; closing an external one does nothing.
 */
public final class ProverSidecar implements AutoCloseable {
  /** Environment variable naming the address (host:port) of a running sidecar. */
  public static final String ADDRESS_ENV = "LETHE_PROVER_ADDR";
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

  private final Process process; // null: not ours
  private final String address;

  private ProverSidecar(Process process, String address) {
    this.process = process;
    this.address = address;
  }

  /**
   * The sidecar at {@code address}, else at $LETHE_PROVER_ADDR, else a local one started now
   * with keys in {@code keys} (default .lethe/prover-keys) that creates missing keys with the
   * INSECURE single-party setup (said on stderr).
   */
  public static ProverSidecar attach(String address, Path keys) throws IOException, InterruptedException {
    String addr = address != null ? address : System.getenv(ADDRESS_ENV);
    if (addr != null && !addr.isBlank()) {
      return new ProverSidecar(null, addr);
    }
    Path dir = keys != null ? keys : repoRoot().resolve(".lethe/prover-keys");
    System.err.println("lethe: starting a local prover sidecar (missing keys get an INSECURE single-party dev setup)");
    return start(dir, true);
  }

  public String address() {
    return address;
  }

  /** Whether this handle started the sidecar (and stops it on close). */
  public boolean local() {
    return process != null;
  }

  /** Repository root: LETHE_HOME, or the nearest ancestor of the working directory holding prover-native. */
  public static Path repoRoot() {
    String home = System.getenv("LETHE_HOME");
    if (home != null) {
      return Path.of(home);
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("prover-native"))) {
        return p;
      }
    }
    throw new IllegalStateException("prover-native not found: set LETHE_HOME or " + ADDRESS_ENV);
  }

  /** Builds prover-native/bin/lethe-prover if it is missing (go build, offline module cache). */
  public static Path binary() throws IOException, InterruptedException {
    Path dir = repoRoot().resolve("prover-native");
    Path bin = dir.resolve("bin/lethe-prover");
    if (!Files.isExecutable(bin) || "1".equals(System.getenv("LETHE_REBUILD"))) {
      System.err.println("lethe: building prover-native (first run)...");
      Process go = new ProcessBuilder("go", "build", "-o", "bin/", "./cmd/lethe-prover")
          .directory(dir.toFile())
          // go build reports on stderr only; stdout stays free for the command's JSON
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
      if (go.waitFor() != 0) {
        throw new IOException("go build of prover-native failed");
      }
    }
    return bin;
  }

  /** Starts a sidecar; insecureDevSetup lets it create missing keys with a single-party setup. */
  public static ProverSidecar start(Path keys, boolean insecureDevSetup) throws IOException, InterruptedException {
    // --exit-on-stdin-eof: this JVM holds the sidecar's stdin open, so a JVM killed by SIGKILL
    // takes its sidecar along instead of leaving it listening
    List<String> cmd = new ArrayList<>(List.of(binary().toString(), "serve", "--addr", "127.0.0.1:0", "--keys",
        keys.toString(), "--exit-on-stdin-eof"));
    if (insecureDevSetup) {
      cmd.add("--insecure-dev-setup");
    }
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String line = firstLine(p);
    String prefix = "lethe-prover listening on ";
    if (line == null || !line.startsWith(prefix)) {
      p.destroyForcibly();
      throw new IOException("prover sidecar did not start" + (line == null ? "" : ": " + line));
    }
    return new ProverSidecar(p, line.substring(prefix.length()).trim());
  }

  /** The process's first stdout line, or null when it exits or stays silent past the startup timeout. */
  private static String firstLine(Process p) throws InterruptedException {
    CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
      try {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
      } catch (IOException e) {
        return null;
      }
    });
    try {
      return line.get(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return null;
    }
  }

  /** Peak resident set size of a local sidecar so far (VmHWM, KiB), or -1 where unknown. */
  public long peakRssKiB() {
    if (process == null) {
      return -1;
    }
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  @Override
  public void close() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
