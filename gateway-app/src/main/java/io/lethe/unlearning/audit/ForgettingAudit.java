package io.lethe.unlearning.audit;

import io.lethe.fl.data.Dataset;
import io.lethe.fl.model.Network;
import java.util.List;

/**
 * Measurements that can tell a model that unlearnt a class from one that hides it, for one model
 * at a time (the experiment runs it on every affected model; an auditor can run it on one
 * published model against its own retrained references):
 * <ul>
 *   <li>{@code A_f}, {@code A_r}: accuracy on forget-class / retained-class evaluation images;</li>
 *   <li>relearn: {@link Relearn} — A_f after a few fine-tuning steps on a few forget images, and the
 *       steps until A_f recovers to half the original's;</li>
 *   <li>probe: {@link LinearProbe} on the penultimate features, scored on forget-class images;</li>
 *   <li>KL to the retrained model on forget-class and on all evaluation images ({@link OutputDivergence});</li>
 *   <li>U-LiRA-style membership inference against retrained references ({@link MembershipInference}).</li>
 * </ul>
 * A model "knew" the class when its original A_f exceeds {@link Config#knewThreshold()}; averages
 * are meant over those models only (descendants that never learnt the class pass every test
 * trivially).
 */
public final class ForgettingAudit {
  public record Config(double knewThreshold, Relearn.Config relearn, LinearProbe.Config probe, int miaImages) {
    public static Config defaults() {
      return new Config(0.05, Relearn.Config.defaults(), LinearProbe.Config.defaults(), 1000);
    }
  }

  /**
   * The images an audit uses: evaluation images of the forgotten and retained classes; the
   * relearning attacker's images; labelled images (all classes) the probe trains on; members
   * (forgotten training images) and non-members (held-out training images of the same classes).
   */
  public record Images(Dataset forgetEval, Dataset retainedEval, Dataset relearnAttack, Dataset probeTrain,
      Dataset members, Dataset nonMembers) {
    public Dataset allEval() {
      return forgetEval.concat(retainedEval);
    }
  }

  /**
   * One model's audit. The fields after {@code retainAccuracy} are null when only the accuracies
   * were measured (a model that did not know the class).
   */
  public record ModelAudit(double forgetAccuracy, double retainAccuracy, Double relearnForgetAccuracy,
      Integer relearnSteps, List<Relearn.Point> relearnCurve, Double probeForgetAccuracy, Double klForget,
      Double klTest, Double uliraAuc, Double uliraTprAt1PctFpr, double[] rocTpr) {}

  /**
   * The retrained references for one model: {@code retrained.get(0)} is the KL reference; all
   * of them calibrate the membership attack. Build once per model, reuse for every method.
   */
  public record References(List<Network> retrained, MembershipInference.Reference members,
      MembershipInference.Reference nonMembers) {
    public static References of(List<Network> retrained, Images images) {
      return new References(List.copyOf(retrained),
          retrained.isEmpty() ? null : MembershipInference.Reference.of(retrained, images.members()),
          retrained.isEmpty() ? null : MembershipInference.Reference.of(retrained, images.nonMembers()));
    }
  }

  private final Images images;
  private final Config cfg;

  public ForgettingAudit(Images images, Config cfg) {
    this.images = new Images(images.forgetEval(), images.retainedEval(), images.relearnAttack(),
        images.probeTrain(), images.members().head(cfg.miaImages()), images.nonMembers().head(cfg.miaImages()));
    this.cfg = cfg;
  }

  public Images images() {
    return images;
  }

  public Config config() {
    return cfg;
  }

  /** Whether a model with this original A_f counts as having known the class. */
  public boolean knew(double originalForgetAccuracy) {
    return originalForgetAccuracy > cfg.knewThreshold();
  }

  /** A_f and A_r only. */
  public ModelAudit accuracies(Network model) {
    return new ModelAudit(model.accuracy(images.forgetEval()), model.accuracy(images.retainedEval()),
        null, null, null, null, null, null, null, null, null);
  }

  /**
   * Every measurement.
   *
   * @param originalForgetAccuracy the model's A_f before unlearning (sets the relearn recovery level)
   * @param refs retrained references for this model (KL and membership inference); empty skips both
   */
  public ModelAudit full(Network model, double originalForgetAccuracy, References refs, long seed) {
    double af = model.accuracy(images.forgetEval());
    double ar = model.accuracy(images.retainedEval());
    Relearn.Result relearn = Relearn.attack(model, images.relearnAttack(), images.forgetEval(),
        cfg.relearn().recoverFraction() * originalForgetAccuracy, cfg.relearn(), seed);
    double probe = LinearProbe.accuracy(model, images.probeTrain(), images.forgetEval(), cfg.probe(), seed);
    Double klForget = null;
    Double klTest = null;
    Double auc = null;
    Double tpr = null;
    double[] roc = null;
    if (!refs.retrained().isEmpty()) {
      Network reference = refs.retrained().get(0);
      klForget = OutputDivergence.meanKl(reference, model, images.forgetEval());
      klTest = OutputDivergence.meanKl(reference, model, images.allEval());
      MembershipInference.Result mia = MembershipInference.attack(model, images.members(), refs.members(),
          images.nonMembers(), refs.nonMembers());
      auc = mia.auc();
      tpr = mia.tprAt1PctFpr();
      roc = mia.rocTpr();
    }
    return new ModelAudit(af, ar, relearn.forgetAccuracy(), relearn.stepsToRecover(), relearn.curve(), probe,
        klForget, klTest, auc, tpr, roc);
  }
}
