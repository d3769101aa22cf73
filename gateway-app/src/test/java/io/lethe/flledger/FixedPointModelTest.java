package io.lethe.flledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lethe.fixedpoint.FixedPoint;
import io.lethe.fl.model.ModelFile;
import io.lethe.fl.model.Network;
import io.lethe.store.UnixFsCid;
import io.lethe.zk.ZkDigest;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class FixedPointModelTest {
  @Test
  void thePublishedFileIsTheFixedPointModelAndItsDigestIsTheRawsDigest() throws IOException {
    Network net = Network.create("mlp-small", 7);
    FixedPointModel m = FixedPointModel.of(net);
    assertArrayEquals(FixedPoint.toRaw(net.params()), m.raws());
    assertEquals(UnixFsCid.of(m.file()), m.cid());
    assertArrayEquals(ZkDigest.toBytes(ZkDigest.digest(m.raws())), m.zkDigest());
    FixedPointModel back = FixedPointModel.read(m.file());
    assertArrayEquals(m.raws(), back.raws());
    assertEquals(m.zkDigestHex(), back.zkDigestHex());
    // rounding twice changes nothing: the file is a fixed point of the rule
    assertArrayEquals(m.file(), FixedPointModel.of(back.network()).file());
  }

  @Test
  void aFileThatWasNotRoundedHasNoDigest() {
    double[] p = Network.create("mlp-small", 7).params().clone();
    p[3] = 0.1; // not a multiple of 2^-16
    byte[] file = ModelFile.write(Network.of("mlp-small", p));
    assertThrows(IOException.class, () -> FixedPointModel.read(file));
  }

  @Test
  void cascadeArithmeticRoundsHalfAwayFromZero() {
    assertEquals(1, UnlearningRun.roundShift(FixedPoint.SCALE / 2));
    assertEquals(-1, UnlearningRun.roundShift(-FixedPoint.SCALE / 2));
    assertEquals(0, UnlearningRun.roundShift(FixedPoint.SCALE / 2 - 1));
    assertEquals(3, UnlearningRun.roundShift(3 * FixedPoint.SCALE));
    assertEquals(1.0 / 6, UnlearningRun.rational("1/6"), 1e-15);
    assertEquals(0.5, UnlearningRun.rational("1/2"), 0);
  }
}
