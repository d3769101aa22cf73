package io.lethe.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.chameleon.ChameleonPublicKey;
import io.lethe.fabric.FabricSession;
import io.lethe.fabric.LedgerClient;
import io.lethe.fabric.ModelToPublish;
import io.lethe.fl.Scenario;
import io.lethe.ledger.ForgetSpec;
import io.lethe.ledger.Inputs.Redaction;
import io.lethe.ledger.LedgerRequests;
import io.lethe.ledger.Method;
import io.lethe.ledger.Paradigm;
import io.lethe.redaction.CommitteeSigner;
import io.lethe.redaction.RedactionPlanner;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Seeds a ledger with the {@code fmnist-14} scenario ({@link Scenario#MODELS}) and synthetic
 * payloads: each model is published by the Fabric identity of its user ({@code u01} →
 * {@code user1}); the forgetting user opens an unlearning request for its starting models; the
 * committee rewrites the first K models of the cascade (one RedactBatch, or K RedactOne for the
 * sequential paradigm); the chaincode then re-verifies the chain.
 */
public final class LedgerSeed {
  /** What to seed: id prefix, paradigm of the request, K redactions, what the request forgets. */
  public record Options(String prefix, Paradigm paradigm, int redactions, ForgetSpec forget) {
    public Options {
      if (paradigm == Paradigm.ZERO_SHOT) {
        throw new IllegalArgumentException("the seed redacts synthetically: paradigm parallel or sequential");
      }
      if (redactions < 0) {
        throw new IllegalArgumentException("redactions must be ≥ 0");
      }
    }
  }

  /** One published model: scenario id (prefixed), scenario user, the Fabric identity that published it, block, refs. */
  public record PublishedModel(String id, String user, String owner, long block, List<String> refs) {}

  /** What the seed did (committee: where the collisions came from), and VerifyChain's answer at the end. */
  public record Report(String committee, List<PublishedModel> published, JsonNode request, List<JsonNode> redactions,
      JsonNode verifyChain) {
    public boolean valid() {
      return verifyChain.path("valid").asBoolean();
    }
  }

  private final FabricSession session;
  private final CommitteeSigner committee;
  private final SecureRandom rnd;
  private final Consumer<String> progress;

  /** {@code committee}: where the collisions come from (the member services, or share files offline); the ledger's committee key must be set. */
  public LedgerSeed(FabricSession session, CommitteeSigner committee, SecureRandom rnd, Consumer<String> progress) {
    this.session = session;
    this.committee = committee;
    this.rnd = rnd;
    this.progress = progress;
  }

  /** The Fabric identity of a scenario user: {@code u01} → {@code user1}. */
  public static String identityOf(String scenarioUser) {
    if (!scenarioUser.matches("u\\d{2}")) {
      throw new IllegalArgumentException("not a scenario user: " + scenarioUser);
    }
    return "user" + Integer.parseInt(scenarioUser.substring(1));
  }

  public Report run(Options o) {
    LedgerClient c1 = session.ledger("committee1");
    String committeeOutcome = committee.kind();
    ChameleonPublicKey pk = c1.committeeKey();
    List<PublishedModel> published = publishScenario(pk, o.prefix());

    String requestId = o.prefix() + "req-" + Scenario.NAME;
    String requester = identityOf(Scenario.FORGETTING_USER);
    List<String> starts = Scenario.startingModels().stream().map(id -> o.prefix() + id).toList();
    JsonNode request = session.ledger(requester).openRequest(LedgerRequests.openRequest(requestId, starts,
        o.forget(), Method.of(o.paradigm()), o.paradigm(), new java.security.SecureRandom()));
    progress.accept("opened request " + requestId + " (" + requester + "), cascade " + request.get("cascade"));

    List<String> cascade = new ArrayList<>();
    request.get("cascade").forEach(n -> cascade.add(n.asText()));
    if (o.redactions() > cascade.size()) {
      throw new IllegalArgumentException(
          "redactions " + o.redactions() + " exceed the cascade (" + cascade.size() + " models)");
    }
    List<String> targets = cascade.subList(0, o.redactions());
    boolean sequential = o.paradigm() == Paradigm.SEQUENTIAL;
    List<List<String>> transactions =
        targets.isEmpty() ? List.of() : sequential ? targets.stream().map(List::of).toList() : List.of(targets);
    RedactionPlanner planner = new RedactionPlanner(c1, committee);
    List<JsonNode> redactions = new ArrayList<>();
    for (List<String> ids : transactions) {
      Redaction r = planner.plan(requestId, SyntheticModels.rewrites(ids, "seed"));
      JsonNode result = c1.redact(r, sequential);
      redactions.add(result);
      progress.accept("redacted " + ids + " in transaction " + result.get("fabricTxId").asText() + " (blocks "
          + result.get("blocks") + ", archive block " + result.get("archiveHeight") + ")");
    }
    JsonNode verify = c1.evaluate("VerifyChain");
    return new Report(committeeOutcome, published, request, redactions, verify);
  }

  /** Publishes every scenario model; consecutive models of one user share a block. */
  private List<PublishedModel> publishScenario(ChameleonPublicKey pk, String prefix) {
    List<Scenario.ModelSpec> models = Scenario.MODELS;
    List<PublishedModel> published = new ArrayList<>();
    for (int i = 0; i < models.size(); ) {
      String user = models.get(i).user();
      List<ModelToPublish> batch = new ArrayList<>();
      while (i < models.size() && models.get(i).user().equals(user)) {
        Scenario.ModelSpec m = models.get(i++);
        batch.add(SyntheticModels.model(prefix + m.id(), m.refs().stream().map(r -> prefix + r).toList()));
      }
      String identity = identityOf(user);
      long block = session.ledger(identity).publish(pk, batch, rnd).get("height").asLong();
      for (ModelToPublish m : batch) {
        published.add(new PublishedModel(m.id(), user, identity, block, m.refs()));
        progress.accept("published " + m.id() + " as " + identity + " in block " + block + " refs " + m.refs());
      }
    }
    return published;
  }
}
