package io.lethe.zk;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A local prover-native process started by the CLI when no sidecar address is configured. It
 * listens on 127.0.0.1 on a free port and is stopped (by this handle's PID) on close.
 */
public final class ProverSidecar implements AutoCloseable {
  private final Process process;
  private final String address;

  private ProverSidecar(Process process, String address) {
    this.process = process;
    this.address = address;
  }

  public String address() {
    return address;
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
    throw new IllegalStateException("prover-native not found: set LETHE_HOME or LETHE_PROVER_ADDR");
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
    List<String> cmd = new ArrayList<>(List.of(binary().toString(), "serve", "--addr", "127.0.0.1:0", "--keys", keys.toString()));
    if (insecureDevSetup) {
      cmd.add("--insecure-dev-setup");
    }
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    String prefix = "lethe-prover listening on ";
    if (line == null || !line.startsWith(prefix)) {
      p.destroy();
      throw new IOException("prover sidecar did not start" + (line == null ? "" : ": " + line));
    }
    return new ProverSidecar(p, line.substring(prefix.length()).trim());
  }

  /** Peak resident set size of the sidecar so far (VmHWM, KiB), or -1 where /proc is absent. */
  public long peakRssKiB() {
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
