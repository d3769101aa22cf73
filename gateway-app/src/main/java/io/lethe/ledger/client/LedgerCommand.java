package io.lethe.ledger.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.chameleon.ChameleonPublicKey;
import io.lethe.cli.UserError;
import io.lethe.ledger.Inputs;
import io.lethe.ledger.Inputs.Redaction;
import io.lethe.ledger.Json;
import io.lethe.ledger.client.LedgerOps.Forgery;
import io.lethe.ledger.client.LedgerOps.Model;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
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
    })
public final class LedgerCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static List<String> split(String csv) {
    List<String> out = new ArrayList<>();
    if (csv != null) {
      for (String s : csv.split(",")) {
        if (!s.isBlank()) {
          out.add(s.trim());
        }
      }
    }
    return out;
  }

  @Command(name = "publish", mixinStandardHelpOptions = true,
      description = "Publish one model version (the caller becomes its owner) as a new live block.")
  static final class Publish extends LedgerCommandBase {
    @Option(names = "--uri", required = true, description = "Content identifier (CID) of the weights.") String uri;
    @Option(names = "--digest", required = true, description = "zkDigest of the weights, hex.") String digest;
    @Option(names = "--refs", description = "Comma-separated ids of the models it aggregated.") String refs;
    @Option(names = "--id", description = "Model id (default: m-<random>).") String id;

    @Override
    public Integer call() {
      byte[] zk;
      try {
        zk = HexFormat.of().parseHex(digest);
      } catch (IllegalArgumentException e) {
        throw new UserError("--digest must be hex: " + digest);
      }
      SecureRandom rnd = new SecureRandom();
      String modelId = id != null ? id : "m-" + HexFormat.of().formatHex(rnd.generateSeed(8));
      try (var client = new AutoClient(connect())) {
        ChameleonPublicKey pk = LedgerOps.currentKey(client.c);
        JsonNode block = LedgerOps.publish(client.c, pk, List.of(new Model(modelId, uri, zk, split(refs))), rnd);
        if (json) {
          printJson(block);
        } else {
          out("published " + modelId + " in live block " + block.get("height") + " (chCurr " + shortHex(block.get("chCurr")) + ")");
        }
      }
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "A model's latest version.")
  static final class Show extends LedgerCommandBase {
    @Parameters(index = "0", paramLabel = "ID") String id;

    @Override
    public Integer call() {
      try (var client = new AutoClient(connect())) {
        JsonNode m = client.c.evaluate("GetModel", id);
        if (json) {
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
      }
      return 0;
    }
  }

  @Command(name = "dag", mixinStandardHelpOptions = true, description = "The inheritance DAG (every model and its refs).")
  static final class DagCmd extends LedgerCommandBase {
    @Option(names = "--format", defaultValue = "text", description = "text, json or dot.") String format;

    @Override
    public Integer call() {
      try (var client = new AutoClient(connect())) {
        JsonNode dag = client.c.evaluate("Dag");
        switch (json ? "json" : format) {
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
          case "text" -> {
            for (JsonNode n : dag) {
              out(n.get("id").asText() + " v" + n.get("version") + " block " + n.get("block") + " owner "
                  + n.get("owner").asText() + " refs " + n.get("refs"));
            }
          }
          default -> throw new UserError("--format must be text, json or dot");
        }
      }
      return 0;
    }
  }

  @Command(name = "descendants", mixinStandardHelpOptions = true,
      description = "Models inheriting from the given ones, with path counts and the Σ 1/∏N^R discount.")
  static final class Descendants extends LedgerCommandBase {
    @Parameters(index = "0", paramLabel = "ID[,ID...]") String ids;
    @Option(names = "--exponent", defaultValue = "1", description = "R in N^R (default 1).") int exponent;

    @Override
    public Integer call() {
      try (var client = new AutoClient(connect())) {
        JsonNode d = client.c.evaluate("Descendants", ids, Integer.toString(exponent));
        if (json) {
          printJson(d);
        } else {
          for (JsonNode n : d) {
            out(String.format("%-12s depth %d paths %d discount %.6f", n.get("id").asText(), n.get("depth").asInt(),
                n.get("paths").asLong(), n.get("discount").asDouble()));
          }
        }
      }
      return 0;
    }
  }

  @Command(name = "request", mixinStandardHelpOptions = true, description = "Unlearning requests: open, show, close.",
      subcommands = {Request.Open.class, Request.ShowReq.class, Request.Close.class})
  static final class Request implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(System.out);
    }

    @Command(name = "open", mixinStandardHelpOptions = true,
        description = "Open a request for starting models you own; fixes the cascade.")
    static final class Open extends LedgerCommandBase {
      @Option(names = "--id", required = true) String id;
      @Option(names = "--start", required = true, description = "Comma-separated starting model ids.") String start;
      @Option(names = "--forget", required = true, description = "What to forget, e.g. classes:3,7.") String forget;
      @Option(names = "--method", defaultValue = "gradient-ascent", description = "retrain, gradient-ascent or obs.")
      String method;
      @Option(names = "--paradigm", defaultValue = "parallel", description = "parallel or sequential.") String paradigm;

      @Override
      public Integer call() {
        try (var client = new AutoClient(connect())) {
          JsonNode r = client.c.openRequest(new Inputs.OpenRequest(id, split(start), forget, method, paradigm));
          if (json) {
            printJson(r);
          } else {
            out("request " + id + " open; cascade " + r.get("cascade"));
          }
        }
        return 0;
      }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "A request's status and changes.")
    static final class ShowReq extends LedgerCommandBase {
      @Parameters(index = "0", paramLabel = "ID") String id;

      @Override
      public Integer call() {
        try (var client = new AutoClient(connect())) {
          JsonNode r = client.c.evaluate("GetRequest", id);
          if (json) {
            printJson(r);
          } else {
            out("request " + id + " " + r.get("status").asText() + " (" + r.get("method").asText() + ", "
                + r.get("paradigm").asText() + "), cascade " + r.get("cascade") + ", " + r.get("changes").size()
                + " change(s)");
          }
        }
        return 0;
      }
    }

    @Command(name = "close", mixinStandardHelpOptions = true, description = "Close a request (committee).")
    static final class Close extends LedgerCommandBase {
      @Parameters(index = "0", paramLabel = "ID") String id;

      @Override
      public Integer call() {
        try (var client = new AutoClient(connect())) {
          JsonNode r = client.c.closeRequest(id);
          if (json) {
            printJson(r);
          } else {
            out("request " + id + " " + r.get("status").asText());
          }
        }
        return 0;
      }
    }
  }

  @Command(name = "redact", mixinStandardHelpOptions = true,
      description = {
        "Committee redaction of models under an open request, with collisions computed in process",
        "from the committee's share files. New payloads are synthetic (derived from --tag) unless given."
      })
  static final class Redact extends LedgerCommandBase {
    @Option(names = "--request", required = true) String request;
    @Option(names = "--models", description = "Comma-separated model ids (default: the request's whole cascade not yet rewritten).")
    String models;
    @Option(names = "--tag", defaultValue = "u1", description = "Label the synthetic new payloads derive from.") String tag;
    @Option(names = "--one", description = "Sequential paradigm: RedactOne (exactly one model).") boolean one;
    @Option(names = "--close", description = "Close the request with this redaction.") boolean close;
    @Option(names = "--committee-dir", description = "Committee key files (default: committee/ next to the profile).")
    Path committeeDir;
    @Option(names = "--forge", defaultValue = "NONE", description = "Test only: NONE, RANDOMNESS, REFS or HEADER.")
    Forgery forge;
    @Option(names = "--endorse", description = "Endorsing orgs (default: every committee org).") String endorse;

    @Override
    public Integer call() {
      CommitteeFiles committee = CommitteeFiles.load(CommitteeFiles.defaultDir(committeeDir));
      try (var client = new AutoClient(connect())) {
        List<String> ids = split(models);
        if (ids.isEmpty()) {
          JsonNode req = client.c.evaluate("GetRequest", request);
          List<String> done = new ArrayList<>();
          req.get("changes").forEach(c -> done.add(c.get("txId").asText()));
          req.get("cascade").forEach(c -> {
            if (!done.contains(c.asText())) {
              ids.add(c.asText());
            }
          });
        }
        SecureRandom rnd = new SecureRandom();
        Redaction r = LedgerOps.forge(LedgerOps.planSynthetic(client.c, committee, request, ids, tag, close, rnd), forge);
        JsonNode result = client.c.redact(r, one, split(endorse).toArray(String[]::new));
        if (json) {
          printJson(result);
        } else {
          out("redacted " + result.get("rewritten").size() + " model(s) in transaction " + result.get("fabricTxId").asText()
              + "; blocks " + result.get("blocks") + " adapted; archive block " + result.get("archiveHeight")
              + "; request " + result.get("requestStatus").asText());
        }
      }
      return 0;
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "VerifyChain: the chaincode recomputes every digest, root and link.")
  static final class Verify extends LedgerCommandBase {
    @Override
    public Integer call() {
      try (var client = new AutoClient(connect())) {
        JsonNode r = client.c.evaluate("VerifyChain");
        if (json) {
          printJson(r);
        } else if (r.get("valid").asBoolean()) {
          out("live chain valid: " + r.get("blocks") + " blocks, " + r.get("transactions") + " transactions");
        } else {
          out("live chain INVALID: " + r.get("failure"));
        }
        return r.get("valid").asBoolean() ? 0 : 1;
      }
    }
  }

  @Command(name = "payload", mixinStandardHelpOptions = true,
      description = "Ask every peer (or one org's) whether it still holds a payload version, and its hash.")
  static final class Payload extends LedgerCommandBase {
    @Parameters(index = "0", paramLabel = "ID") String id;
    @Parameters(index = "1", paramLabel = "VERSION") long version;
    @Option(names = "--orgs", description = "Comma-separated MSP ids (default: every peer's org in the profile).")
    String orgs;

    @Override
    public Integer call() {
      try (var client = new AutoClient(connect())) {
        List<String> msps = split(orgs);
        if (msps.isEmpty()) {
          client.c.gateway().profile().peers().forEach(p -> msps.add(p.mspId()));
        }
        ArrayNode all = Json.MAPPER.createArrayNode();
        for (String msp : msps) {
          JsonNode r = client.c.evaluateOn(msp, "GetPayloadVersion", id, Long.toString(version));
          all.add(r);
          if (!json) {
            out(msp + ": " + (r.get("present").asBoolean() ? "present" : "absent") + ", private hash "
                + (r.path("privateHash").isMissingNode() || r.path("privateHash").isNull() ? "none" : r.get("privateHash").asText()));
          }
        }
        if (json) {
          printJson(all);
        }
      }
      return 0;
    }
  }

  @Command(name = "committee", mixinStandardHelpOptions = true,
      description = "Committee key: deal share files and set the public key on the ledger (committee identity).",
      subcommands = {Committee.Init.class, Committee.ShowKey.class})
  static final class Committee implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(System.out);
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
        description = "Deal t-of-n shares into --committee-dir if absent, then SetCommitteeKey if unset.")
    static final class Init extends LedgerCommandBase {
      @Option(names = "--committee-dir") Path committeeDir;
      @Option(names = "--shares-threshold", defaultValue = "2") int sharesThreshold;
      @Option(names = "--members", defaultValue = "3") int members;
      @Option(names = "--endorsement-threshold", defaultValue = "3",
          description = "Committee orgs that must endorse a redaction (default: all 3).") int endorsementThreshold;

      @Override
      public Integer call() {
        Path dir = CommitteeFiles.defaultDir(committeeDir);
        CommitteeFiles files = CommitteeFiles.exists(dir)
            ? CommitteeFiles.load(dir)
            : CommitteeFiles.deal(dir, sharesThreshold, members, new SecureRandom());
        try (var client = new AutoClient(connect())) {
          String what = LedgerOps.ensureCommitteeKey(client.c, files, endorsementThreshold);
          out(what + "; key " + files.publicKey().groupKey().toHex() + "; files in " + dir);
        }
        return 0;
      }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "The committee configuration on the ledger.")
    static final class ShowKey extends LedgerCommandBase {
      @Override
      public Integer call() {
        try (var client = new AutoClient(connect())) {
          printJson(client.c.evaluate("GetCommittee"));
        }
        return 0;
      }
    }
  }

  @Command(name = "seed", mixinStandardHelpOptions = true,
      description = {
        "Publish a scenario DAG from the Users identities, open an unlearning request for user1's two",
        "starting models and perform K committee redactions of its cascade (collisions in process)."
      })
  static final class Seed extends LedgerCommandBase {
    @Option(names = "--scenario", defaultValue = "dag-14", description = "dag-14 (the only scenario).") String scenario;
    @Option(names = "--redactions", defaultValue = "0", description = "K: models of the cascade to rewrite.") int redactions;
    @Option(names = "--paradigm", defaultValue = "parallel",
        description = "parallel: one RedactBatch of K models; sequential: K RedactOne transactions.") String paradigm;
    @Option(names = "--prefix", defaultValue = "", description = "Prefix for model and request ids.") String prefix;
    @Option(names = "--committee-dir") Path committeeDir;

    @Override
    public Integer call() {
      if (!"dag-14".equals(scenario)) {
        throw new UserError("unknown scenario " + scenario + " (known: dag-14)");
      }
      if (!paradigm.equals("parallel") && !paradigm.equals("sequential")) {
        throw new UserError("--paradigm must be parallel or sequential");
      }
      SecureRandom rnd = new SecureRandom();
      Path dir = CommitteeFiles.defaultDir(committeeDir);
      CommitteeFiles committee = CommitteeFiles.exists(dir) ? CommitteeFiles.load(dir) : CommitteeFiles.deal(dir, 2, 3, rnd);
      ObjectNode report = Json.MAPPER.createObjectNode();
      ArrayNode published = report.putArray("published");
      try (var c1 = new AutoClient(connectAs("committee1"))) {
        report.put("committee", LedgerOps.ensureCommitteeKey(c1.c, committee, 3));
        ChameleonPublicKey pk = LedgerOps.currentKey(c1.c);
        List<Dag14Scenario.Node> nodes = Dag14Scenario.NODES;
        for (int i = 0; i < nodes.size(); ) {
          // consecutive nodes of one user go into one block (m01 and m02 share block 0)
          String user = nodes.get(i).user();
          List<Model> batch = new ArrayList<>();
          while (i < nodes.size() && nodes.get(i).user().equals(user)) {
            Dag14Scenario.Node n = nodes.get(i++);
            String id = prefix + n.id();
            batch.add(new Model(id, SyntheticModels.uri(id), SyntheticModels.digest(id),
                n.refs().stream().map(r -> prefix + r).toList()));
          }
          try (var u = new AutoClient(connectAs(user))) {
            JsonNode block = LedgerOps.publish(u.c, pk, batch, rnd);
            for (Model m : batch) {
              ObjectNode p = published.addObject();
              p.put("id", m.id());
              p.put("owner", user);
              p.put("block", block.get("height").asLong());
              p.set("refs", Json.MAPPER.valueToTree(m.refs()));
              if (!json) {
                out("published " + m.id() + " as " + user + " in block " + block.get("height") + " refs " + m.refs());
              }
            }
          }
        }
        String requestId = prefix + "req-dag14";
        JsonNode req;
        try (var u1 = new AutoClient(connectAs("user1"))) {
          req = u1.c.openRequest(new Inputs.OpenRequest(requestId, List.of(prefix + "m01", prefix + "m02"),
              "classes:3,7", "gradient-ascent", paradigm));
        }
        report.set("request", req);
        if (!json) {
          out("opened request " + requestId + " (user1), cascade " + req.get("cascade"));
        }
        List<String> cascade = new ArrayList<>();
        req.get("cascade").forEach(n -> cascade.add(n.asText()));
        if (redactions > cascade.size()) {
          throw new UserError("--redactions " + redactions + " exceeds the cascade (" + cascade.size() + " models)");
        }
        List<String> targets = cascade.subList(0, redactions);
        ArrayNode done = report.putArray("redactions");
        if (!targets.isEmpty()) {
          List<List<String>> txs = paradigm.equals("parallel") ? List.of(targets) : targets.stream().map(List::of).toList();
          for (List<String> ids : txs) {
            Redaction r = LedgerOps.planSynthetic(c1.c, committee, requestId, ids, "seed", false, rnd);
            JsonNode result = c1.c.redact(r, paradigm.equals("sequential"));
            done.add(result);
            if (!json) {
              out("redacted " + ids + " in transaction " + result.get("fabricTxId").asText() + " (blocks "
                  + result.get("blocks") + ", archive block " + result.get("archiveHeight") + ")");
            }
          }
        }
        JsonNode verify = c1.c.evaluate("VerifyChain");
        report.set("verifyChain", verify);
        if (json) {
          printJson(report);
        } else {
          out("VerifyChain: " + (verify.get("valid").asBoolean() ? "valid" : "INVALID " + verify.get("failure")));
        }
        return verify.get("valid").asBoolean() ? 0 : 1;
      }
    }
  }

  /** Closes the gateway of a client at the end of a try block. */
  static final class AutoClient implements AutoCloseable {
    final LedgerClient c;

    AutoClient(LedgerClient c) {
      this.c = c;
    }

    @Override
    public void close() {
      c.gateway().close();
    }
  }
}
