package io.lethe.fl.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/** Seeded partitions of a dataset among users, and per-user train/test splits. */
public final class Partitioner {
  private Partitioner() {}

  /** A user's local data. */
  public record UserData(Dataset train, Dataset test) {}

  /** IID: a seeded shuffle dealt round-robin into {@code users} parts. */
  public static int[][] iid(Dataset data, int users, long seed) {
    int[] order = shuffled(data.size(), new Random(seed));
    int[][] parts = new int[users][];
    for (int u = 0; u < users; u++) {
      final int user = u;
      parts[u] = IntStream.range(0, order.length).filter(k -> k % users == user).map(k -> order[k]).toArray();
    }
    return parts;
  }

  /**
   * Non-IID by class: each user receives samples of {@code classesPerUser} classes (classes
   * assigned cyclically after a seeded shuffle), each class's samples split evenly among the
   * users that hold it.
   */
  public static int[][] byClass(Dataset data, int users, int classesPerUser, int classes, long seed) {
    Random rnd = new Random(seed);
    int[] classOrder = shuffled(classes, rnd);
    List<List<Integer>> holders = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      holders.add(new ArrayList<>());
    }
    int next = 0;
    for (int u = 0; u < users; u++) {
      for (int k = 0; k < classesPerUser; k++) {
        holders.get(classOrder[next++ % classes]).add(u);
      }
    }
    List<List<Integer>> parts = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      parts.add(new ArrayList<>());
    }
    int[] order = shuffled(data.size(), rnd);
    int[] seen = new int[classes];
    for (int i : order) {
      List<Integer> h = holders.get(data.label(i));
      if (!h.isEmpty()) {
        parts.get(h.get(seen[data.label(i)]++ % h.size())).add(i);
      }
    }
    return parts.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
  }

  /** Splits a user's samples: a seeded {@code testFraction} becomes local test data. */
  public static UserData split(Dataset data, int[] indices, double testFraction, long seed) {
    int[] idx = indices.clone();
    shuffleInPlace(idx, new Random(seed));
    int nTest = (int) Math.round(idx.length * testFraction);
    return new UserData(data.select(Arrays.copyOfRange(idx, nTest, idx.length)),
        data.select(Arrays.copyOfRange(idx, 0, nTest)));
  }

  /** The indices {@code 0..n-1} in a seeded random order. */
  public static int[] shuffled(int n, Random rnd) {
    int[] a = IntStream.range(0, n).toArray();
    shuffleInPlace(a, rnd);
    return a;
  }

  static void shuffleInPlace(int[] a, Random rnd) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
