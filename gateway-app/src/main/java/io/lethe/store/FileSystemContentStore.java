package io.lethe.store;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Embedded content store: one file per object under {@code root/<cid>}. Reads re-hash the
 * file, so a corrupted or tampered object is reported instead of served.
 */
public final class FileSystemContentStore implements ContentStore {
  private static final Pattern CID_V1_BASE32 = Pattern.compile("b[a-z2-7]{20,120}");
  private final Path root;

  public FileSystemContentStore(Path root) throws IOException {
    this.root = Files.createDirectories(root);
  }

  public Path root() {
    return root;
  }

  @Override
  public String put(byte[] content) throws IOException {
    String cid = UnixFsCid.of(content);
    Path target = pathOf(cid);
    if (!Files.exists(target)) {
      Path tmp = Files.createTempFile(root, ".put-", ".tmp");
      Files.write(tmp, content);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return cid;
  }

  @Override
  public Optional<byte[]> get(String cid) throws IOException {
    Path p = pathOf(cid);
    if (!Files.exists(p)) {
      return Optional.empty();
    }
    byte[] content = Files.readAllBytes(p);
    String actual = UnixFsCid.of(content);
    if (!actual.equals(cid)) {
      throw new IOException("content store object " + cid + " is corrupt (hashes to " + actual + ")");
    }
    return Optional.of(content);
  }

  @Override
  public boolean contains(String cid) {
    return Files.exists(pathOf(cid));
  }

  @Override
  public boolean delete(String cid) throws IOException {
    return Files.deleteIfExists(pathOf(cid));
  }

  private Path pathOf(String cid) {
    if (!CID_V1_BASE32.matcher(cid).matches()) {
      throw new IllegalArgumentException("not a base32 CIDv1: " + cid);
    }
    return root.resolve(cid);
  }
}
