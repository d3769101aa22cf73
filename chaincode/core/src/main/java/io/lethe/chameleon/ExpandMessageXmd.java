package io.lethe.chameleon;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** RFC 9380 §5.3.1 {@code expand_message_xmd} with SHA-256 (b = 32, block size 64). */
public final class ExpandMessageXmd {
  private static final int B_IN_BYTES = 32;
  private static final int S_IN_BYTES = 64;
  private static final byte[] OVERSIZE_PREFIX =
      "H2C-OVERSIZE-DST-".getBytes(StandardCharsets.US_ASCII);

  private ExpandMessageXmd() {}

  public static byte[] expand(byte[] msg, byte[] dst, int lenInBytes) {
    if (lenInBytes <= 0 || lenInBytes > 65535) {
      throw new IllegalArgumentException("len_in_bytes must be in [1, 65535]");
    }
    int ell = (lenInBytes + B_IN_BYTES - 1) / B_IN_BYTES;
    if (ell > 255) {
      throw new IllegalArgumentException("len_in_bytes too large for SHA-256 (ell > 255)");
    }
    if (dst.length > 255) {
      // RFC 9380 §5.3.3: oversize DSTs are hashed first.
      dst = sha256(OVERSIZE_PREFIX, dst);
    }
    byte[] dstPrime = concat(dst, new byte[] {(byte) dst.length});
    byte[] zPad = new byte[S_IN_BYTES];
    byte[] lIBStr = {(byte) (lenInBytes >>> 8), (byte) lenInBytes};
    byte[] b0 = sha256(zPad, msg, lIBStr, new byte[] {0}, dstPrime);
    byte[] bi = sha256(b0, new byte[] {1}, dstPrime);
    ByteArrayOutputStream uniform = new ByteArrayOutputStream(ell * B_IN_BYTES);
    uniform.writeBytes(bi);
    for (int i = 2; i <= ell; i++) {
      byte[] mixed = new byte[B_IN_BYTES];
      for (int j = 0; j < B_IN_BYTES; j++) {
        mixed[j] = (byte) (b0[j] ^ bi[j]);
      }
      bi = sha256(mixed, new byte[] {(byte) i}, dstPrime);
      uniform.writeBytes(bi);
    }
    byte[] out = new byte[lenInBytes];
    System.arraycopy(uniform.toByteArray(), 0, out, 0, lenInBytes);
    return out;
  }

  static byte[] sha256(byte[]... parts) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
    for (byte[] p : parts) {
      md.update(p);
    }
    return md.digest();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
