package io.lethe.fl.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lethe.fixedpoint.FixedPoint;
import io.lethe.fl.data.Dataset;
import io.lethe.fl.train.NodeTrainer;
import io.lethe.fl.train.TrainConfig;
import io.lethe.fl.train.Trainer;
import io.lethe.zk.Bls12381;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NetworkTest {

  static Dataset random(int n, int features, int classes, long seed) {
    Random r = new Random(seed);
    float[] px = new float[n * features];
    int[] lb = new int[n];
    for (int i = 0; i < px.length; i++) {
      px[i] = r.nextFloat();
    }
    for (int i = 0; i < n; i++) {
      lb[i] = r.nextInt(classes);
    }
    return new Dataset(px, lb, features);
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    List<Layer> layers = Network.sequential(new Conv2dLayer(1, 6, 6, 2, 3), new ReluLayer(32),
        new MaxPoolLayer(2, 4, 4), new DenseLayer(8, 5), new ReluLayer(5), new DenseLayer(5, 3));
    int n = layers.stream().mapToInt(Layer::paramCount).sum();
    double[] p = new double[n];
    Random r = new Random(7);
    for (int i = 0; i < n; i++) {
      p[i] = r.nextGaussian() * 0.5;
    }
    Network net = new Network("test", layers, p);
    Dataset d = random(4, 36, 3, 11);
    int[] idx = {0, 1, 2, 3};
    double[] g = new double[n];
    net.lossGradient(d, idx, g, 1.0);
    double h = 1e-6;
    for (int i = 0; i < n; i++) {
      double keep = p[i];
      p[i] = keep + h;
      double up = net.lossGradient(d, idx, new double[n], 1.0);
      p[i] = keep - h;
      double down = net.lossGradient(d, idx, new double[n], 1.0);
      p[i] = keep;
      assertEquals((up - down) / (2 * h), g[i], 1e-5, "parameter " + i);
    }
  }

  @Test
  void groupLossGradientMatchesFiniteDifferencesAndEqualsCrossEntropyForOneClass() {
    Network net = Network.create("mlp-small", 8);
    Dataset d = random(3, 784, 10, 12);
    int[] idx = {0, 1, 2};
    java.util.Set<Integer> group = java.util.Set.of(2, 5, 7);
    double[] p = net.params();
    double[] g = new double[p.length];
    net.lossGradient(d, idx, group, g, 1.0);
    double h = 1e-6;
    Random r = new Random(3);
    for (int t = 0; t < 200; t++) {
      int i = r.nextInt(p.length);
      double keep = p[i];
      p[i] = keep + h;
      double up = net.lossGradient(d, idx, group, new double[p.length], 1.0);
      p[i] = keep - h;
      double down = net.lossGradient(d, idx, group, new double[p.length], 1.0);
      p[i] = keep;
      assertEquals((up - down) / (2 * h), g[i], 1e-6, "parameter " + i);
    }
    int[] one = {0};
    double[] ce = new double[p.length];
    double[] grp = new double[p.length];
    assertEquals(net.lossGradient(d, one, ce, 1.0),
        net.lossGradient(d, one, java.util.Set.of(d.label(0)), grp, 1.0), 1e-12);
    assertArrayEquals(ce, grp, 1e-12);
  }

  @Test
  void trainingLearnsASeparableProblemDeterministically() {
    Dataset d = random(200, 784, 10, 3);
    float[] px = new float[200 * 784];
    int[] lb = new int[200];
    for (int i = 0; i < 200; i++) {
      lb[i] = i % 10;
      for (int f = 0; f < 784; f++) {
        px[i * 784 + f] = d.pixel(i, f) * 0.2f + (f % 10 == lb[i] ? 0.8f : 0f);
      }
    }
    Dataset sep = new Dataset(px, lb, 784);
    Network a = Network.create("mlp-small", 5);
    Network b = Network.create("mlp-small", 5);
    TrainConfig cfg = new TrainConfig(3, 16, 0.01, 0.9);
    Trainer.train(a, sep, cfg, 1);
    Trainer.train(b, sep, cfg, 1);
    assertArrayEquals(a.params(), b.params());
    assertEquals(1.0, a.accuracy(sep), 0.02);
  }

  @Test
  void aggregationIsTheMeanAndTopNPicksBestCandidates() {
    Network a = Network.create("mlp-small", 1);
    Network b = Network.create("mlp-small", 2);
    Network c = Network.create("mlp-small", 3);
    Network avg = NodeTrainer.aggregate(List.of(a, b, c));
    for (int i = 0; i < avg.paramCount(); i += 997) {
      assertEquals((a.params()[i] + b.params()[i] + c.params()[i]) / 3, avg.params()[i], 1e-12);
    }
    Dataset d = random(50, 784, 10, 4);
    java.util.Map<String, Network> published = new java.util.LinkedHashMap<>();
    published.put("a", a);
    published.put("b", b);
    published.put("c", c);
    List<String> top = NodeTrainer.selectTopN(published, d, 3, 2, new Random(1));
    assertEquals(2, top.size());
    String worst = published.keySet().stream().filter(k -> !top.contains(k)).findFirst().orElseThrow();
    for (String t : top) {
      assertEquals(true, published.get(t).accuracy(d) >= published.get(worst).accuracy(d));
    }
  }

  @Test
  void modelFileRoundTripsAndRejectsGarbage() throws IOException {
    Network net = Network.create("cnn", 9);
    byte[] file = ModelFile.write(net);
    assertEquals(8 + 4 + 4 + 3 + 4 + 8L * net.paramCount(), file.length);
    Network back = ModelFile.read(file);
    assertEquals("cnn", back.architecture());
    assertArrayEquals(net.params(), back.params());
    file[3] ^= 1;
    assertThrows(IOException.class, () -> ModelFile.read(file));
    byte[] truncated = java.util.Arrays.copyOf(ModelFile.write(net), 100);
    assertThrows(IOException.class, () -> ModelFile.read(truncated));
  }

  @Test
  void fixedPointConventionAndExport() throws IOException {
    assertEquals(65536, FixedPoint.toRaw(1.0));
    assertEquals(-98304, FixedPoint.toRaw(-1.5));
    assertEquals(1, FixedPoint.toRaw(1.0 / 65536 * 0.5));
    assertEquals(-1, FixedPoint.toRaw(-1.0 / 65536 * 0.5));
    assertEquals(0, FixedPoint.toRaw(1.0 / 65536 * 0.49));
    assertThrows(ArithmeticException.class, () -> FixedPoint.toRaw(Math.scalb(1.0, 24)));
    assertThrows(ArithmeticException.class, () -> FixedPoint.toRaw(Double.NaN));
    assertEquals(Bls12381.SCALAR_FIELD_ORDER.subtract(BigInteger.valueOf(98304)), FixedPoint.toField(-98304));
    assertEquals(BigInteger.valueOf(5), FixedPoint.toField(5));
    byte[] fx = FixedPoint.export(new double[] {1.0, -1.5});
    byte[] expected = {'L', 'E', 'T', 'H', 'E', 'F', 'X', 'P', 0, 0, 0, 1, 0, 0, 0, 16, 0, 0, 0, 2,
        0, 0, 0, 0, 0, 1, 0, 0, -1, -1, -1, -1, -1, -2, -128, 0};
    assertArrayEquals(expected, fx);
    assertArrayEquals(new long[] {65536, -98304}, FixedPoint.importRaw(fx));
    Random r = new Random(5);
    for (int i = 0; i < 10_000; i++) {
      double w = r.nextGaussian() * 100;
      assertEquals(w, FixedPoint.fromRaw(FixedPoint.toRaw(w)), 0.5 / 65536 + 1e-12);
    }
  }
}
