package io.lethe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.audit.AuditReport;
import io.lethe.audit.AuditRun;
import io.lethe.audit.BehaviourAudit;
import io.lethe.audit.CheckResult;
import io.lethe.audit.MembershipAudit;
import io.lethe.audit.OrgCas;
import io.lethe.audit.ReportVerifier;
import io.lethe.audit.SignedReport;
import io.lethe.audit.Verdict;
import io.lethe.fabric.ConnectionProfile;
import io.lethe.fabric.FabricSession;
import io.lethe.fabric.LedgerClient;
import io.lethe.fabric.LetheGateway;
import io.lethe.fl.data.Dataset;
import io.lethe.fl.data.FashionMnist;
import io.lethe.flledger.FlNetwork;
import io.lethe.flledger.FlSetup;
import io.lethe.ledger.ForgetSpec;
import io.lethe.ledger.Orgs;
import io.lethe.store.ContentStore;
import io.lethe.store.FileSystemContentStore;
import io.lethe.zk.ChunkKind;
import io.lethe.zk.VerifyingKey;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.hyperledger.fabric.client.identity.Identities;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lethe audit report|verify}: the auditor's signed compliance report of one request (DESIGN §9). */
@Command(name = "audit", mixinStandardHelpOptions = true,
    description = "The auditor's signed compliance report of an unlearning request: write it, re-check it.",
    subcommands = {AuditCommand.Report.class, AuditCommand.Verify.class})
public final class AuditCommand {
  private AuditCommand() {}

  @Command(name = "report", mixinStandardHelpOptions = true,
      description = {
          "As the auditor (AuditorMSP; anyone else is refused and nothing is written),",
          "check one request and write DIR/report.json (signed with the auditor's",
          "Fabric key) and DIR/report.html (self-contained, charts inline), with the",
          "evidence: both ledger exports and the blocks of the request's transactions.",
          "Checks: chains (live + archive re-verified under the committee keys",
          "governance pinned, archive complete), stores (superseded files only in the",
          "archive store, every file re-hashed to its CID), models (A_f/A_r before and",
          "after, measured on the auditor's own test images; needs --forget; with",
          "--member-images/--member-labels also membership inference before and after,",
          "informational), proofs",
          "(bundles on the ledger re-verified, obs ones against the provider's recorded",
          "mask and Fisher; none: NOT_CHECKED), endorsements (every",
          "committee org, signatures and certificate chains), timeline (each transaction",
          "bound to its signers, in a block the ordering service signed). Exit 0 when the",
          "overall verdict is not FAIL, 1 when it is."
        })
  static final class Report extends FabricCommand {
    @Option(names = "--request", required = true, paramLabel = "ID") String request;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "report folder (created)") Path out;
    @Option(names = "--data", paramLabel = "DIR", description = "Fashion-MNIST IDX folder; the test split is the "
        + "auditor's held-out data (default ${DEFAULT-VALUE})")
    Path data = FashionMnist.directory();
    @Option(names = "--test-samples", description = "test images used (default ${DEFAULT-VALUE})") int testSamples = 2000;
    @Option(names = "--forget", paramLabel = "SPEC", description = "the request's forget specification as its owner "
        + "told the auditor (classes:C[,C...]); the ledger keeps only its commitment. Without it: models NOT_CHECKED")
    String forget;
    @Option(names = "--member-images", paramLabel = "FILE", description = "the owner's forgotten training images (IDX "
        + "images, .gz or raw, 28x28, as Fashion-MNIST), handed to the auditor like --forget: the members of the "
        + "membership-inference attack; non-members are as many of the auditor's test images of the same classes. "
        + "Needs --member-labels and --forget")
    Path memberImages;
    @Option(names = "--member-labels", paramLabel = "FILE", description = "the labels of --member-images (IDX labels); "
        + "every one must be a forgotten class")
    Path memberLabels;
    private Dataset members;
    @Option(names = "--max-forget-accuracy", description = "models: bound on each A_f after (default ${DEFAULT-VALUE})")
    double maxForget = BehaviourAudit.Bounds.defaults().maxForgetAccuracy();
    @Option(names = "--retain-tolerance", description = "models: allowed drop of the mean A_r (default ${DEFAULT-VALUE})")
    double retainTolerance = BehaviourAudit.Bounds.defaults().retainTolerance();
    @Option(names = "--live-store", paramLabel = "DIR", description = "live content store (default: the FL run's)") Path liveStore;
    @Option(names = "--archive-store", paramLabel = "DIR", description = "archive content store (default: the FL run's)")
    Path archiveStore;
    @Option(names = "--verifying-key", paramLabel = "KEYID=FILE", description = "a registered verifying key (gnark "
        + "bytes, or base64 as governance registers it), e.g. chunk-delta=vk.b64; checked against the hash the ledger "
        + "keeps (ZkContract verifyingKeyHash) before proofs are re-verified under it")
    java.util.Map<String, Path> verifyingKeys = new java.util.LinkedHashMap<>();
    @Option(names = "--pk", paramLabel = "FILE", description = "pin the committee key epochs offline, oldest first "
        + "(the DKG's public-N.json, {\"Y\": hex}), instead of the epochs governance set on the ledger")
    List<Path> pinnedKeyFiles = new ArrayList<>();
    @Option(names = "--live-export", paramLabel = "FILE", description = "audit this `lethe live export --json` instead "
        + "of exporting now") Path liveExport;
    @Option(names = "--archive-export", paramLabel = "FILE", description = "audit this `lethe archive export --json` "
        + "instead of exporting now") Path archiveExport;

    @Override
    void checkArguments() {
      ConnectionProfile.IdentityEntry id = gateway.identity();
      if (!Orgs.AUDITOR.equals(id.mspId())) {
        throw new UserError("an audit report is signed by an Auditor-org identity (" + Orgs.AUDITOR + "); "
            + gateway.identityName() + " is " + id.mspId() + ", which cannot read the archive ledger nor sign as the "
            + "auditor; nothing written");
      }
      if (forget != null) {
        try {
          ForgetSpec.parse(forget);
        } catch (IllegalArgumentException e) {
          throw new UserError("--forget: " + e.getMessage());
        }
      }
      if ((memberImages == null) != (memberLabels == null)) {
        throw new UserError("--member-images and --member-labels go together; nothing written");
      }
      if (memberImages != null && forget == null) {
        throw new UserError("--member-images needs --forget (the members are images of the forgotten classes); "
            + "nothing written");
      }
      members = readMembers();
    }

    /** The owner's forgotten images, refused unless they are images of the forgotten classes; null without them. */
    private Dataset readMembers() {
      if (memberImages == null) {
        return null;
      }
      try {
        Dataset d = FashionMnist.load(memberImages, memberLabels);
        MembershipAudit.requireMembers(d, ForgetSpec.parse(forget).classes(), FashionMnist.ROWS * FashionMnist.COLS);
        return d;
      } catch (IOException | IllegalArgumentException e) {
        throw new UserError("--member-images/--member-labels: " + e.getMessage() + "; nothing written");
      }
    }

    /** The --pk key epochs, or null to take the ones governance set on the ledger. */
    private List<String> pinned() throws IOException {
      if (pinnedKeyFiles.isEmpty()) {
        return null;
      }
      List<String> keys = new ArrayList<>();
      for (Path f : pinnedKeyFiles) {
        JsonNode y = new ObjectMapper().readTree(f.toFile()).path("Y");
        if (!y.isTextual()) {
          throw new UserError("--pk " + f + ": no \"Y\" (the committee public key, SEC1 hex)");
        }
        keys.add(y.asText().toLowerCase(java.util.Locale.ROOT));
      }
      return keys;
    }

    /** Each --verifying-key, refused unless its SHA-256 is the one registered on the ledger. */
    private java.util.Map<ChunkKind, byte[]> keys(LetheGateway gw) throws Exception {
      java.util.Map<ChunkKind, byte[]> out = new java.util.EnumMap<>(ChunkKind.class);
      for (var e : verifyingKeys.entrySet()) {
        ChunkKind kind = null;
        for (ChunkKind k : ChunkKind.values()) {
          if (k.keyId().equals(e.getKey())) {
            kind = k;
          }
        }
        if (kind == null) {
          throw new UserError("--verifying-key: unknown key id " + e.getKey());
        }
        byte[] raw = Files.readAllBytes(e.getValue());
        try {
          raw = java.util.Base64.getDecoder().decode(new String(raw, java.nio.charset.StandardCharsets.US_ASCII).strip());
        } catch (IllegalArgumentException notBase64) {
          // gnark bytes as they are
        }
        VerifyingKey vk = VerifyingKey.parse(raw);
        String onLedger = new String(gw.contract("ZkContract").evaluateTransaction("verifyingKeyHash", e.getKey()),
            java.nio.charset.StandardCharsets.UTF_8).strip();
        String mine = java.util.HexFormat.of().formatHex(vk.sha256());
        if (!onLedger.equals(mine)) {
          throw new UserError("--verifying-key " + e.getKey() + ": its SHA-256 " + mine + " is not the registered " + onLedger);
        }
        out.put(kind, raw);
      }
      return out;
    }

    @Override
    int call(FabricSession session) throws Exception {
      ConnectionProfile.IdentityEntry id = gateway.identity();
      FlNetwork net = FlCommand.network(gateway);
      ContentStore live;
      ContentStore archive;
      if (liveStore != null || archiveStore != null || !net.trained()) {
        live = new FileSystemContentStore(liveStore != null ? liveStore : net.liveStore());
        archive = new FileSystemContentStore(archiveStore != null ? archiveStore : net.archiveStore());
      } else {
        FlSetup setup = net.setup();
        live = FlCommand.openStore(setup.liveStore());
        archive = new FileSystemContentStore(Path.of(setup.archiveStore()));
      }
      Dataset heldOut = forget == null ? null : FashionMnist.test(data).head(testSamples);
      OrgCas cas = OrgCas.load(net.dir());
      LetheGateway gw = gateway.connect(session);
      LedgerClient ledger = new LedgerClient(gw);
      String channel = ledger.channel();
      X509Certificate cert;
      PrivateKey key;
      try (Reader r = Files.newBufferedReader(Path.of(id.cert()))) {
        cert = Identities.readX509Certificate(r);
      }
      try (Stream<Path> files = Files.list(Path.of(id.keyDir()));
          Reader r = Files.newBufferedReader(files.filter(Files::isRegularFile).findFirst()
              .orElseThrow(() -> new UserError("no private key in " + id.keyDir())))) {
        key = Identities.readPrivateKey(r);
      }
      AuditRun.Sources src = new AuditRun.Sources(live, archive, heldOut,
          forget == null ? null : ForgetSpec.parse(forget), members, pinned(), cas, new BehaviourAudit.Bounds(maxForget, retainTolerance),
          keys(gw));
      AuditRun.Blocks blocks = tx -> gw.network().getContract("qscc").evaluateTransaction("GetBlockByTxID", channel, tx);
      AuditReport.Auditor who = new AuditReport.Auditor(gateway.identityName(), id.mspId(),
          cert.getSubjectX500Principal().getName());
      ObjectMapper m = new ObjectMapper();
      JsonNode liveJson = liveExport == null ? null : m.readTree(liveExport.toFile());
      JsonNode archiveJson = archiveExport == null ? null : m.readTree(archiveExport.toFile());
      SignedReport signed = AuditRun.run(request, ledger, blocks, src, who, cert, key, out, liveJson, archiveJson);
      if (json.enabled()) {
        printJson(signed.report());
      } else {
        out("audit report of request " + request + ": " + signed.report().get("verdict").asText() + " (" + out + ")");
        for (JsonNode c : signed.report().get("checks")) {
          out(String.format("  %-12s %-11s %s", c.get("name").asText(), c.get("verdict").asText(), c.get("reason").asText()));
        }
      }
      return "FAIL".equals(signed.report().get("verdict").asText()) ? 1 : 0;
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {
          "Re-check a report folder offline: the auditor's signature over report.json",
          "and its certificate chaining to the Auditor org's CA (from the network's",
          "crypto material, --network), the SHA-256 of report.html and of every evidence",
          "file, and every check recomputable from the folder (chains from the exports;",
          "endorsements, proofs, timeline from the blocks), which must come out as the",
          "report states. Exit 0 when nothing fails, 1 naming each failed check."
        })
  static final class Verify implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR") Path dir;
    @Option(names = "--network", paramLabel = "DIR", description = "network state folder with the crypto material "
        + "and the channel's config block (default: the folder of $LETHE_PROFILE or .network)") Path network;
    @Mixin JsonOption json;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      Path netDir = network != null ? network : new GatewayOptions().profileFile().toAbsolutePath().getParent();
      OrgCas cas;
      try {
        cas = OrgCas.load(netDir);
      } catch (IOException e) {
        throw new UserError(e.getMessage() + "; pass --network DIR", e);
      }
      if (!Files.isRegularFile(dir.resolve("report.json"))) {
        throw new UserError(dir + " holds no report.json");
      }
      ReportVerifier.Result r = ReportVerifier.verify(dir, cas);
      var o = spec.commandLine().getOut();
      if (json.enabled()) {
        JsonOption.print(o, r);
      } else {
        List<String> failed = new ArrayList<>();
        for (CheckResult c : r.checks()) {
          o.println(String.format("  %-12s %-11s %s", c.name(), c.verdict(), c.reason()));
          if (c.verdict() == Verdict.FAIL) {
            failed.add(c.name());
          }
        }
        o.println(failed.isEmpty() ? "report " + dir + " verifies (request " + r.request() + ", its verdict "
            + r.reportVerdict() + ")" : "report " + dir + " does NOT verify: failed " + String.join(", ", failed));
        o.flush();
      }
      return r.verdict() == Verdict.FAIL ? 1 : 0;
    }
  }
}
