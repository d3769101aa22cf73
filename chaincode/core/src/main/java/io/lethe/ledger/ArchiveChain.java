package io.lethe.ledger;

import io.lethe.ledger.CanonicalBytes.ArchiveEntryFields;
import io.lethe.ledger.Records.ArchiveEntry;
import java.util.ArrayList;
import java.util.List;

/** The archive chain's block hash: {@code SHA-256(canonical block)}; each block's prevHash is its predecessor's hash. */
public final class ArchiveChain {
  private ArchiveChain() {}

  public static byte[] hash(long height, byte[] prevHash, long timestamp, List<ArchiveEntry> entries) {
    List<ArchiveEntryFields> fields = new ArrayList<>();
    for (ArchiveEntry e : entries) {
      fields.add(new ArchiveEntryFields(e.txId(), e.version(), e.payloadRequestId(), e.modelUri(), Hex.decode(e.zkDigest()),
          Hex.decode(e.r()), Hex.decode(e.s()), e.requestId(), e.fabricTxId()));
    }
    return CanonicalBytes.sha256(CanonicalBytes.archiveBlock(height, prevHash, timestamp, fields));
  }
}
