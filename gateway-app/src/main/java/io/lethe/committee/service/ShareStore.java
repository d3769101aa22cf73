package io.lethe.committee.service;

import io.lethe.chameleon.committee.CommitteePublicKey;
import io.lethe.chameleon.committee.KeyShare;
import io.lethe.committee.CommitteeKeys;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One member's state folder: its own share per committee key epoch, nothing else secret.
 *
 * <pre>
 * STATE/keys/&lt;keyIndex&gt;/public.json        the epoch's committee key (CommitteeKeys format)
 * STATE/keys/&lt;keyIndex&gt;/share-&lt;member&gt;.json  this member's share, mode 0600
 * </pre>
 *
 * Loading refuses a state folder or share file that group or others can access, and a folder
 * holding another member's share (a member reads only its own).
 */
public final class ShareStore {
  /** One key epoch as this member holds it. */
  public record Epoch(int keyIndex, CommitteePublicKey publicKey, KeyShare share) {}

  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  private final Path stateDir;
  private final int member;

  public ShareStore(Path stateDir, int member) {
    this.stateDir = stateDir;
    this.member = member;
  }

  public Path stateDir() {
    return stateDir;
  }

  public Path epochDir(int keyIndex) {
    return stateDir.resolve("keys").resolve(Integer.toString(keyIndex));
  }

  public Path shareFile(int keyIndex) {
    return epochDir(keyIndex).resolve("share-" + member + ".json");
  }

  /** Every epoch this member holds a share for, by key index. */
  public SortedMap<Integer, Epoch> load() throws IOException {
    SortedMap<Integer, Epoch> epochs = new TreeMap<>();
    if (Files.isDirectory(stateDir)) {
      checkOwnerOnly(stateDir);
    }
    Path keys = stateDir.resolve("keys");
    if (!Files.isDirectory(keys)) {
      return Collections.unmodifiableSortedMap(epochs);
    }
    try (Stream<Path> dirs = Files.list(keys)) {
      for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
        String name = dir.getFileName().toString();
        if (!name.matches("\\d{1,9}")) {
          continue;
        }
        int keyIndex = Integer.parseInt(name);
        Epoch e = loadEpoch(keyIndex);
        if (e != null) {
          epochs.put(keyIndex, e);
        }
      }
    }
    return Collections.unmodifiableSortedMap(epochs);
  }

  private Epoch loadEpoch(int keyIndex) throws IOException {
    Path dir = epochDir(keyIndex);
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        String n = f.getFileName().toString();
        if (n.matches("share-\\d+\\.json") && !n.equals("share-" + member + ".json")) {
          throw new IllegalStateException(
              f + " is another member's share; member " + member + " keeps only its own share in " + stateDir);
        }
      }
    }
    Path shareFile = shareFile(keyIndex);
    if (!Files.exists(shareFile)) {
      return null;
    }
    checkOwnerOnly(shareFile);
    CommitteePublicKey pk = CommitteeKeys.readPublic(dir.resolve("public.json"));
    KeyShare share = CommitteeKeys.readShare(shareFile);
    if (share.member() != member) {
      throw new IllegalStateException(shareFile + " holds the share of member " + share.member() + ", not " + member);
    }
    pk.verifyShare(share);
    return new Epoch(keyIndex, pk, share);
  }

  static void checkOwnerOnly(Path file) throws IOException {
    Set<PosixFilePermission> perms;
    try {
      perms = Files.getPosixFilePermissions(file);
    } catch (UnsupportedOperationException e) {
      return; // not a POSIX file system: nothing to check
    }
    for (PosixFilePermission p : perms) {
      if (!p.name().startsWith("OWNER_")) {
        throw new IllegalStateException(
            file + " is accessible to group or others (" + PosixFilePermissions.toString(perms)
                + "); refusing to use it: chmod " + (Files.isDirectory(file) ? "700 " : "600 ") + file);
      }
    }
  }

  /** Writes a new epoch's share (0600) and public key; refuses to replace an existing share. */
  public Epoch write(int keyIndex, CommitteePublicKey publicKey, KeyShare share) throws IOException {
    if (share.member() != member) {
      throw new IllegalArgumentException("member " + member + " stores only its own share, not member " + share.member() + "'s");
    }
    publicKey.verifyShare(share);
    Path dir = epochDir(keyIndex);
    createPrivateDirs(dir);
    Path shareFile = shareFile(keyIndex);
    if (Files.exists(shareFile)) {
      throw new FileAlreadyExistsException(shareFile.toString(), null, "a share for key index " + keyIndex + " exists already");
    }
    writePrivate(shareFile, CommitteeKeys.shareJson(share).toPrettyString() + "\n");
    writePrivate(dir.resolve("public.json"), CommitteeKeys.publicJson(publicKey).toPrettyString() + "\n");
    return new Epoch(keyIndex, publicKey, share);
  }

  private static void createPrivateDirs(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    createPrivateDirs(dir.toAbsolutePath().getParent());
    try {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException e) {
      Files.createDirectory(dir);
    } catch (FileAlreadyExistsException ignored) {
      // created concurrently
    }
  }

  /** Written to a 0600 temporary file first, then moved: the content is never readable by others. */
  static void writePrivate(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp);
    }
    Files.writeString(tmp, content);
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
