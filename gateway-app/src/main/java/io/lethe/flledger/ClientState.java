package io.lethe.flledger;

import io.lethe.json.JsonText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One FL client's own state folder ({@code clients/userN/}): {@code client.json} lists every
 * model version it published or rewrote (id, version, CID, zkDigest, the request it served),
 * and {@code models/} keeps a copy of each of its model files, so a client can unlearn from its
 * own copy even when the live store is remote.
 */
public final class ClientState {
  /** One version of one of the client's models. */
  public record Version(String modelId, long version, String cid, String zkDigest, String requestId,
      List<String> refs) {}

  /** The file's content. */
  public record Record(String identity, List<Version> versions) {}

  private final Path dir;
  private final String identity;
  private final List<Version> versions;

  private ClientState(Path dir, String identity, List<Version> versions) {
    this.dir = dir;
    this.identity = identity;
    this.versions = versions;
  }

  static ClientState open(Path dir, String identity) throws IOException {
    Path f = dir.resolve("client.json");
    List<Version> v = new ArrayList<>();
    if (Files.isRegularFile(f)) {
      v.addAll(JsonText.PRETTY.readValue(f.toFile(), Record.class).versions());
    }
    return new ClientState(dir, identity, v);
  }

  public String identity() {
    return identity;
  }

  public List<Version> versions() {
    return List.copyOf(versions);
  }

  /** The ids of the models this client published (its own models: the starts of its requests). */
  public List<String> models() {
    return versions.stream().filter(v -> v.version() == 0).map(Version::modelId).distinct().toList();
  }

  /** Records a version and keeps a copy of its file. */
  public void record(Version v, byte[] file) throws IOException {
    Path models = dir.resolve("models");
    Files.createDirectories(models);
    Files.write(models.resolve(v.modelId() + ".v" + v.version() + ".lethemdl"), file);
    versions.removeIf(o -> o.modelId().equals(v.modelId()) && o.version() == v.version());
    versions.add(v);
    FlNetwork.writeJson(dir.resolve("client.json"), new Record(identity, List.copyOf(versions)));
  }
}
