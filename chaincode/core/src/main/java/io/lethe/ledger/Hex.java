package io.lethe.ledger;

import java.util.HexFormat;

/** Lower-case hex, the encoding of every byte string in ledger records. */
public final class Hex {
  private static final HexFormat HEX = HexFormat.of();

  private Hex() {}

  public static String encode(byte[] b) {
    return HEX.formatHex(b);
  }

  /** Decodes hex read from a stored record (caller input is checked by the contracts first). */
  public static byte[] decode(String s) {
    return HEX.parseHex(s);
  }
}
