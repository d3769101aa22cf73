package io.lethe.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lethe.fl.data.Dataset;
import io.lethe.fl.model.ModelFile;
import io.lethe.fl.model.Network;
import io.lethe.fl.train.TrainConfig;
import io.lethe.fl.train.Trainer;
import io.lethe.ledger.ForgetSpec;
import io.lethe.store.FileSystemContentStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The models check on two real trained networks: one that knows class 5 ("before") and one
 * trained without it ("after"), on separable synthetic images (class c lights pixel block c).
 */
class BehaviourAuditTest {
  @TempDir static Path tmp;
  static FileSystemContentStore live;
  static FileSystemContentStore archive;
  static String knows;
  static String forgot;
  static Dataset heldOut;

  static Dataset images(int n, long seed) {
    Random rnd = new Random(seed);
    float[] px = new float[n * 784];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int c = rnd.nextInt(10);
      labels[i] = c;
      for (int j = 0; j < 784; j++) {
        px[i * 784 + j] = (float) (rnd.nextDouble() * 0.2);
      }
      for (int j = 0; j < 60; j++) {
        px[i * 784 + c * 70 + j] += 0.8f;
      }
    }
    return new Dataset(px, labels, 784);
  }

  @BeforeAll
  static void train() throws Exception {
    live = new FileSystemContentStore(tmp.resolve("live"));
    archive = new FileSystemContentStore(tmp.resolve("archive"));
    Dataset train = images(1500, 1);
    TrainConfig cfg = new TrainConfig(4, 32, 0.05, 0.9);
    Network before = Network.create("mlp-small", 7);
    Trainer.train(before, train, cfg, 7);
    Network after = Network.create("mlp-small", 7);
    Trainer.train(after, train.filterLabels(l -> l != 5), cfg, 7);
    knows = archive.put(ModelFile.write(before));
    forgot = live.put(ModelFile.write(after));
    heldOut = images(600, 2);
  }

  @Test
  void aModelThatForgotPasses() {
    CheckResult r = BehaviourAudit.check(List.of(new BehaviourAudit.Rewrite("m", knows, archive, forgot, live)),
        ForgetSpec.classes(Set.of(5)), heldOut, BehaviourAudit.Bounds.defaults());
    assertEquals(Verdict.PASS, r.verdict(), r.reason());
    BehaviourAudit.ModelFigures f = ((BehaviourAudit.Evidence) r.evidence()).models().get(0);
    assertTrue(f.forgetBefore() > 0.8, "before: " + f.forgetBefore());
    assertTrue(f.forgetAfter() <= 0.10, "after: " + f.forgetAfter());
    assertNotNull(f.relearnCurve(), "the model knew the class: the relearning attack ran");
  }

  @Test
  void aModelThatStillKnowsFails() throws Exception {
    String knowsLive = live.put(archive.get(knows).orElseThrow());
    CheckResult r = BehaviourAudit.check(List.of(new BehaviourAudit.Rewrite("m", knows, archive, knowsLive, live)),
        ForgetSpec.classes(Set.of(5)), heldOut, BehaviourAudit.Bounds.defaults());
    assertEquals(Verdict.FAIL, r.verdict());
    assertTrue(r.reason().startsWith("m: A_f after"), r.reason());
    live.delete(knowsLive);
  }

  @Test
  void aFileNotMatchingItsCidIsNotMeasured() throws Exception {
    Path other = tmp.resolve("other");
    FileSystemContentStore o = new FileSystemContentStore(other);
    String cid = o.put(ModelFile.write(Network.create("mlp-small", 9)));
    byte[] b = Files.readAllBytes(other.resolve(cid));
    b[b.length - 5] ^= 1;
    Files.write(other.resolve(cid), b);
    CheckResult r = BehaviourAudit.check(List.of(new BehaviourAudit.Rewrite("m", knows, archive, cid, o)),
        ForgetSpec.classes(Set.of(5)), heldOut, BehaviourAudit.Bounds.defaults());
    assertEquals(Verdict.NOT_CHECKED, r.verdict());
    assertTrue(r.reason().contains("hash to"), r.reason());
  }

  @Test
  void withoutTheForgetSpecificationNothingIsMeasured() {
    CheckResult r = BehaviourAudit.check(List.of(), null, heldOut, BehaviourAudit.Bounds.defaults());
    assertEquals(Verdict.NOT_CHECKED, r.verdict());
    assertNull(r.evidence());
  }
}
