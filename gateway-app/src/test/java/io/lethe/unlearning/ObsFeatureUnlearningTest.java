package io.lethe.unlearning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lethe.fl.data.Dataset;
import io.lethe.fl.model.Backend;
import io.lethe.fl.model.Network;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code obs-feature} on small synthetic cases: the neuron-pruning OBS compensation preserves the
 * retained outputs exactly when the pruned unit is a linear function of kept ones, the unit that
 * only the forget images activate is the one pruned, the pruned units and forgotten rows are
 * zero afterwards, and bad arguments are refused with a clear message.
 */
class ObsFeatureUnlearningTest {
  private static final int IN = 784;
  private static final int F = 32; // mlp-small: 784-32-10
  private static final int K = 10;
  private static final int HIDDEN_OFF = 0;
  private static final int OUT_OFF = IN * F + F;

  /** {@code n} random images in [0, 1]; pixel 0 set to {@code pixel0}; labels from {@code labels}. */
  private static Dataset images(int n, float pixel0, int[] labels, long seed) {
    Random r = new Random(seed);
    float[] px = new float[n * IN];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < IN; j++) {
        px[i * IN + j] = r.nextFloat();
      }
      px[i * IN] = pixel0;
      y[i] = labels[r.nextInt(labels.length)];
    }
    return new Dataset(px, y, IN);
  }

  private static final int[] RETAINED = {0, 1, 2, 3, 4, 6, 7, 8, 9};

  private static void assertPruned(double[] p, int unit, int forgottenClass) {
    for (int i = 0; i < IN; i++) {
      assertEquals(0.0, p[HIDDEN_OFF + unit * IN + i], "incoming weight " + i);
    }
    assertEquals(0.0, p[HIDDEN_OFF + IN * F + unit], "bias");
    for (int c = 0; c < K; c++) {
      assertEquals(0.0, p[OUT_OFF + c * F + unit], "outgoing weight to class " + c);
    }
    for (int j = 0; j < F; j++) {
      assertEquals(0.0, p[OUT_OFF + forgottenClass * F + j], "forgotten row");
    }
    assertEquals(0.0, p[OUT_OFF + F * K + forgottenClass], "forgotten bias");
  }

  /** Max |Δ logit| over the kept classes on {@code d}. */
  private static double keptLogitChange(Network a, Network b, Dataset d, int forgottenClass) {
    double[] la = a.allLogits(d);
    double[] lb = b.allLogits(d);
    double max = 0;
    for (int i = 0; i < la.length; i++) {
      if (i % K != forgottenClass) {
        max = Math.max(max, Math.abs(la[i] - lb[i]));
      }
    }
    return max;
  }

  @Test
  void compensationPreservesRetainedOutputsWhenTheUnitIsALinearCombination() {
    Network net = Network.create("mlp-small", 7, Backend.JAVA);
    double[] p = net.params();
    // unit 0 := 2 × unit 1 (incoming weights and bias): ReLU(2z) = 2 ReLU(z), so h0 = 2 h1 on every input
    for (int i = 0; i < IN; i++) {
      p[HIDDEN_OFF + i] = 2 * p[HIDDEN_OFF + IN + i];
    }
    p[HIDDEN_OFF + IN * F] = 2 * p[HIDDEN_OFF + IN * F + 1];
    Dataset reference = images(300, 0.5f, RETAINED, 1);
    ObsFeatureUnlearning m = new ObsFeatureUnlearning(new ObsFeatureUnlearning.Config(0.0, 1e-12), Set.of(5));
    ObsFeatureUnlearning.Edit e = m.prune(net, new int[] {0}, net.features(reference), reference.size());
    Network after = net.withParams(e.params());
    assertPruned(e.params(), 0, 5);
    double scale = Math.abs(net.allLogits(reference)[0]) + 1;
    // retained outputs unchanged on the reference set and on unseen inputs (h0 = 2 h1 holds everywhere)
    assertTrue(keptLogitChange(net, after, reference, 5) < 1e-6 * scale, "reference");
    assertTrue(keptLogitChange(net, after, images(100, 0.2f, RETAINED, 2), 5) < 1e-6 * scale, "unseen");
    assertTrue(e.pruning().retainedLogitChange() < 1e-8, "reported change " + e.pruning().retainedLogitChange());
    // the pruned unit's contribution moved onto unit 1: w_c1' = w_c1 + 2 w_c0 for a kept class
    assertEquals(p[OUT_OFF + 1] + 2 * p[OUT_OFF], e.params()[OUT_OFF + 1], 1e-6);
    // without compensation the same pruning would change the outputs
    double[] plain = p.clone();
    for (int c = 0; c < K; c++) {
      plain[OUT_OFF + c * F] = 0;
    }
    assertTrue(keptLogitChange(net, net.withParams(plain), reference, 5) > 1e-3);
    // the input model is untouched
    assertEquals(2 * p[HIDDEN_OFF + IN], p[HIDDEN_OFF], 0.0);
  }

  @Test
  void theUnitOnlyForgetImagesActivateIsPrunedAndRetainedOutputsStay() {
    Network net = Network.create("mlp-small", 11, Backend.JAVA);
    double[] p = net.params();
    // unit 3 reads pixel 0 only: on for forget images (pixel 0 = 1), off for retained ones (pixel 0 = 0)
    for (int i = 0; i < IN; i++) {
      p[HIDDEN_OFF + 3 * IN + i] = i == 0 ? 1.0 : 0.0;
    }
    p[HIDDEN_OFF + IN * F + 3] = 0.0;
    Dataset reference = images(300, 0.0f, RETAINED, 3);
    Dataset forget = images(100, 1.0f, new int[] {5}, 4);
    ObsFeatureUnlearning m = new ObsFeatureUnlearning(new ObsFeatureUnlearning.Config(1.0 / F, 1e-4), Set.of(5));
    ObsFeatureUnlearning.Edit e = m.edit(net, reference, forget);
    assertArrayEquals(new int[] {3}, e.pruning().units());
    assertEquals(F, e.pruning().featureSize());
    assertPruned(e.params(), 3, 5);
    Network after = net.withParams(e.params());
    // unit 3 is 0 on retained images, so removing it needs no compensation and changes no retained output
    assertEquals(0.0, keptLogitChange(net, after, images(100, 0.0f, RETAINED, 5), 5), 1e-9);
    // ... while the forget images' features lose it
    double[] h = after.features(forget);
    for (int i = 0; i < forget.size(); i++) {
      assertEquals(0.0, h[i * F + 3]);
    }
    // fraction 0 prunes nothing and is row zeroing
    ObsFeatureUnlearning.Edit none = new ObsFeatureUnlearning(new ObsFeatureUnlearning.Config(0.0, 1e-4), Set.of(5))
        .edit(net, reference, forget);
    assertEquals(0, none.pruning().units().length);
    assertArrayEquals(RowZeroUnlearning.zeroRows(net, Set.of(5)), none.params());
  }

  @Test
  void selectionTakesTheCeilingOfTheFractionMostSpecificFirst() {
    double[] s = {0.5, 3.0, 1.0, 3.0, 0.1};
    assertArrayEquals(new int[] {1, 3}, ObsFeatureUnlearning.select(s, 0.4));
    assertArrayEquals(new int[] {1, 3, 2}, ObsFeatureUnlearning.select(s, 0.41));
    assertArrayEquals(new int[] {}, ObsFeatureUnlearning.select(s, 0.0));
  }

  @Test
  void badArgumentsAreRefused() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new ObsFeatureUnlearning.Config(1.0, 1e-4))
        .getMessage().contains("unit fraction must be in [0, 1)"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new ObsFeatureUnlearning.Config(-0.1, 1e-4))
        .getMessage().contains("unit fraction"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new ObsFeatureUnlearning.Config(Double.NaN, 1e-4))
        .getMessage().contains("unit fraction"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new ObsFeatureUnlearning.Config(0.2, 0.0))
        .getMessage().contains("damping must be a finite number > 0"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new ObsFeatureUnlearning(ObsFeatureUnlearning.Config.defaults(), Set.of()))
        .getMessage().contains("at least one class"));
    ObsFeatureUnlearning m = new ObsFeatureUnlearning(ObsFeatureUnlearning.Config.defaults(), Set.of(5));
    Network net = Network.create("mlp-small", 1, Backend.JAVA);
    Dataset reference = images(20, 0.0f, RETAINED, 1);
    double[] h = net.features(reference);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> m.prune(net, new int[] {F}, h, 20))
        .getMessage().contains("out of range"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> m.prune(net, new int[] {2, 2}, h, 20))
        .getMessage().contains("repeated"));
    Dataset empty = images(0, 0.0f, RETAINED, 1);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> m.edit(net, reference, empty))
        .getMessage().contains("needs retained reference images and forget images"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new ObsFeatureUnlearning(ObsFeatureUnlearning.Config.defaults(), Set.of(12)).prune(net, new int[] {}, h, 20))
        .getMessage().contains("class 12 is out of range"));
    assertEquals(Algorithm.OBS_FEATURE, Algorithm.parse("obs-feature"));
  }
}
