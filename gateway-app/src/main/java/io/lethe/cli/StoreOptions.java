package io.lethe.cli;

import io.lethe.store.ContentStore;
import io.lethe.store.FileSystemContentStore;
import io.lethe.store.KuboContentStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --store DIR | --kubo URL}: which content store a command uses, as a picocli
 * exclusive group ({@code @ArgGroup(exclusive = true)}), so giving both is a usage error.
 */
final class StoreOptions {
  @Option(names = "--store", paramLabel = "DIR", description = "file-system content store directory")
  Path dir;

  @Option(names = "--kubo", paramLabel = "URL",
      description = "Kubo (IPFS) node's RPC API, e.g. http://127.0.0.1:5001 or /ip4/127.0.0.1/tcp/5001")
  String kubo;

  /** Opens the store; a Kubo node is asked for its version first, so an unreachable one fails here. */
  ContentStore open() throws IOException {
    if (kubo != null) {
      KuboContentStore store;
      try {
        store = KuboContentStore.of(kubo);
      } catch (IllegalArgumentException e) {
        throw new UserError("--kubo: " + e.getMessage());
      }
      store.version();
      return store;
    }
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new UserError("--store: " + dir + " is not a directory");
    }
    return new FileSystemContentStore(dir);
  }

  /** e.g. {@code kubo http://127.0.0.1:5001} or {@code fs /tmp/store}. */
  String describe() {
    return kubo != null ? "kubo " + KuboContentStore.of(kubo).api() : "fs " + dir.toAbsolutePath();
  }
}
