package io.lethe.contracts.ledger;

import io.lethe.contracts.Check;
import io.lethe.contracts.system.Access;
import io.lethe.ledger.ArchiveChain;
import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.Json;
import io.lethe.ledger.Orgs;
import io.lethe.ledger.Records.ArchiveBlock;
import io.lethe.ledger.Records.ArchiveEntry;
import io.lethe.ledger.Records.ArchiveHead;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;

/**
 * Reads of the append-only archive chain (collection {@code archive}). It is written only by
 * {@link LiveLedger}'s redactions, in the same transaction as the live rewrite. Readable by
 * the Auditor org and the committee that writes it; anyone else is refused.
 */
@Contract(name = "ArchiveLedger", info = @Info(title = "Lethe archive ledger", version = "1"))
public final class ArchiveLedger implements ContractInterface {
  static final List<String> READERS = List.of(Orgs.AUDITOR, Orgs.COMMITTEE1, Orgs.COMMITTEE2, Orgs.COMMITTEE3);

  private static LedgerState reader(Context ctx, String function) {
    String msp = Access.callerMsp(ctx);
    if (!READERS.contains(msp)) {
      throw Check.fail(ErrorCode.ACCESS_DENIED,
          "access denied: the archive ledger (" + function + ") is readable only by the auditor and the committee "
              + READERS + ", not by " + msp);
    }
    return new LedgerState(ctx.getStub());
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetArchiveHead(Context ctx) {
    return Json.string(reader(ctx, "GetArchiveHead").archiveHead());
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetArchiveBlock(Context ctx, long height) {
    ArchiveBlock b = reader(ctx, "GetArchiveBlock").archiveBlock(height);
    Check.require(b != null, ErrorCode.NOT_FOUND, "no archive block " + height);
    return Json.string(b);
  }

  /** Every archived version of one model, oldest first, plus its current live version. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String History(Context ctx, String id) {
    LedgerState state = reader(ctx, "History");
    var t = state.requireTx(id);
    List<ArchiveEntry> versions = new ArrayList<>();
    for (long h : state.archiveHeightsOf(id)) {
      for (ArchiveEntry e : state.archiveBlock(h).entries()) {
        if (e.txId().equals(id)) {
          versions.add(e);
        }
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", id);
    out.put("currentVersion", t.version());
    out.put("current", state.payload(id, t.version()));
    out.put("archived", versions);
    return Json.string(out);
  }

  /** {@code {"blocks": [...]}} in the shape of {@code lethe archive export --json}. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String ExportArchive(Context ctx) {
    LedgerState state = reader(ctx, "ExportArchive");
    ArchiveHead head = state.archiveHead();
    List<ArchiveBlock> blocks = new ArrayList<>();
    for (long h = 0; h < head.blocks(); h++) {
      blocks.add(state.archiveBlock(h));
    }
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("head", head);
    out.put("blocks", blocks);
    return Json.string(out);
  }

  /** Recomputes every archive block hash and link; reports the first break. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String VerifyArchive(Context ctx) {
    LedgerState state = reader(ctx, "VerifyArchive");
    ArchiveHead head = state.archiveHead();
    byte[] prev = new byte[32];
    Map<String, Object> out = new LinkedHashMap<>();
    for (long h = 0; h < head.blocks(); h++) {
      ArchiveBlock b = state.archiveBlock(h);
      String problem = null;
      if (b == null) {
        problem = "block missing";
      } else {
        try {
          if (!Arrays.equals(prev, Check.unhex(b.prevHash()))) {
            problem = "prevHash is not SHA-256 of the previous block";
          } else {
            byte[] hash = ArchiveChain.hash(h, prev, b.timestamp(), b.entries());
            if (!Check.hex(hash).equals(b.hash())) {
              problem = "hash does not match the block's canonical bytes";
            }
            prev = hash;
          }
        } catch (IllegalArgumentException | NullPointerException e) {
          // tampered state (a field missing or not hex): a finding, not a crash
          problem = "malformed block: " + e.getMessage();
        }
      }
      if (problem != null) {
        out.put("valid", false);
        out.put("blocks", head.blocks());
        out.put("failure", Map.of("height", h, "detail", problem));
        return Json.string(out);
      }
    }
    if (head.blocks() > 0 && !Check.hex(prev).equals(head.lastHash())) {
      out.put("valid", false);
      out.put("blocks", head.blocks());
      out.put("failure", Map.of("height", head.blocks(), "detail", "archive head does not point at the last block"));
      return Json.string(out);
    }
    out.put("valid", true);
    out.put("blocks", head.blocks());
    return Json.string(out);
  }
}
