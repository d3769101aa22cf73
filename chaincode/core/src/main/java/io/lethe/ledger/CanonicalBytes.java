package io.lethe.ledger;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The byte strings that chameleon digests, Merkle roots and hash links are computed over
 * (DESIGN §3 "Canonical bytes"). Integers are big-endian; {@code lp(x)} is a 4-byte length
 * followed by x. Outside verifiers re-implement exactly these, so never change them in place.
 */
public final class CanonicalBytes {
  public static final String PAYLOAD_TAG = "lethe.payload.v2";
  public static final String TX_TAG = "lethe.tx";
  public static final String FORGET_TAG = "lethe.forget.v1";
  public static final String HEADER_TAG = "lethe.header.v1";
  public static final String BLOCK_TAG = "lethe.block";
  /** Archive blocks are not fixed by DESIGN §3; this layout is Lethe's own (docs/ledger.md). */
  public static final String ARCHIVE_TAG = "lethe.archive.v2";

  private CanonicalBytes() {}

  /**
   * {@code lp("lethe.payload.v2") ‖ u64 version ‖ lp(requestId) ‖ lp(uri) ‖ lp(zkDigest) ‖ u32 n ‖
   * lp(ref_1) … lp(ref_n)}: version 0 and an empty request id at publish; a rewrite carries
   * version = current + 1 and the request it serves, so an old, public opening (R, s) never
   * opens a later version (no rollback to a forgotten payload).
   */
  public static byte[] payload(long version, String requestId, String modelUri, byte[] zkDigest, List<String> refs) {
    Writer w = new Writer().lp(PAYLOAD_TAG).u64(version).lp(requestId).lp(modelUri).lp(zkDigest).u32(refs.size());
    for (String ref : refs) {
      w.lp(ref);
    }
    return w.bytes();
  }

  /** {@code lp("lethe.tx") ‖ lp(channel) ‖ lp(txId)}: chameleon context of a live transaction. */
  public static byte[] txContext(String channel, String txId) {
    return new Writer().lp(TX_TAG).lp(channel).lp(txId).bytes();
  }

  /** {@code lp("lethe.header.v1") ‖ u64 height ‖ lp(parentHash) ‖ lp(merkleRoot) ‖ u64 ts ‖ u64 version}. */
  public static byte[] headerMessage(
      long height, byte[] parentHash, byte[] merkleRoot, long timestampMillis, long version) {
    return new Writer()
        .lp(HEADER_TAG)
        .u64(height)
        .lp(parentHash)
        .lp(merkleRoot)
        .u64(timestampMillis)
        .u64(version)
        .bytes();
  }

  /** {@code lp("lethe.block") ‖ lp(channel) ‖ u64 height}: chameleon context of a block header. */
  public static byte[] headerContext(String channel, long height) {
    return new Writer().lp(BLOCK_TAG).lp(channel).u64(height).bytes();
  }

  /** One superseded version as it enters an archive block. */
  public record ArchiveEntryFields(
      String txId, long version, String payloadRequestId, String modelUri, byte[] zkDigest, byte[] r, byte[] s,
      String requestId, String fabricTxId) {}

  /**
   * {@code lp("lethe.archive.v2") ‖ u64 height ‖ lp(prevHash) ‖ u64 timestampMillis ‖ u32 n ‖
   * n × (lp(txId) ‖ u64 version ‖ lp(payloadRequestId) ‖ lp(modelUri) ‖ lp(zkDigest) ‖ lp(R) ‖ lp(s) ‖
   * lp(requestId) ‖ lp(fabricTxId))}, where payloadRequestId is the request id inside the archived
   * payload and requestId the request that superseded it;
   * an archive block's hash is SHA-256 of these bytes.
   */
  public static byte[] archiveBlock(
      long height, byte[] prevHash, long timestampMillis, List<ArchiveEntryFields> entries) {
    Writer w = new Writer().lp(ARCHIVE_TAG).u64(height).lp(prevHash).u64(timestampMillis).u32(entries.size());
    for (ArchiveEntryFields e : entries) {
      w.lp(e.txId()).u64(e.version()).lp(e.payloadRequestId()).lp(e.modelUri()).lp(e.zkDigest()).lp(e.r()).lp(e.s()).lp(e.requestId())
          .lp(e.fabricTxId());
    }
    return w.bytes();
  }

  /** {@code SHA-256(lp("lethe.forget.v1") ‖ lp(salt) ‖ lp(utf8 canonical forget spec))}: a request's public commitment. */
  public static byte[] forgetCommitment(byte[] salt, String forgetSpec) {
    return sha256(new Writer().lp(FORGET_TAG).lp(salt).lp(forgetSpec).bytes());
  }

  public static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Writer lp(String s) {
      return lp(s.getBytes(StandardCharsets.UTF_8));
    }

    Writer lp(byte[] b) {
      u32(b.length);
      out.writeBytes(b);
      return this;
    }

    Writer u32(long v) {
      if (v < 0 || v > 0xFFFFFFFFL) {
        throw new IllegalArgumentException("u32 out of range: " + v);
      }
      out.writeBytes(ByteBuffer.allocate(4).putInt((int) v).array());
      return this;
    }

    Writer u64(long v) {
      if (v < 0) {
        throw new IllegalArgumentException("u64 must not be negative: " + v);
      }
      out.writeBytes(ByteBuffer.allocate(8).putLong(v).array());
      return this;
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
