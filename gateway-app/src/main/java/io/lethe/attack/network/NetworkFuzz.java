package io.lethe.attack.network;

import io.lethe.attack.AttackClass;
import io.lethe.attack.Attempt;
import io.lethe.attack.Base;
import io.lethe.attack.Call;
import io.lethe.attack.FuzzFixture;
import io.lethe.committee.CommitteeFiles;
import io.lethe.fabric.ConnectionProfile;
import io.lethe.fabric.FabricSession;
import io.lethe.fabric.GatewayErrors;
import io.lethe.fabric.LetheGateway;
import io.lethe.ledger.CanonicalBytes;
import io.lethe.ledger.TransientFields;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.Transaction;

/**
 * Fuzzed invalid redactions against a running network (issue 14): builds the {@link NetworkFixture},
 * snapshots the ledger on every peer (live export, archive export, VerifyChain: SHA-256 of the
 * bytes each peer answers), submits every planned attempt through the Fabric Gateway, and checks
 * that each is refused with the code its mutation targets; then endorses (never submits) one
 * unmutated base per class as a control, and snapshots again. An attempt refused at endorsement
 * is never submitted; one the chaincode endorses is a finding and is not submitted either (the
 * ledger is kept intact); only the attempts whose refusal comes at commit (missing committee
 * endorsements) are ordered.
 */
public final class NetworkFuzz {
  /** What the network answered to one attempt. */
  public record Outcome(String got, String stage, String message) {
    /** The chaincode (or the peers at commit) accepted it. */
    static final String ACCEPTED = "ACCEPTED";

    boolean accepted() {
      return ACCEPTED.equals(got);
    }
  }

  private final FabricSession session;
  private final CommitteeFiles committee;
  private final Consumer<String> progress;
  private final Map<String, LetheGateway> gateways = new HashMap<>();

  public NetworkFuzz(FabricSession session, CommitteeFiles committee, Consumer<String> progress) {
    this.session = session;
    this.committee = committee;
    this.progress = progress;
  }

  /** Runs {@code attempts} attempts of seed {@code seed} over {@code classes} on a fixture whose ids start with {@code prefix}. */
  public FuzzSummary run(long seed, int attempts, String prefix, List<AttackClass> classes) {
    long t0 = System.nanoTime();
    NetworkFixture fx = NetworkFixture.build(session, committee, prefix, new SecureRandom(), progress);
    long fixtureMs = millisSince(t0);
    progress.accept("fixture built in " + fixtureMs + " ms (" + fx.keyEpochs() + " committee key epoch(s) on the ledger"
        + (fx.twoEpochs() ? ", fixture spans two" : "") + ")");
    FuzzPlan plan = FuzzPlan.of(seed, attempts, classes, m -> m.applicable(fx));
    Map<String, String> before = settledSnapshot();

    long t1 = System.nanoTime();
    List<FuzzSummary.Result> results = new ArrayList<>();
    for (FuzzPlan.Step step : plan.steps()) {
      Base base = Base.of(fx, step.mask(), step.one(), "committee1");
      Attempt a;
      try {
        a = FuzzPlan.mutation(step).apply(base, step.random());
      } catch (RuntimeException e) {
        // a generator bug: reported with the run (and failing it), not ending it
        results.add(new FuzzSummary.Result(step.index(), step.cls(), step.mutation(), base.names(), null, null,
            "(an attempt)", "GENERATOR_ERROR", "generate", 0, null, null, e.toString()));
        continue;
      }
      long s = System.nanoTime();
      Outcome o = send(a);
      results.add(new FuzzSummary.Result(step.index(), step.cls(), step.mutation(), base.names(), a.call().identity(),
          a.call().function(), a.expected(), o.got(), o.stage(), millisSince(s), Base.abbreviate(a.call().redaction()),
          a.detail(), o.message()));
      if ((step.index() + 1) % 50 == 0 || step.index() + 1 == plan.steps().size()) {
        long bad = results.stream().filter(r -> !r.asExpected()).count();
        progress.accept("attempt " + (step.index() + 1) + "/" + plan.steps().size() + " (" + bad + " not as expected)");
      }
    }
    long attemptsMs = millisSince(t1);

    List<FuzzSummary.Control> controls = new ArrayList<>();
    Set<AttackClass> seen = new LinkedHashSet<>();
    for (FuzzPlan.Step step : plan.steps()) {
      if (seen.add(step.cls())) {
        Base base = Base.of(fx, step.mask(), step.one(), "committee1");
        Outcome o = endorseOnly(base.control());
        controls.add(new FuzzSummary.Control(step.cls(), base.names(), base.function(), o.accepted(),
            o.accepted() ? null : o.got() + ": " + o.message()));
      }
    }
    if (seen.contains(AttackClass.SEQUENTIAL_ORDER)) {
      // the sequential request's next model, by RedactOne, is what its attempts deviate from
      Base base = Base.of(fx, 1, true, "committee1");
      Call next = base.committeeCall(io.lethe.ledger.Json.bytes(fx.redaction("r-seq", List.of("s2"), FuzzFixture.TAG)),
          "RedactOne");
      Outcome o = endorseOnly(next);
      controls.add(new FuzzSummary.Control(AttackClass.SEQUENTIAL_ORDER, List.of("s2"), "RedactOne", o.accepted(),
          o.accepted() ? null : o.got() + ": " + o.message()));
    }
    Map<String, String> after = snapshot();
    return FuzzSummary.of(seed, prefix, fx.keyEpochs(), fx.twoEpochs(), results, controls, before, after, fixtureMs,
        attemptsMs, millisSince(t0));
  }

  // ------------------------------------------------------------------ sending

  private LetheGateway gateway(String identity) {
    return gateways.computeIfAbsent(identity, session::connect);
  }

  private Proposal proposal(Call call) {
    Contract c = gateway(call.identity()).contract(call.contract());
    Proposal.Builder b = c.newProposal(call.function()).addArguments(call.args().toArray(String[]::new));
    if (call.redaction() != null) {
      b.putTransient(TransientFields.REDACTION, call.redaction());
    }
    if (!call.endorsers().isEmpty()) {
      b.setEndorsingOrganizations(call.endorsers().toArray(String[]::new));
    }
    return b.build();
  }

  /** Endorses; for attempts refused at commit, submits and waits for the validation code. */
  Outcome send(Attempt a) {
    Transaction tx;
    try {
      tx = proposal(a.call()).endorse();
    } catch (GatewayException e) {
      return refusal("endorse", e);
    } catch (RuntimeException e) {
      return new Outcome("CLIENT_ERROR", "endorse", e.toString());
    }
    if (!a.atCommit()) {
      // Endorsed although invalid: a finding. It is not submitted, so the ledger stays intact.
      return new Outcome(Outcome.ACCEPTED, "endorse", "the chaincode endorsed it (not submitted)");
    }
    try {
      Status status = tx.submitAsync().getStatus();
      if (status.isSuccessful()) {
        return new Outcome(Outcome.ACCEPTED, "commit", "committed as " + status.getTransactionId());
      }
      return new Outcome(status.getCode().name(), "commit", "transaction " + status.getTransactionId()
          + " invalidated at commit (" + status.getCode() + ")");
    } catch (GatewayException e) {
      return refusal("submit", e);
    }
  }

  private Outcome endorseOnly(Call call) {
    try {
      proposal(call).endorse();
      return new Outcome(Outcome.ACCEPTED, "endorse", "endorsed (not submitted)");
    } catch (GatewayException e) {
      return refusal("endorse", e);
    }
  }

  private static Outcome refusal(String stage, GatewayException e) {
    GatewayErrors.Failure f = GatewayErrors.classify(e);
    String got = switch (f.kind()) {
      case CHAINCODE_REFUSAL -> f.code() == null ? "CHAINCODE_ERROR_WITHOUT_CODE" : f.code().name();
      case ENDORSEMENT_MISMATCH -> "ENDORSEMENT_MISMATCH";
      case NETWORK -> "NETWORK_" + f.status();
    };
    String message = f.describe();
    return new Outcome(got, stage, message.length() > 300 ? message.substring(0, 300) + "…" : message);
  }

  // ------------------------------------------------------------------ ledger snapshots

  /**
   * SHA-256 of what every peer answers to ExportLive, ExportArchive and VerifyChain (the
   * archive read as the auditor), keyed {@code live@Committee1MSP}, ….
   */
  Map<String, String> snapshot() {
    Map<String, String> out = new TreeMap<>();
    ConnectionProfile profile = session.profile();
    for (ConnectionProfile.Peer p : profile.peers()) {
      out.put("live@" + p.mspId(), evaluateOn("committee1", "LiveLedger", "ExportLive", p.mspId()));
      out.put("archive@" + p.mspId(), evaluateOn("auditor", "ArchiveLedger", "ExportArchive", p.mspId()));
      out.put("verifyChain@" + p.mspId(), evaluateOn("committee1", "LiveLedger", "VerifyChain", p.mspId()));
    }
    return out;
  }

  /** A snapshot taken once every peer answers the same bytes (the last fixture block may still be reaching some). */
  private Map<String, String> settledSnapshot() {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      Map<String, String> s = snapshot();
      if (FuzzSummary.peersAgree(s) || System.nanoTime() > deadline) {
        return s;
      }
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return s;
      }
    }
  }

  private String evaluateOn(String identity, String contract, String fn, String msp) {
    try {
      byte[] answer = gateway(identity).contract(contract).newProposal(fn).setEndorsingOrganizations(msp).build()
          .evaluate();
      return HexFormat.of().formatHex(CanonicalBytes.sha256(answer));
    } catch (GatewayException e) {
      throw GatewayErrors.translate(contract + ":" + fn + " on " + msp, e);
    }
  }

  private static long millisSince(long t) {
    return (System.nanoTime() - t) / 1_000_000;
  }
}
