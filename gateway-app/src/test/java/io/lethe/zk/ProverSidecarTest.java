package io.lethe.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class ProverSidecarTest {
  @Test
  void aGivenAddressIsUsedAndNeverStopped() throws Exception {
    try (ProverSidecar s = ProverSidecar.attach("127.0.0.1:7055", null)) {
      assertEquals("127.0.0.1:7055", s.address());
      assertFalse(s.local());
      assertEquals(-1, s.peakRssKiB());
    }
  }
}
