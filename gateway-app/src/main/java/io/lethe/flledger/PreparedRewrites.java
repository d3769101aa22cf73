package io.lethe.flledger;

import io.lethe.json.JsonText;
import io.lethe.ledger.Inputs.ProofBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The coordinator's staging area of one request ({@code <network>/fl/runs/<request>/}): each
 * update computed (and proven) but not yet committed, so a run that stops before its commit —
 * a crash, a refused transaction, a committee member down — resumes without recomputing or
 * re-proving. An entry is used only for the version it was computed from (the ledger's current
 * zkDigest) and only if its file still hashes to its CID; the chaincode verifies every bundle
 * anyway, so a stale or damaged entry costs a recomputation, never a wrong rewrite. Entries go
 * once their rewrite is committed.
 */
public final class PreparedRewrites {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /**
   * One prepared rewrite: from which version, to which file, proven by which bundle (null: none),
   * under which statement inputs the weights do not imply ({@code statement}: for zero-shot a hash
   * of the mask and Fisher applied; null where the ledger fixes them all), so a proof staged for
   * the same weights under another mask or H is never reused.
   */
  public record Entry(String model, long fromVersion, String oldZkDigest, String newCid, String newZkDigest,
      double unlearningSeconds, ProofBundle bundle, UnlearningRun.ModelProof proof, String statement) {}

  private final Path dir;

  public PreparedRewrites(FlNetwork network, String requestId) {
    if (!ID.matcher(requestId).matches()) {
      throw new IllegalArgumentException("request id '" + requestId + "' cannot name a folder");
    }
    this.dir = network.dir().resolve("fl").resolve("runs").resolve(requestId);
  }

  /** The entry for {@code model} computed from version {@code fromVersion} with digest {@code oldZkDigest}, with its file. */
  public Optional<Prepared> find(String model, long fromVersion, String oldZkDigest) throws IOException {
    Path json = json(model, fromVersion);
    Path file = file(model, fromVersion);
    if (!Files.isRegularFile(json) || !Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Entry e;
    try {
      e = JsonText.PRETTY.readValue(json.toFile(), Entry.class);
    } catch (IOException damaged) {
      return Optional.empty();
    }
    if (!e.model().equals(model) || e.fromVersion() != fromVersion || !e.oldZkDigest().equals(oldZkDigest)) {
      return Optional.empty();
    }
    FixedPointModel m;
    try {
      m = FixedPointModel.read(Files.readAllBytes(file));
    } catch (IOException damaged) {
      return Optional.empty();
    }
    if (!m.cid().equals(e.newCid()) || !m.zkDigestHex().equals(e.newZkDigest())) {
      return Optional.empty();
    }
    return Optional.of(new Prepared(e, m));
  }

  /** An entry with its model file read back. */
  public record Prepared(Entry entry, FixedPointModel model) {}

  /** Stores an entry: the file first, then its record, each through a temporary file and an atomic rename. */
  public void put(Entry e, byte[] file) throws IOException {
    Files.createDirectories(dir);
    Path tmp = dir.resolve(file(e.model(), e.fromVersion()).getFileName() + ".tmp");
    Files.write(tmp, file);
    Files.move(tmp, file(e.model(), e.fromVersion()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    FlNetwork.writeJson(json(e.model(), e.fromVersion()), e);
  }

  /** Drops the entry of a committed rewrite. */
  public void remove(String model, long fromVersion) throws IOException {
    Files.deleteIfExists(json(model, fromVersion));
    Files.deleteIfExists(file(model, fromVersion));
  }

  private Path json(String model, long fromVersion) {
    return dir.resolve(model + "-v" + fromVersion + ".json");
  }

  private Path file(String model, long fromVersion) {
    return dir.resolve(model + "-v" + fromVersion + ".model");
  }
}
