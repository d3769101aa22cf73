package io.lethe.audit;

import io.lethe.fl.data.Dataset;
import io.lethe.fl.model.Network;
import io.lethe.unlearning.audit.MembershipInference;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Membership inference in the {@code models} check, informational: can an attacker tell the
 * owner's forgotten training images (members, handed over by the owner with {@code --member-images}
 * / {@code --member-labels}) from the auditor's held-out images of the same classes (non-members,
 * the same count), from each model before and after? The auditor has no retrained reference
 * models, so the attack is {@link MembershipInference}'s global-threshold one on the raw
 * logit-scaled confidence. Its figure after means something only if the attack had power on the
 * model before (AUC clearly above 0.5); {@link #informative} says which. It never fails the check.
 */
public final class MembershipAudit {
  /** AUC before within this of 0.5: the attack cannot tell members apart even on the model that trained on them. */
  public static final double NO_POWER = 0.05;

  private MembershipAudit() {}

  /** One point of the ROC curve (on {@link MembershipInference#FPR_GRID}). */
  public record RocPoint(double fpr, double tpr) {}

  public record Attack(double auc, double tprAt1PctFpr, List<RocPoint> roc) {}

  /** {@code informative}: the attack had power on the model before; {@code reading} says in words what the figures mean. */
  public record Figures(int members, int nonMembers, Attack before, Attack after, boolean informative, String reading) {}

  /**
   * Refuses members that cannot be the owner's forgotten images: none, the wrong image size, or a
   * label outside the forgotten classes.
   */
  public static void requireMembers(Dataset members, Set<Integer> forgotten, int featureCount) {
    if (members.size() == 0) {
      throw new IllegalArgumentException("the member file holds no image");
    }
    if (members.featureCount() != featureCount) {
      throw new IllegalArgumentException("member images have " + members.featureCount() + " pixels, the models take "
          + featureCount);
    }
    for (int i = 0; i < members.size(); i++) {
      if (!forgotten.contains(members.label(i))) {
        throw new IllegalArgumentException("member image " + i + " has label " + members.label(i)
            + ", not a forgotten class " + forgotten + ": members are the owner's forgotten training images");
      }
    }
  }

  /** The attack on both models: {@code members} vs as many of {@code heldOutForgotten} (the auditor's images of the classes). */
  public static Figures measure(Network before, Network after, Dataset members, Dataset heldOutForgotten) {
    int n = Math.min(members.size(), heldOutForgotten.size());
    Dataset in = members.head(n);
    Dataset out = heldOutForgotten.head(n);
    Attack b = attack(before, in, out);
    Attack a = attack(after, in, out);
    boolean informative = b.auc() - 0.5 > NO_POWER;
    String reading = informative
        ? String.format("the attack tells members from non-members on the model before (AUC %.3f); after: AUC %.3f, "
            + "TPR at 1%% FPR %.3f (0.5 and about 0.01: no trace of membership left)", b.auc(), a.auc(), a.tprAt1PctFpr())
        : String.format("the attack has no power here: AUC %.3f on the model before, which trained on the members, so "
            + "its figure after (AUC %.3f) says nothing about forgetting", b.auc(), a.auc());
    return new Figures(n, n, b, a, informative, reading);
  }

  private static Attack attack(Network net, Dataset members, Dataset nonMembers) {
    MembershipInference.Result r = MembershipInference.evaluate(MembershipInference.scores(net, members, null),
        MembershipInference.scores(net, nonMembers, null));
    List<RocPoint> roc = new ArrayList<>();
    for (int g = 0; g < MembershipInference.FPR_GRID.length; g++) {
      roc.add(new RocPoint(MembershipInference.FPR_GRID[g], r.rocTpr()[g]));
    }
    return new Attack(r.auc(), r.tprAt1PctFpr(), roc);
  }
}
