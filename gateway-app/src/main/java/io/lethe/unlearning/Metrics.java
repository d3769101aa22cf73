package io.lethe.unlearning;

import io.lethe.fl.data.Dataset;
import io.lethe.fl.model.Network;
import java.util.Arrays;

/**
 * Unlearning metrics: accuracy on the forgotten classes {@code A_f} (test samples), on the
 * retained classes {@code A_r}, and a loss-threshold membership-inference attack's AUC on the
 * forget set: members are the forgotten training samples, non-members test samples of the
 * same classes, the attack score is {@code −loss}. 0.5 means the attacker cannot tell them
 * apart.
 */
public final class Metrics {
  private Metrics() {}

  public record ModelMetrics(double forgetAccuracy, double retainAccuracy, double miaAuc) {}

  public static ModelMetrics evaluate(Network net, Dataset testForget, Dataset testRetained,
      Dataset forgetSet) {
    return new ModelMetrics(net.accuracy(testForget), net.accuracy(testRetained),
        membershipAuc(net, forgetSet, testForget));
  }

  public static double membershipAuc(Network net, Dataset members, Dataset nonMembers) {
    double[] lm = net.sampleLosses(members);
    double[] ln = net.sampleLosses(nonMembers);
    for (int i = 0; i < lm.length; i++) {
      lm[i] = -lm[i];
    }
    for (int i = 0; i < ln.length; i++) {
      ln[i] = -ln[i];
    }
    return auc(lm, ln);
  }

  /** P(score(positive) > score(negative)) + ½ P(tie) — the Mann–Whitney U statistic, normalised. */
  public static double auc(double[] positives, double[] negatives) {
    if (positives.length == 0 || negatives.length == 0) {
      return Double.NaN;
    }
    int n = positives.length + negatives.length;
    double[] all = new double[n];
    boolean[] pos = new boolean[n];
    Integer[] order = new Integer[n];
    for (int i = 0; i < positives.length; i++) {
      all[i] = positives[i];
      pos[i] = true;
    }
    System.arraycopy(negatives, 0, all, positives.length, negatives.length);
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(all[a], all[b]));
    double rankSumPos = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && all[order[j + 1]] == all[order[i]]) {
        j++;
      }
      double avgRank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (pos[order[k]]) {
          rankSumPos += avgRank;
        }
      }
      i = j + 1;
    }
    double np = positives.length;
    return (rankSumPos - np * (np + 1) / 2) / (np * negatives.length);
  }
}
