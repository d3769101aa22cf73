package io.lethe.unlearning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.lethe.fl.data.Dataset;
import io.lethe.fl.model.Backend;
import io.lethe.fl.model.Network;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Gradient ascent restricted to the parameters from {@code firstTrainable} on moves nothing before it. */
class HeadOnlyAscentTest {
  @Test
  void onlyTheHeadMoves() {
    Random r = new Random(3);
    int n = 64;
    float[] px = new float[n * 784];
    int[] labels = new int[n];
    for (int i = 0; i < px.length; i++) {
      px[i] = r.nextFloat();
    }
    for (int i = 0; i < n; i++) {
      labels[i] = i % 10;
    }
    Dataset data = new Dataset(px, labels, 784);
    Network net = Network.create("mlp-small", 1, Backend.JAVA);
    double[] before = net.params().clone();
    int head = net.paramCount() - (32 * 10 + 10);
    new GradientAscentUnlearning(GradientAscentUnlearning.Config.defaults())
        .ascend(net, data.filterLabels(l -> l == 0), data.filterLabels(l -> l != 0), 7, head);
    double[] after = net.params();
    assertArrayEquals(Arrays.copyOf(before, head), Arrays.copyOf(after, head));
    assertFalse(Arrays.equals(Arrays.copyOfRange(before, head, before.length), Arrays.copyOfRange(after, head, after.length)));
  }
}
