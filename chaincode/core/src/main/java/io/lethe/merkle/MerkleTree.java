package io.lethe.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * RFC 6962 §2.1 Merkle tree hash over SHA-256: leaf {@code SHA-256(0x00 ‖ d)}, node
 * {@code SHA-256(0x01 ‖ left ‖ right)}, split at the largest power of two smaller than n.
 * The empty tree hashes to {@code SHA-256("")}.
 */
public final class MerkleTree {
  private MerkleTree() {}

  public static byte[] root(List<byte[]> leaves) {
    if (leaves.isEmpty()) {
      return sha256().digest();
    }
    return subtree(leaves, 0, leaves.size());
  }

  public static byte[] leafHash(byte[] data) {
    MessageDigest md = sha256();
    md.update((byte) 0x00);
    md.update(data);
    return md.digest();
  }

  public static byte[] nodeHash(byte[] left, byte[] right) {
    MessageDigest md = sha256();
    md.update((byte) 0x01);
    md.update(left);
    md.update(right);
    return md.digest();
  }

  private static byte[] subtree(List<byte[]> leaves, int from, int to) {
    int n = to - from;
    if (n == 1) {
      return leafHash(leaves.get(from));
    }
    int k = Integer.highestOneBit(n - 1);
    return nodeHash(subtree(leaves, from, from + k), subtree(leaves, from + k, to));
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
