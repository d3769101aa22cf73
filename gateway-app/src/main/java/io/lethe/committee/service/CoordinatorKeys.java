package io.lethe.committee.service;

import io.lethe.chameleon.committee.CommitteePublicKey;
import io.lethe.committee.CommitteeKeys;
import io.lethe.ledger.Records.KeyEpoch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The committee keys a coordinator checks shares against: {@code DIR/public-<keyIndex>.json}
 * as {@code lethe committee dkg} writes them, each pinned to the key governance set on the
 * ledger for that index.
 */
public final class CoordinatorKeys {
  private static final Pattern FILE = Pattern.compile("public-(\\d{1,9})\\.json");

  private CoordinatorKeys() {}

  public static SortedMap<Integer, CommitteePublicKey> load(Path dir) throws IOException {
    SortedMap<Integer, CommitteePublicKey> keys = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      throw new IOException("no committee key folder " + dir + " (run lethe committee dkg first)");
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        Matcher m = FILE.matcher(f.getFileName().toString());
        if (m.matches()) {
          keys.put(Integer.parseInt(m.group(1)), CommitteeKeys.readPublic(f));
        }
      }
    }
    if (keys.isEmpty()) {
      throw new IOException("no public-<keyIndex>.json in " + dir + " (run lethe committee dkg first)");
    }
    return keys;
  }

  /**
   * Keeps only keys that governance pinned on the ledger (same Y at the same index) and refuses
   * a file whose Y differs from the ledger's: a coordinator never uses a key the ledger does not know.
   */
  public static Map<Integer, CommitteePublicKey> pinned(Map<Integer, CommitteePublicKey> keys, List<KeyEpoch> epochs) {
    Map<Integer, CommitteePublicKey> out = new TreeMap<>();
    for (KeyEpoch e : epochs) {
      CommitteePublicKey pk = keys.get(e.index());
      if (pk == null) {
        continue;
      }
      if (!pk.groupKey().toHex().equalsIgnoreCase(e.publicKey())) {
        throw new IllegalArgumentException("committee key file for index " + e.index() + " has Y=" + pk.groupKey().toHex()
            + " but the ledger pinned Y=" + e.publicKey());
      }
      out.put(e.index(), pk);
    }
    return out;
  }
}
