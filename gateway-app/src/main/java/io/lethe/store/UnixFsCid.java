package io.lethe.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The IPFS CIDv1 of a file exactly as Debian's {@code ipfs_cid FILE} prints it ({@code CIDv1}):
 * UnixFS dag-pb nodes, fixed 256 KiB chunks, balanced layout (at most 174 links per node),
 * sha2-256, root given as CIDv1 dag-pb in multibase base32 (lower case, prefix {@code b}).
 *
 * <p>Leaves are dag-pb nodes carrying {@code UnixFS{Type=File, Data=chunk, filesize}}; a
 * one-chunk file is its own root. Internal nodes carry {@code UnixFS{Type=File, filesize,
 * blocksizes...}} and links {@code (Hash=multihash, Name="", Tsize)}; dag-pb encodes links
 * before data. Inner links are CIDv0 (bare multihash), so this is the CIDv0 DAG of
 * {@code ipfs add --raw-leaves=false} with its root written as CIDv1 ({@code ipfs cid base32});
 * for one-chunk files it equals {@code ipfs add --cid-version=1 --raw-leaves=false}.
 */
public final class UnixFsCid {
  public static final int CHUNK_SIZE = 256 * 1024;
  public static final int MAX_LINKS = 174;
  private static final int CID_VERSION_1 = 0x01;
  private static final int CODEC_DAG_PB = 0x70;
  private static final int MH_SHA2_256 = 0x12;
  private static final int UNIXFS_FILE = 2;

  private UnixFsCid() {}

  /** A built DAG node: its CID bytes, the file bytes under it, its cumulative (Tsize) size. */
  private record Node(byte[] cid, long fileSize, long cumulativeSize) {}

  public static String of(byte[] content) {
    try {
      return of(new java.io.ByteArrayInputStream(content));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String of(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return of(in);
    }
  }

  public static String of(InputStream in) throws IOException {
    List<Node> level = new ArrayList<>();
    byte[] chunk;
    while ((chunk = in.readNBytes(CHUNK_SIZE)).length > 0 || level.isEmpty()) {
      level.add(leaf(chunk, UNIXFS_FILE));
      if (chunk.length == 0) {
        break;
      }
    }
    while (level.size() > 1) {
      List<Node> parents = new ArrayList<>();
      for (int i = 0; i < level.size(); i += MAX_LINKS) {
        parents.add(internal(level.subList(i, Math.min(level.size(), i + MAX_LINKS))));
      }
      level = parents;
    }
    return "b" + Base32.encodeLower(level.get(0).cid());
  }

  /**
   * Whether {@code s} has the form of the CIDs this class computes: multibase {@code b}
   * (lower-case base32), CIDv1, dag-pb, sha2-256 with a 32-byte digest.
   */
  public static boolean isCid(String s) {
    if (s == null || s.length() != 59 || s.charAt(0) != 'b') {
      return false;
    }
    byte[] raw = Base32.decodeLower(s.substring(1));
    return raw != null && raw.length == 36 && raw[0] == CID_VERSION_1 && raw[1] == CODEC_DAG_PB
        && raw[2] == MH_SHA2_256 && raw[3] == 32 && s.equals("b" + Base32.encodeLower(raw));
  }

  private static Node leaf(byte[] chunk, int unixfsType) {
    ByteArrayOutputStream unixfs = new ByteArrayOutputStream();
    Proto.varintField(unixfs, 1, unixfsType);
    if (chunk.length > 0) {
      Proto.bytesField(unixfs, 2, chunk);
    }
    Proto.varintField(unixfs, 3, chunk.length);
    ByteArrayOutputStream pb = new ByteArrayOutputStream();
    Proto.bytesField(pb, 1, unixfs.toByteArray());
    byte[] block = pb.toByteArray();
    return new Node(cidOf(block), chunk.length, block.length);
  }

  private static Node internal(List<Node> children) {
    long fileSize = 0;
    long cumulative = 0;
    ByteArrayOutputStream pb = new ByteArrayOutputStream();
    for (Node child : children) {
      ByteArrayOutputStream link = new ByteArrayOutputStream();
      // links carry the bare multihash (CIDv0 form), as ipfs_cid and CIDv0 importers do
      Proto.bytesField(link, 1, Arrays.copyOfRange(child.cid(), 2, child.cid().length));
      Proto.bytesField(link, 2, new byte[0]);
      Proto.varintField(link, 3, child.cumulativeSize());
      Proto.bytesField(pb, 2, link.toByteArray());
      fileSize += child.fileSize();
      cumulative += child.cumulativeSize();
    }
    ByteArrayOutputStream unixfs = new ByteArrayOutputStream();
    Proto.varintField(unixfs, 1, UNIXFS_FILE);
    Proto.varintField(unixfs, 3, fileSize);
    for (Node child : children) {
      Proto.varintField(unixfs, 4, child.fileSize());
    }
    Proto.bytesField(pb, 1, unixfs.toByteArray());
    byte[] block = pb.toByteArray();
    return new Node(cidOf(block), fileSize, cumulative + block.length);
  }

  private static byte[] cidOf(byte[] block) {
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(block);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    ByteArrayOutputStream cid = new ByteArrayOutputStream();
    cid.write(CID_VERSION_1);
    cid.write(CODEC_DAG_PB);
    cid.write(MH_SHA2_256);
    cid.write(digest.length);
    cid.writeBytes(digest);
    return cid.toByteArray();
  }

  /** The few protobuf wire encodings UnixFS and dag-pb need. */
  private static final class Proto {
    static void varint(ByteArrayOutputStream out, long v) {
      while ((v & ~0x7FL) != 0) {
        out.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }

    static void varintField(ByteArrayOutputStream out, int field, long v) {
      varint(out, (long) field << 3);
      varint(out, v);
    }

    static void bytesField(ByteArrayOutputStream out, int field, byte[] b) {
      varint(out, ((long) field << 3) | 2);
      varint(out, b.length);
      out.writeBytes(b);
    }
  }

  /** RFC 4648 base32 without padding, lower case (multibase {@code b}). */
  static final class Base32 {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    static String encodeLower(byte[] data) {
      StringBuilder sb = new StringBuilder((data.length * 8 + 4) / 5);
      int buffer = 0;
      int bits = 0;
      for (byte b : data) {
        buffer = (buffer << 8) | (b & 0xFF);
        bits += 8;
        while (bits >= 5) {
          sb.append(ALPHABET[(buffer >> (bits - 5)) & 31]);
          bits -= 5;
        }
      }
      if (bits > 0) {
        sb.append(ALPHABET[(buffer << (5 - bits)) & 31]);
      }
      return sb.toString();
    }

    /** Decodes unpadded lower-case base32; null when a character is outside the alphabet. */
    static byte[] decodeLower(String text) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() * 5 / 8);
      int buffer = 0;
      int bits = 0;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        int v = c >= 'a' && c <= 'z' ? c - 'a' : c >= '2' && c <= '7' ? c - '2' + 26 : -1;
        if (v < 0) {
          return null;
        }
        buffer = (buffer << 5) | v;
        bits += 5;
        if (bits >= 8) {
          out.write((buffer >> (bits - 8)) & 0xFF);
          bits -= 8;
        }
      }
      return out.toByteArray();
    }
  }
}
