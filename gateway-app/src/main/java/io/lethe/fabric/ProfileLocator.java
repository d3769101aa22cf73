package io.lethe.fabric;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the connection profile is: an explicit path, else {@code LETHE_PROFILE}, else
 * {@code .network/connection-profile.json} under the repository (the launcher passes
 * {@code -Dlethe.root}), else under the nearest parent of the working directory that has one.
 */
public final class ProfileLocator {
  public static final String RELATIVE = ".network/connection-profile.json";

  private ProfileLocator() {}

  public static Path locate(Path explicit, Map<String, String> env, String rootProperty, Path cwd) {
    if (explicit != null) {
      return explicit;
    }
    String fromEnv = env.get("LETHE_PROFILE");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv);
    }
    if (rootProperty != null && !rootProperty.isBlank()) {
      return Path.of(rootProperty).resolve(RELATIVE);
    }
    for (Path dir = cwd.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(RELATIVE);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    return cwd.toAbsolutePath().resolve(RELATIVE);
  }
}
