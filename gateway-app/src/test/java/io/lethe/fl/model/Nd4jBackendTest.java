package io.lethe.fl.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lethe.fl.data.Dataset;
import io.lethe.fl.train.TrainConfig;
import io.lethe.fl.train.Trainer;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ND4J graphs against the plain-Java layers (same weights), and the long-run variants. */
class Nd4jBackendTest {

  @ParameterizedTest
  @ValueSource(strings = {"mlp-small", "mlp-tiny", "mlp", "cnn"})
  void nd4jLayersMatchPlainJavaOnTheSameWeights(String arch) {
    matchesPlainJava(arch, p -> Network.of(arch, p, Backend.ND4J));
  }

  /** The SameDiff building blocks the long-run variants use, checked on the same models. */
  @ParameterizedTest
  @ValueSource(strings = {"mlp-small", "cnn"})
  void sameDiffGraphsMatchPlainJavaOnTheSameWeights(String arch) {
    matchesPlainJava(arch, p -> new Network(arch, java.util.List.of(Nd4jArchitectures.of(arch)), p));
  }

  private static void matchesPlainJava(String arch, java.util.function.Function<double[], Network> nd4jOf) {
    Network plain = Network.create(arch, 21, Backend.JAVA);
    Network nd4j = Network.create(arch, 21, Backend.ND4J);
    assertEquals(plain.paramCount(), nd4j.paramCount());
    assertArrayEquals(plain.params(), nd4j.params(), 0.0, "same seed, same initial weights");
    // perturb the biases too (they start at zero)
    Random r = new Random(3);
    for (int i = 0; i < plain.paramCount(); i++) {
      plain.params()[i] += r.nextGaussian() * 0.01;
    }
    nd4j = nd4jOf.apply(plain.params().clone());
    Dataset d = NetworkTest.random(6, 784, 10, 5);
    int[] idx = {0, 1, 2, 3, 4, 5};
    assertArrayEquals(plain.logits(d, idx), nd4j.logits(d, idx), 1e-9);

    double[] gj = new double[plain.paramCount()];
    double[] gn = new double[nd4j.paramCount()];
    double lj = plain.lossGradient(d, idx, Set.of(1, 4), gj, -1.0);
    double ln = nd4j.lossGradient(d, idx, Set.of(1, 4), gn, -1.0);
    assertEquals(lj, ln, 1e-9);
    assertArrayEquals(gj, gn, 1e-9);
    double[] tj = new double[plain.paramCount()];
    double[] tn = new double[nd4j.paramCount()];
    plain.trueLogitGradient(d, idx, tj);
    nd4j.trueLogitGradient(d, idx, tn);
    assertArrayEquals(tj, tn, 1e-9);
  }

  @ParameterizedTest
  @ValueSource(strings = {"alexnet", "resnet18", "mobilenetv2"})
  void longRunVariantsTrainOnATinyBatch(String arch) {
    Network net = Network.create(arch, 4);
    Dataset d = NetworkTest.random(8, 784, 10, 9);
    Network again = Network.create(arch, 4);
    assertArrayEquals(net.params(), again.params(), 0.0, "deterministic for a seed");
    assertEquals(10, net.classes());
    double first = Trainer.train(net, d, new TrainConfig(1, 8, 0.02, 0.9), 1);
    double last = Trainer.train(net, d, new TrainConfig(5, 8, 0.02, 0.9), 1);
    assertTrue(Double.isFinite(first) && Double.isFinite(last), first + " " + last);
    assertTrue(last < first, arch + ": loss " + first + " -> " + last);
    double acc = net.accuracy(d);
    assertTrue(acc >= 0 && acc <= 1);
  }
}
