package io.lethe.unlearning.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lethe.fl.data.Dataset;
import io.lethe.fl.data.FashionMnist;
import io.lethe.fl.model.Network;
import io.lethe.fl.train.TrainConfig;
import io.lethe.fl.train.Trainer;
import io.lethe.unlearning.RowZeroUnlearning;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each metric can fail: the original model (trained on the forget set) scores badly, a retrain
 * (never saw it) well, a random model is the sanity bound, and output-row zeroing — which hides
 * the class without removing it — is caught by relearning and the probe.
 */
class ForgettingAuditTest {
  static final int FORGET = 5;
  static ForgettingAudit audit;
  static Network original;
  static Network retrain;
  static Network random;
  static ForgettingAudit.References refs;

  @BeforeAll
  static void train() throws Exception {
    assumeTrue(FashionMnist.available(FashionMnist.directory()), "dataset-fashion-mnist not installed");
    Dataset all = FashionMnist.train(FashionMnist.directory()).head(12000);
    Dataset test = FashionMnist.test(FashionMnist.directory()).head(3000);
    Dataset forgetClass = all.filterLabels(l -> l == FORGET);
    Dataset retainedClasses = all.filterLabels(l -> l != FORGET);
    Dataset members = forgetClass.head(200);
    Dataset nonMembers = forgetClass.tail(forgetClass.size() - 200);
    Dataset retainedTrain = retainedClasses.head(2000);
    Dataset probeTrain = retainedClasses.tail(1500).concat(nonMembers.tail(150));
    TrainConfig recipe = new TrainConfig(12, 32, 0.02, 0.9, true);
    Network init = Network.create("mlp-small", 3);
    original = init.copy();
    Trainer.train(original, retainedTrain.concat(members), recipe, 1);
    List<Network> retrains = new ArrayList<>();
    for (int r = 0; r < 4; r++) {
      Network m = Network.create("mlp-small", 100 + r);
      Trainer.train(m, retainedTrain, recipe, 200 + r);
      retrains.add(m);
    }
    retrain = retrains.get(0);
    random = Network.create("mlp-small", 99);
    audit = new ForgettingAudit(new ForgettingAudit.Images(test.filterLabels(l -> l == FORGET),
        test.filterLabels(l -> l != FORGET), Relearn.attackSet(members, retainedClasses.tail(400), Relearn.Config.defaults()),
        probeTrain, members, nonMembers.head(500)), ForgettingAudit.Config.defaults());
    // the references exclude the retrain being audited, as in the experiment
    refs = ForgettingAudit.References.of(retrains.subList(1, 4), audit.images());
  }

  static ForgettingAudit.ModelAudit full(Network m, double originalAf) {
    return audit.full(m, originalAf, refs, 5);
  }

  @Test
  void everyMetricSeparatesTheOriginalFromRetrain() {
    double originalAf = original.accuracy(audit.images().forgetEval());
    ForgettingAudit.ModelAudit o = full(original, originalAf);
    ForgettingAudit.ModelAudit r = full(retrain, originalAf);
    ForgettingAudit.ModelAudit z = full(random, originalAf);
    String all = "original " + o + "\nretrain " + r + "\nrandom " + z;
    assertTrue(o.forgetAccuracy() > 0.7 && r.forgetAccuracy() < 0.05, all);
    assertTrue(audit.knew(o.forgetAccuracy()) && !audit.knew(r.forgetAccuracy()), all);
    // relearn: the original keeps its knowledge, retrain must learn the class from 50 images
    assertTrue(o.relearnForgetAccuracy() > r.relearnForgetAccuracy() + 0.1, all);
    assertEquals(0, o.relearnSteps(), all);
    assertTrue(r.relearnSteps() > 0, all);
    // KL to a retrained model: large for the original on forget images, small between retrains
    assertTrue(o.klForget() > 5 * r.klForget(), all);
    // U-LiRA: a retrain and a random model are at chance (whether it catches a model that
    // memorised its members: membershipInferenceCatchesMemorisation)
    assertTrue(Math.abs(z.uliraAuc() - 0.5) < 0.1, all);
    // the probe reads the class from trained features better than from a random model's
    assertTrue(o.probeForgetAccuracy() > z.probeForgetAccuracy() - 0.05, all);
    assertTrue(z.forgetAccuracy() < 0.5 && z.retainAccuracy() < 0.5, all);
  }

  @Test
  void rowZeroingHidesTheClassButRelearningAndTheProbeFindIt() {
    double originalAf = original.accuracy(audit.images().forgetEval());
    Network zeroed = original.withParams(RowZeroUnlearning.zeroRows(original, Set.of(FORGET)));
    ForgettingAudit.ModelAudit z = full(zeroed, originalAf);
    ForgettingAudit.ModelAudit o = full(original, originalAf);
    ForgettingAudit.ModelAudit r = full(retrain, originalAf);
    String all = "zeroed " + z + "\noriginal " + o + "\nretrain " + r;
    assertTrue(z.forgetAccuracy() < 0.2, all);
    // the features are the original's: the probe sees the same separability
    assertEquals(o.probeForgetAccuracy(), z.probeForgetAccuracy(), 1e-9, all);
    assertTrue(z.relearnForgetAccuracy() > r.relearnForgetAccuracy(), all);
    assertTrue(z.relearnSteps() < r.relearnSteps(), all);
  }

  /**
   * A model that memorised few forget images (50 among 1,000 retained ones, 40 epochs of the
   * 784-128-10 MLP) is caught; its retrains are not.
   */
  @Test
  void membershipInferenceCatchesMemorisation() throws Exception {
    Dataset all = FashionMnist.train(FashionMnist.directory()).head(12000);
    Dataset forgetClass = all.filterLabels(l -> l == FORGET);
    Dataset members = forgetClass.head(50);
    Dataset nonMembers = forgetClass.tail(500);
    Dataset retained = all.filterLabels(l -> l != FORGET).head(1000);
    TrainConfig recipe = new TrainConfig(40, 32, 0.02, 0.9, true);
    Network target = Network.create("mlp", 1);
    Trainer.train(target, retained.concat(members), recipe, 1);
    List<Network> retrains = new ArrayList<>();
    for (int r = 0; r < 4; r++) {
      Network m = Network.create("mlp", 10 + r);
      Trainer.train(m, retained, recipe, 20 + r);
      retrains.add(m);
    }
    var memberRef = MembershipInference.Reference.of(retrains.subList(1, 4), members);
    var nonMemberRef = MembershipInference.Reference.of(retrains.subList(1, 4), nonMembers);
    MembershipInference.Result caught = MembershipInference.attack(target, members, memberRef, nonMembers, nonMemberRef);
    MembershipInference.Result clean = MembershipInference.attack(retrains.get(0), members, memberRef, nonMembers, nonMemberRef);
    // measured: AUC 0.71, TPR at 1 % FPR 0.02 (500 non-members)
    assertTrue(caught.auc() > 0.65, "memorised: " + caught.auc() + " " + caught.tprAt1PctFpr());
    assertTrue(Math.abs(clean.auc() - 0.5) < 0.12, "retrain: " + clean.auc());
  }

  @Test
  void rocAndTprFollowTheirDefinitions() {
    double[] members = {5, 6, 7, 8};
    double[] non = new double[100];
    for (int i = 0; i < 100; i++) {
      non[i] = i / 100.0;
    }
    MembershipInference.Result perfect = MembershipInference.evaluate(members, non);
    assertEquals(1.0, perfect.auc());
    assertEquals(1.0, perfect.tprAt1PctFpr());
    MembershipInference.Result none = MembershipInference.evaluate(new double[] {-1, -2}, non);
    assertEquals(0.0, none.auc());
    assertEquals(0.0, none.tprAt1PctFpr());
    // identical distributions: AUC 0.5, TPR at 1 % FPR ≈ 0.01
    MembershipInference.Result same = MembershipInference.evaluate(non, non);
    assertEquals(0.5, same.auc(), 1e-12);
    assertTrue(same.tprAt1PctFpr() <= 0.01, "" + same.tprAt1PctFpr());
  }
}
