package io.lethe.unlearning.audit;

import io.lethe.fl.data.Dataset;
import io.lethe.fl.model.Network;
import io.lethe.unlearning.Metrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A U-LiRA-style membership-inference attack on an unlearned model (after Hayes et al., "Inexact
 * unlearning needs more careful evaluations", and Carlini et al.'s LiRA). Members are the
 * forgotten training images; non-members are <em>training</em> images of the same classes that
 * nobody trained on (so both come from one distribution, which test images need not). A few
 * <em>reference</em> models retrained without the forget set (other seeds) give, per image,
 * the distribution of the logit-scaled confidence {@code φ(x) = z_y − log Σ_{j≠y} e^{z_j}} that a
 * model which never saw it produces: mean {@code μ_x} per image, a standard deviation pooled over
 * images (a few references cannot estimate one per image). The attack scores an image by how
 * unlikely the target's {@code φ} is under that Gaussian, two-sided
 * ({@code |φ_target − μ_x| / σ}): an unlearned model that is still more confident on the forgotten
 * images, or suspiciously less confident (over-forgetting), than on unseen ones of the same
 * class is caught. A target indistinguishable from a retrain gives AUC ≈ 0.5 and TPR at 1 % FPR ≈ 0.01.
 * With no reference model it falls back to the raw {@code φ} (a global-threshold attack).
 */
public final class MembershipInference {
  /** TPR at these FPRs makes the ROC curve the report plots. */
  public static final double[] FPR_GRID = {0, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4,
      0.5, 0.6, 0.7, 0.8, 0.9, 1.0};

  /** AUC, TPR at 1 % FPR, and the TPR at each of {@link #FPR_GRID}. */
  public record Result(double auc, double tprAt1PctFpr, double[] rocTpr) {}

  private MembershipInference() {}

  /** {@code φ(x)} of every image: logit-scaled confidence in its true label. */
  public static double[] scaledConfidence(Network net, Dataset d) {
    int k = net.classes();
    double[] z = net.allLogits(d);
    double[] out = new double[d.size()];
    for (int i = 0; i < d.size(); i++) {
      int y = d.label(i);
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        if (c != y) {
          max = Math.max(max, z[i * k + c]);
        }
      }
      double s = 0;
      for (int c = 0; c < k; c++) {
        if (c != y) {
          s += Math.exp(z[i * k + c] - max);
        }
      }
      out[i] = z[i * k + y] - (max + Math.log(s));
    }
    return out;
  }

  /** Per-image reference statistics: {@code μ_x} and the pooled {@code σ}. */
  public record Reference(double[] mean, double sd) {
    public static Reference of(List<Network> references, Dataset d) {
      int n = d.size();
      double[] mean = new double[n];
      List<double[]> phis = new ArrayList<>();
      for (Network r : references) {
        double[] phi = scaledConfidence(r, d);
        phis.add(phi);
        for (int i = 0; i < n; i++) {
          mean[i] += phi[i] / references.size();
        }
      }
      double var = 0;
      int count = 0;
      if (references.size() >= 2) {
        for (double[] phi : phis) {
          for (int i = 0; i < n; i++) {
            var += (phi[i] - mean[i]) * (phi[i] - mean[i]);
            count++;
          }
        }
        var /= Math.max(1, count - n);
      } else {
        var = 1;
      }
      return new Reference(mean, Math.sqrt(var) + 1e-9);
    }
  }

  /** The attack's score of each image (higher = more likely a member). */
  public static double[] scores(Network target, Dataset d, Reference ref) {
    double[] phi = scaledConfidence(target, d);
    if (ref == null) {
      return phi;
    }
    double[] s = new double[phi.length];
    for (int i = 0; i < phi.length; i++) {
      s[i] = Math.abs(phi[i] - ref.mean()[i]) / ref.sd();
    }
    return s;
  }

  /** Runs the attack: {@code members} vs {@code nonMembers}, each calibrated by its own reference statistics. */
  public static Result attack(Network target, Dataset members, Reference memberRef, Dataset nonMembers,
      Reference nonMemberRef) {
    return evaluate(scores(target, members, memberRef), scores(target, nonMembers, nonMemberRef));
  }

  /** AUC, TPR at 1 % FPR and the ROC on {@link #FPR_GRID} from the two score sets. */
  public static Result evaluate(double[] memberScores, double[] nonMemberScores) {
    double auc = Metrics.auc(memberScores, nonMemberScores);
    double[] roc = new double[FPR_GRID.length];
    for (int g = 0; g < FPR_GRID.length; g++) {
      roc[g] = tprAt(memberScores, nonMemberScores, FPR_GRID[g]);
    }
    return new Result(auc, tprAt(memberScores, nonMemberScores, 0.01), roc);
  }

  /**
   * The fraction of members scored above the threshold that lets at most {@code fpr} of the
   * non-members through (strictly above: ties count as negatives).
   */
  public static double tprAt(double[] members, double[] nonMembers, double fpr) {
    if (fpr >= 1) {
      return 1.0;
    }
    double[] neg = nonMembers.clone();
    Arrays.sort(neg);
    int allowed = (int) Math.floor(fpr * neg.length);
    double threshold = neg[neg.length - 1 - allowed];
    int tp = 0;
    for (double m : members) {
      if (m > threshold) {
        tp++;
      }
    }
    return (double) tp / members.length;
  }
}
