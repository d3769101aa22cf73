package io.lethe.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** bind agrees with gnark's side (prover-native/chunks Bind) and separates every field. */
class ChunkBindTest {
  @Test
  void knownAnswersFromGo() {
    assertEquals("6097bad92252950a23c5d2308f16f7a90417b4fd0204f21bf5baa691c2aabc4c",
        FieldBytes.toHex(ChunkBind.of("lethe", "req-1", "u01a", 1)));
    assertEquals("63d36a2d2089419c0203e6ca77a2278f1eee52af5a33116311000b0d9163b127",
        FieldBytes.toHex(ChunkBind.of("", "", "", 0)));
    assertEquals("633994e8e88e2e97f035155634af5be2c7df26816c0cf0196cae7c9546d115bc",
        FieldBytes.toHex(ChunkBind.of("lethe", "r", "model-with-a-much-longer-identifier-0123456789", 123456789)));
  }

  @Test
  void everyFieldMatters() {
    var base = ChunkBind.of("lethe", "req-1", "u01a", 1);
    assertNotEquals(base, ChunkBind.of("lethe", "req-1", "u01a", 2));
    assertNotEquals(base, ChunkBind.of("lethe", "req-1", "u01b", 1));
    assertNotEquals(base, ChunkBind.of("lethe", "req-2", "u01a", 1));
    assertNotEquals(base, ChunkBind.of("other", "req-1", "u01a", 1));
    // lengths are prefixed: moving a character between fields changes bind
    assertNotEquals(ChunkBind.of("lethe", "req-1u", "01a", 1), base);
  }
}
