package io.lethe.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.fl.data.Dataset;
import io.lethe.fl.model.ModelFile;
import io.lethe.fl.model.Network;
import io.lethe.fl.train.TrainConfig;
import io.lethe.fl.train.Trainer;
import io.lethe.json.JsonText;
import io.lethe.ledger.ForgetSpec;
import io.lethe.store.FileSystemContentStore;
import io.lethe.unlearning.audit.MembershipInference;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Membership inference in the models check, on real trained networks: a small noisy training set
 * (class c lights pixel block c faintly under heavy noise, so a network learns it partly
 * by heart) that a network trained many epochs
 * memorises ("before"), and one trained without class 5, which never saw the members ("after").
 */
class MembershipAuditTest {
  @TempDir static Path tmp;
  static Network memorised;
  static Network neverSaw;
  static Dataset members;
  static Dataset nonMembers;
  static Dataset train;

  static Dataset noisy(int n, long seed) {
    Random rnd = new Random(seed);
    float[] px = new float[n * 784];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int c = i % 10;
      labels[i] = c;
      for (int j = 0; j < 784; j++) {
        px[i * 784 + j] = (float) (rnd.nextDouble() * 0.5);
      }
      for (int j = 0; j < 60; j++) {
        px[i * 784 + c * 70 + j] += 0.1f;
      }
    }
    return new Dataset(px, labels, 784);
  }

  @BeforeAll
  static void train() {
    train = noisy(400, 11);
    TrainConfig cfg = new TrainConfig(40, 16, 0.02, 0.9);
    memorised = Network.create("mlp-small", 3);
    Trainer.train(memorised, train, cfg, 3);
    neverSaw = Network.create("mlp-small", 3);
    Trainer.train(neverSaw, train.filterLabels(l -> l != 5), cfg, 3);
    members = train.filterLabels(l -> l == 5);
    nonMembers = noisy(400, 12).filterLabels(l -> l == 5);
  }

  @Test
  void theAttackCatchesAModelThatMemorisedTheMembersAndNotOneThatNeverSawThem() {
    MembershipAudit.Figures f = MembershipAudit.measure(memorised, neverSaw, members, nonMembers);
    assertEquals(40, f.members());
    assertEquals(40, f.nonMembers());
    assertTrue(f.before().auc() > 0.8, "memorised: AUC " + f.before().auc());
    assertTrue(Math.abs(f.after().auc() - 0.5) < 0.15, "never saw them: AUC " + f.after().auc());
    assertTrue(f.informative(), f.reading());
    assertEquals(MembershipInference.FPR_GRID.length, f.before().roc().size());
    assertEquals(1.0, f.before().roc().get(f.before().roc().size() - 1).tpr());
  }

  @Test
  void anAttackWithoutPowerOnTheModelBeforeSaysSo() {
    MembershipAudit.Figures f = MembershipAudit.measure(neverSaw, neverSaw, members, nonMembers);
    assertFalse(f.informative(), "AUC before " + f.before().auc());
    assertTrue(f.reading().startsWith("the attack has no power here"), f.reading());
  }

  @Test
  void membersThatAreNotTheForgottenClassesAreRefused() {
    IllegalArgumentException wrongClass = assertThrows(IllegalArgumentException.class,
        () -> MembershipAudit.requireMembers(train.head(12), Set.of(5), 784));
    assertTrue(wrongClass.getMessage().contains("not a forgotten class [5]"), wrongClass.getMessage());
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> MembershipAudit.requireMembers(members.head(0), Set.of(5), 784));
    assertTrue(none.getMessage().contains("no image"), none.getMessage());
    IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
        () -> MembershipAudit.requireMembers(new Dataset(new float[10], new int[] {5}, 10), Set.of(5), 784));
    assertTrue(size.getMessage().contains("10 pixels"), size.getMessage());
    assertThrows(IllegalArgumentException.class, () -> BehaviourAudit.check(List.of(), ForgetSpec.classes(Set.of(5)),
        nonMembers, train.head(12), BehaviourAudit.Bounds.defaults()));
  }

  @Test
  void theModelsCheckCarriesTheFiguresInItsJsonAndDrawsTheRoc() throws Exception {
    FileSystemContentStore live = new FileSystemContentStore(tmp.resolve("live"));
    FileSystemContentStore archive = new FileSystemContentStore(tmp.resolve("archive"));
    String before = archive.put(ModelFile.write(memorised));
    String after = live.put(ModelFile.write(neverSaw));
    Dataset heldOut = noisy(400, 12);
    var rewrite = List.of(new BehaviourAudit.Rewrite("m", before, archive, after, live));
    CheckResult with = BehaviourAudit.check(rewrite, ForgetSpec.classes(Set.of(5)), heldOut, members,
        BehaviourAudit.Bounds.defaults());
    CheckResult without = BehaviourAudit.check(rewrite, ForgetSpec.classes(Set.of(5)), heldOut,
        BehaviourAudit.Bounds.defaults());
    assertEquals(without.verdict(), with.verdict(), "membership inference never changes the verdict");
    assertEquals(without.reason(), with.reason());
    assertNull(((BehaviourAudit.Evidence) without.evidence()).models().get(0).membership());
    MembershipAudit.Figures f = ((BehaviourAudit.Evidence) with.evidence()).models().get(0).membership();
    assertNotNull(f);
    JsonNode mi = JsonText.PRETTY.valueToTree(with).path("evidence").path("models").get(0).path("membership");
    assertEquals(f.before().auc(), mi.path("before").path("auc").asDouble());
    assertEquals(f.after().tprAt1PctFpr(), mi.path("after").path("tprAt1PctFpr").asDouble());
    assertEquals(MembershipInference.FPR_GRID.length, mi.path("after").path("roc").size());
    assertTrue(mi.path("informative").isBoolean());
    assertTrue(mi.path("reading").asText().contains("AUC"));
    String chart = ReportCharts.membershipRoc(((BehaviourAudit.Evidence) with.evidence()).models());
    assertTrue(chart.startsWith("data:image/png;base64,"));
    assertNull(ReportCharts.membershipRoc(((BehaviourAudit.Evidence) without.evidence()).models()));
    String html = ReportHtml.render(new AuditReport(AuditReport.FORMAT, "r", "ch", "t", new AuditReport.Auditor("a",
        "AuditorMSP", "CN=a"), "classes:5", AuditReport.TRUSTED, with.verdict(), List.of(with), java.util.Map.of()), "{}");
    assertTrue(html.contains("Membership inference (informational, no verdict)"));
    assertTrue(html.contains("alt=\"MIA ROC"));
    assertTrue(html.contains(f.reading()));
    String plain = ReportHtml.render(new AuditReport(AuditReport.FORMAT, "r", "ch", "t", new AuditReport.Auditor("a",
        "AuditorMSP", "CN=a"), "classes:5", AuditReport.TRUSTED, without.verdict(), List.of(without), java.util.Map.of()),
        "{}");
    assertTrue(plain.contains("Membership inference not measured"));
  }
}
