package io.lethe.zk;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** RFC 9380 hash_to_field for the BLS12-381 scalar field (expand_message_xmd SHA-256, L = 48). */
final class HashToField {
  private HashToField() {}

  static BigInteger hash(byte[] msg, byte[] dst) {
    return new BigInteger(1, expandMessageXmd(msg, dst, 48)).mod(Bls12381.SCALAR_FIELD_ORDER);
  }

  static byte[] expandMessageXmd(byte[] msg, byte[] dst, int len) {
    try {
      int b = 32;
      int ell = (len + b - 1) / b;
      if (ell > 255 || dst.length > 255) {
        throw new IllegalArgumentException("expand_message_xmd bounds");
      }
      byte[] dstPrime = new byte[dst.length + 1];
      System.arraycopy(dst, 0, dstPrime, 0, dst.length);
      dstPrime[dst.length] = (byte) dst.length;
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(new byte[64]); // Z_pad
      sha.update(msg);
      sha.update(new byte[] {(byte) (len >> 8), (byte) len, 0});
      sha.update(dstPrime);
      byte[] b0 = sha.digest();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] prev = new byte[b];
      for (int i = 1; i <= ell; i++) {
        byte[] x = new byte[b];
        for (int j = 0; j < b; j++) {
          x[j] = (byte) (b0[j] ^ (i == 1 ? 0 : prev[j]));
        }
        sha.update(x);
        sha.update((byte) i);
        sha.update(dstPrime);
        prev = sha.digest();
        out.write(prev, 0, b);
      }
      byte[] all = out.toByteArray();
      byte[] res = new byte[len];
      System.arraycopy(all, 0, res, 0, len);
      return res;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
