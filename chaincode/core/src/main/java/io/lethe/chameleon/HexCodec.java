package io.lethe.chameleon;

/** Lower-case hex out; strict hex in (even length, hex digits only), with a reason on failure. */
public final class HexCodec {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private HexCodec() {}

  public static String encode(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = DIGITS[(bytes[i] >>> 4) & 0xf];
      out[2 * i + 1] = DIGITS[bytes[i] & 0xf];
    }
    return new String(out);
  }

  public static byte[] decode(String hex, String what) {
    if (hex == null) {
      throw new IllegalArgumentException(what + " is missing");
    }
    if (hex.length() % 2 != 0) {
      throw new IllegalArgumentException(what + " has an odd number of hex digits");
    }
    byte[] out = new byte[hex.length() / 2];
    for (int i = 0; i < out.length; i++) {
      int hi = nibble(hex.charAt(2 * i));
      int lo = nibble(hex.charAt(2 * i + 1));
      if (hi < 0 || lo < 0) {
        throw new IllegalArgumentException(what + " is not hex");
      }
      out[i] = (byte) ((hi << 4) | lo);
    }
    return out;
  }

  /** ASCII hex digits only (Character.digit would also take other scripts' digits). */
  private static int nibble(char ch) {
    if (ch >= '0' && ch <= '9') {
      return ch - '0';
    }
    if (ch >= 'a' && ch <= 'f') {
      return ch - 'a' + 10;
    }
    if (ch >= 'A' && ch <= 'F') {
      return ch - 'A' + 10;
    }
    return -1;
  }
}
