package io.lethe.flledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lethe.fixedpoint.FixedPoint;
import io.lethe.fl.model.ModelFile;
import io.lethe.fl.model.Network;
import io.lethe.fl.model.PublishedOrder;
import io.lethe.store.UnixFsCid;
import io.lethe.zk.ZkDigest;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class FixedPointModelTest {
  @Test
  void thePublishedFileIsTheFixedPointModelAndItsDigestIsTheRawsDigest() throws IOException {
    Network net = Network.create("mlp-small", 7);
    FixedPointModel m = FixedPointModel.of(net);
    // raws in the published order (dense layers input-major), the file's
    assertArrayEquals(FixedPoint.toRaw(PublishedOrder.of(net).toPublished(net.params())), m.raws());
    assertEquals(FixedPoint.toRaw(net.params()[1 * 784]), m.raws()[1], "published position 1 = weight [1][0]");
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
  void discountsReadExactlyAsTheChaincodeWritesThem() {
    assertEquals(new io.lethe.ledger.Rational(java.math.BigInteger.ONE, java.math.BigInteger.valueOf(6)),
        UnlearningRun.rational("1/6"));
    assertEquals(io.lethe.ledger.Rational.ONE, UnlearningRun.rational("1"));
    assertThrows(NumberFormatException.class, () -> UnlearningRun.rational("0.5"));
  }
}
