package io.lethe.store;

import java.io.IOException;
import java.util.Optional;

/**
 * A content-addressed object store keyed by IPFS CIDv1 ({@link UnixFsCid}). Lethe keeps two:
 * the live store (latest model versions; superseded objects are deleted after a redaction)
 * and the archive store (every historical version, for auditors).
 */
public interface ContentStore {
  /** Stores the bytes and returns their CID; storing the same bytes twice is a no-op. */
  String put(byte[] content) throws IOException;

  Optional<byte[]> get(String cid) throws IOException;

  boolean contains(String cid) throws IOException;

  /** Removes the object; returns false when it was not there. */
  boolean delete(String cid) throws IOException;
}
