package io.lethe.audit;

import io.lethe.fl.data.Dataset;
import io.lethe.fl.model.ModelFile;
import io.lethe.fl.model.Network;
import io.lethe.ledger.ForgetSpec;
import io.lethe.store.ContentStore;
import io.lethe.store.UnixFsCid;
import io.lethe.unlearning.audit.Relearn;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Check {@code models}: the auditor measures the unlearning itself, on its own held-out images
 * (the Fashion-MNIST test split, never a client's data), from the files fetched by CID: A_f
 * (accuracy on the forgotten classes) and A_r (on the others) of each model before (the
 * superseded file, archive store) and after (the file the request wrote). Passes when every
 * model's A_f after is at most {@code maxForgetAccuracy} and the mean A_r dropped by at most
 * {@code retainTolerance}.
 */
public final class BehaviourAudit {
  public static final String NAME = "models";

  private BehaviourAudit() {}

  public record Bounds(double maxForgetAccuracy, double retainTolerance) {
    public static Bounds defaults() {
      return new Bounds(0.10, 0.05);
    }
  }

  /** The two files of one rewrite and where each is kept. */
  public record Rewrite(String model, String beforeCid, ContentStore beforeStore, String afterCid,
      ContentStore afterStore) {}

  /**
   * {@code relearn*}: the relearning attack ({@link Relearn}) on the model after, for models that
   * knew the forgotten classes before (A_f before above {@value #KNEW}); null for the others.
   * {@code membership}: the membership-inference attack before and after ({@link MembershipAudit}),
   * for the same models, when the owner handed over its forgotten images; otherwise null.
   */
  public record ModelFigures(String model, String beforeCid, String afterCid, Double forgetBefore, Double forgetAfter,
      Double retainBefore, Double retainAfter, Double relearnForgetAccuracy, Integer relearnStepsToRecover,
      List<Relearn.Point> relearnCurve, MembershipAudit.Figures membership, String problem) {}

  /** Informational: how fast the forgotten classes come back; the verdict rests on A_f and A_r. */
  public record Evidence(String forget, int forgetImages, int retainImages, Bounds bounds, Double meanRetainBefore,
      Double meanRetainAfter, Relearn.Config relearn, int relearnAttackImages, List<ModelFigures> models) {}

  /** A_f before above this: the model knew the class (as {@code ForgettingAudit.Config.defaults()}). */
  public static final double KNEW = 0.05;

  public static CheckResult check(List<Rewrite> rewrites, ForgetSpec forget, Dataset heldOut, Bounds bounds) {
    return check(rewrites, forget, heldOut, null, bounds);
  }

  /**
   * As above; with {@code members} (the owner's forgotten training images, checked by
   * {@link MembershipAudit#requireMembers}) also the membership-inference figures of each model
   * that knew the classes, informational.
   */
  public static CheckResult check(List<Rewrite> rewrites, ForgetSpec forget, Dataset heldOut, Dataset members,
      Bounds bounds) {
    if (forget == null) {
      return CheckResult.notChecked(NAME, "the forget specification is private to the request's owner and the committee "
          + "(the ledger keeps its commitment); pass --forget to measure", null);
    }
    if (forget.kind() != ForgetSpec.Kind.CLASSES) {
      return CheckResult.notChecked(NAME, "only class forgetting (classes:C) has held-out images to measure on", null);
    }
    Set<Integer> classes = forget.classes();
    if (members != null) {
      MembershipAudit.requireMembers(members, classes, heldOut.featureCount());
    }
    Dataset forgetSet = heldOut.filterLabels(classes::contains);
    Dataset retainSet = heldOut.filterLabels(l -> !classes.contains(l));
    // the relearning attacker's images: the auditor's own, disjoint from the ones it measures on
    Relearn.Config rc = Relearn.Config.defaults();
    int attackForget = Math.min(rc.forgetImages(), forgetSet.size() / 2);
    Dataset attack = Relearn.attackSet(forgetSet.head(attackForget), retainSet.tail(rc.retainedImages()), rc);
    Dataset relearnEval = forgetSet.tail(forgetSet.size() - attackForget);
    List<ModelFigures> figures = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    double sumBefore = 0;
    double sumAfter = 0;
    int measured = 0;
    for (Rewrite r : rewrites) {
      Network before;
      Network after;
      try {
        before = fetch(r.beforeStore(), r.beforeCid());
        after = fetch(r.afterStore(), r.afterCid());
      } catch (IOException e) {
        missing.add(r.model() + ": " + e.getMessage());
        figures.add(new ModelFigures(r.model(), r.beforeCid(), r.afterCid(), null, null, null, null, null, null, null,
            null, e.getMessage()));
        continue;
      }
      double fb = before.accuracy(forgetSet);
      double fa = after.accuracy(forgetSet);
      double rb = before.accuracy(retainSet);
      double ra = after.accuracy(retainSet);
      String problem = fa > bounds.maxForgetAccuracy()
          ? String.format("A_f after %.3f > %.2f", fa, bounds.maxForgetAccuracy()) : null;
      if (problem != null) {
        failed.add(r.model() + ": " + problem);
      }
      Relearn.Result relearn = fb > KNEW && attackForget > 0
          ? Relearn.attack(after, attack, relearnEval, rc.recoverFraction() * fb, rc, r.model().hashCode()) : null;
      figures.add(new ModelFigures(r.model(), r.beforeCid(), r.afterCid(), fb, fa, rb, ra,
          relearn == null ? null : relearn.forgetAccuracy(), relearn == null ? null : relearn.stepsToRecover(),
          relearn == null ? null : relearn.curve(),
          members != null && fb > KNEW ? MembershipAudit.measure(before, after, members, forgetSet) : null, problem));
      sumBefore += rb;
      sumAfter += ra;
      measured++;
    }
    Double meanBefore = measured == 0 ? null : sumBefore / measured;
    Double meanAfter = measured == 0 ? null : sumAfter / measured;
    Evidence ev = new Evidence(forget.toString(), forgetSet.size(), retainSet.size(), bounds, meanBefore, meanAfter,
        rc, attack.size(), figures);
    if (meanBefore != null && meanAfter < meanBefore - bounds.retainTolerance()) {
      failed.add(String.format("mean A_r fell from %.3f to %.3f (more than %.2f)", meanBefore, meanAfter,
          bounds.retainTolerance()));
    }
    if (!failed.isEmpty()) {
      return CheckResult.fail(NAME, String.join("; ", failed), ev);
    }
    if (!missing.isEmpty()) {
      return CheckResult.notChecked(NAME, "file(s) not fetched by CID: " + String.join("; ", missing), ev);
    }
    return CheckResult.pass(NAME, String.format("%d model(s) measured on %d + %d held-out images: every A_f after <= %.2f, "
        + "mean A_r %.3f -> %.3f", measured, forgetSet.size(), retainSet.size(), bounds.maxForgetAccuracy(), meanBefore,
        meanAfter), ev);
  }

  /** The model in {@code store} under {@code cid}, its bytes re-hashed to the CID first. */
  static Network fetch(ContentStore store, String cid) throws IOException {
    Optional<byte[]> bytes = RawRead.of(store, cid);
    if (bytes.isEmpty()) {
      throw new IOException(cid + " is not in the store");
    }
    String actual = UnixFsCid.of(bytes.get());
    if (!actual.equals(cid)) {
      throw new IOException(cid + ": the store's bytes hash to " + actual);
    }
    return ModelFile.read(bytes.get());
  }
}
