package io.lethe.chameleon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HexCodecTest {
  @Test
  void roundTripsAndIsStrict() {
    SeededRandom rnd = new SeededRandom("hex");
    for (int n = 0; n < 100; n++) {
      byte[] b = new byte[n];
      rnd.nextBytes(b);
      assertArrayEquals(b, HexCodec.decode(HexCodec.encode(b), "x"));
      assertArrayEquals(b, HexCodec.decode(HexCodec.encode(b).toUpperCase(), "x"));
    }
    assertEquals("00ff10", HexCodec.encode(new byte[] {0, -1, 16}));
    assertThrows(IllegalArgumentException.class, () -> HexCodec.decode("abc", "x"));
    assertThrows(IllegalArgumentException.class, () -> HexCodec.decode("0g", "x"));
    assertThrows(IllegalArgumentException.class, () -> HexCodec.decode("\u0663\u0663", "x")); // Arabic-Indic digits
    assertThrows(IllegalArgumentException.class, () -> HexCodec.decode(null, "x"));
  }
}
