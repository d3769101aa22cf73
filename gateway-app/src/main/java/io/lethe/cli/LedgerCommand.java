package io.lethe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.committee.CommitteeFiles;
import io.lethe.committee.service.CommitteeUnavailableException;
import io.lethe.fabric.FabricSession;
import io.lethe.fabric.GovernanceClient;
import io.lethe.fabric.LedgerClient;
import io.lethe.fabric.ModelToPublish;
import io.lethe.fl.Scenario;
import io.lethe.ledger.ForgetSpec;
import io.lethe.ledger.Inputs.Redaction;
import io.lethe.ledger.Inputs;
import io.lethe.ledger.LedgerRequests.NewPayload;
import io.lethe.ledger.LedgerRequests;
import io.lethe.ledger.Method;
import io.lethe.ledger.Paradigm;
import io.lethe.redaction.CommitteeSigner;
import io.lethe.redaction.RedactionPlanner;
import io.lethe.scenario.LedgerSeed;
import io.lethe.scenario.SyntheticModels;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lethe ledger ...}: the live ledger's models, DAG, unlearning requests and redactions. */
@Command(
    name = "ledger",
    mixinStandardHelpOptions = true,
    description = "Live ledger: publish models, inspect the DAG, unlearning requests, committee redactions.",
    subcommands = {
      LedgerCommand.Publish.class,
      LedgerCommand.Show.class,
      LedgerCommand.DagCmd.class,
      LedgerCommand.Descendants.class,
      LedgerCommand.Request.class,
      LedgerCommand.Redact.class,
      LedgerCommand.Verify.class,
      LedgerCommand.Payload.class,
      LedgerCommand.Committee.class,
      LedgerCommand.Seed.class,
      LedgerFuzzCommand.class,
      LedgerSealerCommand.class,
    })
public final class LedgerCommand {
  @Command(name = "publish", mixinStandardHelpOptions = true,
      description = "Publish one model version (the caller becomes its owner); waits until the network's sealer puts it in a live block.")
  static final class Publish extends FabricCommand {
    @Option(names = "--uri", required = true, description = "Content identifier (CID) of the weights.") String uri;
    @Option(names = "--digest", required = true, description = "zkDigest of the weights, hex.") String digest;
    @Option(names = "--refs", description = "Comma-separated ids of the models it aggregated.") String refs;
    @Option(names = "--id", description = "Model id (default: m-<random>).") String id;

    @Override
    int call(FabricSession session) {
      byte[] zk;
      try {
        zk = HexFormat.of().parseHex(digest);
      } catch (IllegalArgumentException e) {
        throw new UserError("--digest must be hex: " + digest);
      }
      SecureRandom rnd = new SecureRandom();
      String modelId = id != null ? id : "m-" + HexFormat.of().formatHex(rnd.generateSeed(8));
      LedgerClient client = ledger(session);
      JsonNode block = client.publish(client.committeeKey(), List.of(new ModelToPublish(modelId, uri, zk, split(refs))), rnd);
      if (json.enabled()) {
        printJson(block);
      } else {
        out("published " + modelId + " in live block " + block.get("height") + " (chCurr " + shortHex(block.get("chCurr")) + ")");
      }
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "A model's latest version.")
  static final class Show extends FabricCommand {
    @Parameters(index = "0", paramLabel = "ID") String id;

    @Override
    int call(FabricSession session) {
      JsonNode m = ledger(session).evaluate("GetModel", id);
      if (json.enabled()) {
        printJson(m);
      } else {
        JsonNode t = m.get("transaction");
        JsonNode p = m.get("payload");
        out(id + " (owner " + t.get("owner").asText() + ", block " + t.get("block") + ", version " + t.get("version") + ")");
        out("  modelUri " + p.get("modelUri").asText());
        out("  zkDigest " + p.get("zkDigest").asText());
        out("  refs     " + t.get("refs"));
        out("  C        " + t.get("c").asText());
      }
      return 0;
    }
  }

  @Command(name = "dag", mixinStandardHelpOptions = true, description = "The inheritance DAG (every model and its refs).")
  static final class DagCmd extends FabricCommand {
    @Option(names = "--format", defaultValue = "text", description = "text, json or dot.") String format;

    @Override
    int call(FabricSession session) {
      String chosen = json.enabled() ? "json" : format;
      if (!List.of("text", "json", "dot").contains(chosen)) {
        throw new UserError("--format must be text, json or dot");
      }
      JsonNode dag = ledger(session).evaluate("Dag");
      switch (chosen) {
        case "json" -> printJson(dag);
        case "dot" -> {
          out("digraph lethe {");
          out("  rankdir=BT;");
          for (JsonNode n : dag) {
            out("  \"" + n.get("id").asText() + "\" [label=\"" + n.get("id").asText() + "\\nv" + n.get("version") + "\"];");
            for (JsonNode r : n.get("refs")) {
              out("  \"" + n.get("id").asText() + "\" -> \"" + r.asText() + "\";");
            }
          }
          out("}");
        }
        default -> {
          for (JsonNode n : dag) {
            out(n.get("id").asText() + " v" + n.get("version") + " block " + n.get("block") + " owner "
                + n.get("owner").asText() + " refs " + n.get("refs"));
          }
        }
      }
      return 0;
    }
  }

  @Command(name = "descendants", mixinStandardHelpOptions = true,
      description = "Models inheriting from the given ones, with path counts and the Σ 1/∏N^R discount.")
  static final class Descendants extends FabricCommand {
    @Parameters(index = "0", paramLabel = "ID[,ID...]") String ids;
    @Option(names = "--exponent", defaultValue = "1", description = "R in N^R (default 1).") int exponent;

    @Override
    int call(FabricSession session) {
      JsonNode d = ledger(session).evaluate("Descendants", ids, Integer.toString(exponent));
      if (json.enabled()) {
        printJson(d);
      } else {
        for (JsonNode n : d) {
          out(String.format("%-12s depth %d paths %d discount %.6f", n.get("id").asText(), n.get("depth").asInt(),
              n.get("paths").asLong(), n.get("discount").asDouble()));
        }
      }
      return 0;
    }
  }

  @Command(name = "request", mixinStandardHelpOptions = true, description = "Unlearning requests: open, show (closing early is a governance action).",
      subcommands = {Request.Open.class, Request.ShowReq.class})
  static final class Request {
    @Command(name = "open", mixinStandardHelpOptions = true,
        description = {
          "Open a request for starting models you own; fixes the cascade.",
          "The method follows from the paradigm (parallel: gradient-ascent, sequential: retrain,",
          "zero-shot: obs); --method, if given, must belong to the paradigm."
        })
    static final class Open extends FabricCommand {
      @Option(names = "--id", required = true) String id;
      @Option(names = "--start", required = true, description = "Comma-separated starting model ids.") String start;
      @Option(names = "--forget", required = true, paramLabel = "SPEC",
          description = "What to forget: classes:C[,C...] (labels 0-9) or samples:NAME.") String forget;
      @Option(names = "--paradigm", defaultValue = "parallel", description = "parallel, sequential or zero-shot.")
      String paradigm;
      @Option(names = "--method", description = "retrain, gradient-ascent or obs (default: the paradigm's).") String method;

      private Inputs.OpenRequest in;

      @Override
      void checkArguments() {
        in = request();
      }

      @Override
      int call(FabricSession session) {
        JsonNode r = ledger(session).openRequest(in);
        if (json.enabled()) {
          printJson(r);
        } else {
          out("request " + id + " open (" + in.method() + ", " + in.paradigm() + "); cascade " + r.get("cascade"));
        }
        return 0;
      }

      /** The request in canonical words, checked before it is submitted. */
      Inputs.OpenRequest request() {
        return request(id, split(start), forget, paradigm, method);
      }

      /**
       * An OpenRequest from command-line words (also {@code unlearn request}'s): the method
       * follows from the paradigm unless given, and must belong to it.
       */
      static Inputs.OpenRequest request(String id, List<String> starts, String forget, String paradigm, String method) {
        try {
          ForgetSpec spec = ForgetSpec.parse(forget);
          Paradigm p = Paradigm.parse(paradigm);
          Method m = method == null ? Method.of(p) : Method.parse(method);
          if (m.paradigm() != p) {
            throw new UserError("--method " + m + " belongs to the " + m.paradigm() + " paradigm, not " + p);
          }
          return LedgerRequests.openRequest(id, starts, spec, m, p, new java.security.SecureRandom());
        } catch (IllegalArgumentException e) {
          throw new UserError(e.getMessage(), e);
        }
      }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "A request's status and changes.")
    static final class ShowReq extends FabricCommand {
      @Parameters(index = "0", paramLabel = "ID") String id;

      @Override
      int call(FabricSession session) {
        JsonNode r = ledger(session).evaluate("GetRequest", id);
        if (json.enabled()) {
          printJson(r);
        } else {
          out("request " + id + " " + r.get("status").asText() + " (" + r.get("method").asText() + ", "
              + r.get("paradigm").asText() + "), cascade " + r.get("cascade") + ", " + r.get("changes").size()
              + " change(s)");
        }
        return 0;
      }
    }
  }

  /** Options of a committee redaction; {@link #plan} builds it, subclasses may change it before it is submitted. */
  abstract static class RedactBase extends FabricCommand {
    @Option(names = "--request", required = true) String request;
    @Option(names = "--models", description = "Comma-separated model ids (default: the request's whole cascade not yet rewritten).")
    String models;
    @Option(names = "--tag", defaultValue = "u1", description = "Label the synthetic new payloads derive from.") String tag;
    @Option(names = "--one", description = "Sequential paradigm: RedactOne (exactly one model).") boolean one;
    @Option(names = "--endorse", description = "Endorsing orgs (default: every committee org).") String endorse;
    @Mixin CommitteeOptions committee;

    /** The redaction to submit; the product submits the plan as is. */
    Redaction submitted(Redaction planned) {
      return planned;
    }

    /** Who submits the redaction; the product: the identity that coordinated it. */
    LedgerClient submitter(FabricSession session, LedgerClient coordinator) {
      return coordinator;
    }

    @Override
    int call(FabricSession session) throws Exception {
      LedgerClient client = ledger(session);
      Redaction planned;
      try (CommitteeSigner signer = committee.open(gateway, session, client, false, spec.commandLine().getErr())) {
        RedactionPlanner planner = new RedactionPlanner(client, signer);
        List<String> ids = split(models);
        if (ids.isEmpty()) {
          ids = planner.pendingModels(request);
        }
        Map<String, NewPayload> updates = SyntheticModels.rewrites(ids, tag);
        planned = planner.plan(request, updates);
      } catch (CommitteeUnavailableException e) {
        throw new UserError(e.getMessage(), e);
      } catch (IllegalStateException e) {
        if (committee.insecureShareFiles) {
          throw new UserError(e.getMessage(), e);
        }
        throw e;
      }
      Redaction r = submitted(planned);
      JsonNode result = submitter(session, client).redact(r, one, split(endorse).toArray(String[]::new));
      if (json.enabled()) {
        printJson(result);
      } else {
        out("redacted " + result.get("rewritten").size() + " model(s) in transaction " + result.get("fabricTxId").asText()
            + "; blocks " + result.get("blocks") + " adapted; archive block " + result.get("archiveHeight")
            + "; request " + result.get("requestStatus").asText());
      }
      return 0;
    }
  }

  @Command(name = "redact", mixinStandardHelpOptions = true,
      description = {
        "Committee redaction of models under an open request. The collisions come",
        "from the committee member services (`lethe committee serve`, started by",
        "network.sh up): each member validates the request on the ledger and signs",
        "with its own share; 2 of 3 suffice, members left out are named.",
        "--insecure-share-files (offline/dev only) computes them in this process",
        "from a folder of shares. New payloads are synthetic (derived from --tag)."
      })
  static final class Redact extends RedactBase {}

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "VerifyChain: the chaincode recomputes every digest, root and link.")
  static final class Verify extends FabricCommand {
    @Override
    int call(FabricSession session) {
      JsonNode r = ledger(session).evaluate("VerifyChain");
      if (json.enabled()) {
        printJson(r);
      } else if (r.get("valid").asBoolean()) {
        out("live chain valid: " + r.get("blocks") + " blocks, " + r.get("transactions") + " transactions");
      } else {
        out("live chain INVALID: " + r.get("failure"));
      }
      return r.get("valid").asBoolean() ? 0 : 1;
    }
  }

  @Command(name = "payload", mixinStandardHelpOptions = true,
      description = "Ask every peer (or one org's) whether it still holds a payload version, and its hash.")
  static final class Payload extends FabricCommand {
    @Parameters(index = "0", paramLabel = "ID") String id;
    @Parameters(index = "1", paramLabel = "VERSION") long version;
    @Option(names = "--orgs", description = "Comma-separated MSP ids (default: every peer's org in the profile).")
    String orgs;

    @Override
    int call(FabricSession session) {
      LedgerClient client = ledger(session);
      List<String> msps = split(orgs);
      if (msps.isEmpty()) {
        session.profile().peers().forEach(p -> msps.add(p.mspId()));
      }
      List<JsonNode> all = new ArrayList<>();
      for (String msp : msps) {
        JsonNode r = client.evaluateOn(msp, "GetPayloadVersion", id, Long.toString(version));
        all.add(r);
        if (!json.enabled()) {
          out(msp + ": " + (r.get("present").asBoolean() ? "present" : "absent") + ", private hash "
              + (r.path("privateHash").isMissingNode() || r.path("privateHash").isNull() ? "none" : r.get("privateHash").asText()));
        }
      }
      if (json.enabled()) {
        printJson(all);
      }
      return 0;
    }
  }

  @Command(name = "committee", mixinStandardHelpOptions = true,
      description = "Committee key on the ledger: show it; init deals INSECURE share files (offline/dev only).",
      subcommands = {Committee.Init.class, Committee.ShowKey.class})
  static final class Committee {
    @Command(name = "init", mixinStandardHelpOptions = true,
        description = {"INSECURE, offline/dev only: deal t-of-n shares into one folder",
            "(--committee-dir) if absent, then set the key through governance if the",
            "ledger has none. Whoever reads the folder holds the trapdoor; network.sh up",
            "instead runs a DKG among the member services and sets that key."})
    static final class Init extends FabricCommand {
      @Option(names = "--committee-dir", paramLabel = "DIR",
          description = "Where to deal the share files (default: $LETHE_COMMITTEE_DIR, else committee/ next to the connection profile).")
      Path committeeDir;
      @Option(names = "--shares-threshold", defaultValue = "2") int sharesThreshold;
      @Option(names = "--members", defaultValue = "3") int members;
      @Option(names = "--endorsement-threshold", defaultValue = "3",
          description = "Committee orgs that must endorse a redaction (default: all 3).") int endorsementThreshold;

      @Override
      int call(FabricSession session) {
        var dir = CommitteeOptions.resolve(committeeDir);
        CommitteeFiles files = CommitteeFiles.exists(dir)
            ? CommitteeFiles.load(dir)
            : CommitteeFiles.deal(dir, sharesThreshold, members, new SecureRandom());
        String what = switch (ledger(session).ensureCommitteeKey(files.publicKey(), endorsementThreshold,
            GovernanceClient.majorityOfAdmins(session))) {
          case ALREADY_SET -> "committee key already set";
          case SET -> "committee key set (" + files.publicKey().threshold() + "-of-" + files.publicKey().members()
              + " shares; redactions endorsed by " + endorsementThreshold + " committee orgs)";
        };
        out(what + "; key " + files.publicKey().groupKey().toHex() + "; files in " + dir);
        return 0;
      }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "The committee configuration on the ledger.")
    static final class ShowKey extends FabricCommand {
      @Override
      int call(FabricSession session) {
        printJson(ledger(session).evaluate("GetCommittee"));
        return 0;
      }
    }
  }

  @Command(name = "seed", mixinStandardHelpOptions = true,
      description = {
        "Publish the fmnist-14 scenario DAG (u01a, u02, ..., u14), each model from its user's identity",
        "(u01 -> user1), open an unlearning request for user1's starting models and",
        "perform K committee redactions of its cascade (collisions from the committee",
        "member services; --insecure-share-files: in process from a folder of",
        "shares, dealt and set if absent)."
      })
  static final class Seed extends FabricCommand {
    @Option(names = "--scenario", defaultValue = Scenario.NAME, description = "fmnist-14 (the only scenario).") String scenario;
    @Option(names = "--redactions", defaultValue = "0", description = "K: models of the cascade to rewrite.") int redactions;
    @Option(names = "--paradigm", defaultValue = "parallel",
        description = "parallel: one RedactBatch of K models; sequential: K RedactOne transactions.") String paradigm;
    @Option(names = "--forget", defaultValue = "classes:5", paramLabel = "SPEC",
        description = "What the request forgets (default: ${DEFAULT-VALUE}).") String forget;
    @Option(names = "--prefix", defaultValue = "", description = "Prefix for model and request ids.") String prefix;
    @Mixin CommitteeOptions committee;

    private LedgerSeed.Options options;

    @Override
    void checkArguments() {
      if (!Scenario.NAME.equals(scenario)) {
        throw new UserError("unknown scenario " + scenario + " (known: " + Scenario.NAME + ")");
      }
      try {
        options = new LedgerSeed.Options(prefix, Paradigm.parse(paradigm), redactions, ForgetSpec.parse(forget));
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage(), e);
      }
    }

    @Override
    int call(FabricSession session) {
      SecureRandom rnd = new SecureRandom();
      LedgerSeed.Report report;
      try (CommitteeSigner signer = committee.open(gateway, session, session.ledger("committee1"), true,
          spec.commandLine().getErr())) {
        report = new LedgerSeed(session, signer, rnd, this::progress).run(options);
      } catch (CommitteeUnavailableException e) {
        throw new UserError(e.getMessage(), e);
      }
      if (json.enabled()) {
        printJson(report);
      } else {
        out("VerifyChain: " + (report.valid() ? "valid" : "INVALID " + report.verifyChain().get("failure")));
      }
      return report.valid() ? 0 : 1;
    }
  }
}
