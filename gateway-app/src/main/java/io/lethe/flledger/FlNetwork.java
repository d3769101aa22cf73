package io.lethe.flledger;

import io.lethe.json.JsonText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where federated learning keeps its state on a network, under the network state folder (the
 * folder of the connection profile, {@code .network} by default):
 * <pre>
 *   store/live/          the live content store (default)
 *   store/archive/       the archive content store (default)
 *   fl/setup.json        how the federation was trained ({@link FlSetup})
 *   clients/userN/       each client's own state ({@link ClientState})
 * </pre>
 */
public record FlNetwork(Path dir) {
  public Path liveStore() {
    return dir.resolve("store").resolve("live");
  }

  public Path archiveStore() {
    return dir.resolve("store").resolve("archive");
  }

  public Path setupFile() {
    return dir.resolve("fl").resolve("setup.json");
  }

  public Path clientDir(String identity) {
    return dir.resolve("clients").resolve(identity);
  }

  public boolean trained() {
    return Files.isRegularFile(setupFile());
  }

  public FlSetup setup() throws IOException {
    if (!trained()) {
      throw new IOException("no federated-learning run on this network (" + setupFile() + " is missing): run `lethe fl train` first");
    }
    return JsonText.PRETTY.readValue(setupFile().toFile(), FlSetup.class);
  }

  public void writeSetup(FlSetup setup) throws IOException {
    writeJson(setupFile(), setup);
  }

  public ClientState client(String identity) throws IOException {
    return ClientState.open(clientDir(identity), identity);
  }

  /** Writes JSON through a temporary file and an atomic rename, so a crash never leaves half a file. */
  static void writeJson(Path file, Object value) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    JsonText.PRETTY.writeValue(tmp.toFile(), value);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
