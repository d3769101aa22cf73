package io.lethe.contracts.ledger;

import io.lethe.contracts.Check;
import io.lethe.ledger.ArchiveChain;
import io.lethe.ledger.Json;
import io.lethe.ledger.Records.ArchiveBlock;
import io.lethe.ledger.Records.ArchiveEntry;
import io.lethe.ledger.Records.ArchiveHead;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Appends hash-chained blocks to the archive collection ({@code prevHash = SHA-256(canonical previous block)}). */
final class ArchiveWriter {
  private ArchiveWriter() {}

  public static ArchiveBlock append(LedgerState state, List<ArchiveEntry> entries, long timestamp, String fabricTxId) {
    ArchiveHead head = state.archiveHead();
    long height = head.blocks();
    byte[] prev = height == 0 ? new byte[32] : Check.unhex(head.lastHash());
    byte[] hash = ArchiveChain.hash(height, prev, timestamp, entries);
    ArchiveBlock block = new ArchiveBlock(height, Check.hex(prev), Check.hex(hash), timestamp, entries, fabricTxId);
    var stub = state.stub();
    stub.putPrivateData(LedgerState.ARCHIVE_COLLECTION, state.archiveBlockKey(height), Json.bytes(block));
    stub.putPrivateData(
        LedgerState.ARCHIVE_COLLECTION, LedgerState.ARCHIVE_HEAD_KEY, Json.bytes(new ArchiveHead(height + 1, Check.hex(hash))));
    for (ArchiveEntry e : entries) {
      stub.putPrivateData(
          LedgerState.ARCHIVE_COLLECTION,
          state.archiveByTxKey(e.txId(), e.version()),
          String.valueOf(height).getBytes(StandardCharsets.UTF_8));
    }
    return block;
  }

}
