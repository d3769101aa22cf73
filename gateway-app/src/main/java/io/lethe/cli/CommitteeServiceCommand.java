package io.lethe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.lethe.committee.service.CommitteeServices;
import io.lethe.committee.service.CommitteeTrust;
import io.lethe.committee.service.CryptogenLayout;
import io.lethe.committee.service.DkgCoordinator;
import io.lethe.committee.service.Endpoint;
import io.lethe.committee.service.FabricLedgerView;
import io.lethe.committee.service.LedgerView;
import io.lethe.committee.service.MemberConfig;
import io.lethe.committee.service.MemberServer;
import io.lethe.committee.service.MutualTls;
import io.lethe.committee.service.ShareStore;
import io.lethe.fabric.ChaincodeRefusal;
import io.lethe.fabric.ConnectionProfile;
import io.lethe.fabric.Deadlines;
import io.lethe.fabric.FabricSession;
import io.lethe.fabric.GovernanceClient;
import io.lethe.fabric.ProfileError;
import io.lethe.json.JsonText;
import io.lethe.ledger.Governance;
import io.lethe.proto.CommitteeMemberGrpc;
import io.lethe.proto.StatusRequest;
import io.lethe.proto.StatusResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine;

/**
 * {@code lethe committee}: the committee member services (DESIGN §4). {@code serve} runs one
 * org's service holding only its own shares; {@code dkg} creates a committee key among the
 * running services; {@code status} asks each service who it is.
 *
 * <p>Defaults follow {@code network.sh}: crypto material in {@code $LETHE_NETWORK_DIR/crypto}
 * (default {@code .network}), member i's state in {@code $LETHE_NETWORK_DIR/committee/committee<i>},
 * member i listening on 127.0.0.1:{@code $LETHE_PORT_BASE + 350 + i} (default base 7000).
 */
@Command(
    name = "committee",
    mixinStandardHelpOptions = true,
    description = "Committee member services: serve one org's share over mutual TLS, run the DKG among them, show status.",
    subcommands = {
      CommitteeServiceCommand.Serve.class,
      CommitteeServiceCommand.Dkg.class,
      CommitteeServiceCommand.Status.class,
    })
public final class CommitteeServiceCommand {
  private static final ObjectMapper JSON = JsonText.PRETTY;

  /** (member, channel) → that member's view of the ledger through its own org's peer. */
  private final BiFunction<Integer, String, LedgerView> ledgerViews;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--network-dir", description = "network state folder (default $LETHE_NETWORK_DIR, else .network)")
  Path networkDir;

  @Option(names = "--crypto", description = "cryptogen output (default NETWORK_DIR/crypto)")
  Path crypto;

  @Option(names = "--members", defaultValue = "3", description = "committee orgs (default ${DEFAULT-VALUE})")
  int members;

  @Option(names = "--port-base", description = "port range base as in network.sh (default $LETHE_PORT_BASE, else 7000); member i listens on base+350+i")
  Integer portBase;

  /** Each member reads the ledger as its org's client through its own peer (NETWORK_DIR/connection-profile.json). */
  public CommitteeServiceCommand() {
    this.ledgerViews = (member, channel) -> new FabricLedgerView(networkDir().resolve("connection-profile.json"), member);
  }

  public CommitteeServiceCommand(BiFunction<Integer, String, LedgerView> ledgerViews) {
    this.ledgerViews = ledgerViews;
  }

  Path networkDir() {
    if (networkDir != null) {
      return networkDir;
    }
    String env = System.getenv("LETHE_NETWORK_DIR");
    return Path.of(env == null || env.isBlank() ? ".network" : env);
  }

  CryptogenLayout layout() {
    return new CryptogenLayout(crypto != null ? crypto : networkDir().resolve("crypto"));
  }

  int port(int member) {
    return CommitteeServices.port(portBase(), member);
  }

  int portBase() {
    try {
      return portBase != null ? portBase : CommitteeServices.portBaseFromEnvironment();
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
  }

  List<Endpoint> endpoints(List<Endpoint> given) {
    if (given != null && !given.isEmpty()) {
      return given;
    }
    return CommitteeServices.endpoints(portBase(), members);
  }

  static int member(String org) {
    if (org == null || !org.matches("committee[1-9][0-9]{0,2}")) {
      throw new UserError("--org must be committee<i> (e.g. committee1), got " + org);
    }
    return Integer.parseInt(org.substring("committee".length()));
  }

  void print(Object value) {
    PrintWriter out = spec.commandLine().getOut();
    try {
      out.println(JSON.writeValueAsString(value));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    out.flush();
  }

  static final class EndpointConverter implements CommandLine.ITypeConverter<Endpoint> {
    @Override
    public Endpoint convert(String value) {
      try {
        return Endpoint.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  @Command(name = "serve", mixinStandardHelpOptions = true,
      description = {"Run one committee org's member service (blocks until stopped).",
          "Reads only STATE/keys/<keyIndex>/share-<i>.json (must be mode 0600) and serves gRPC over mutual TLS",
          "with the org's peer TLS certificate, accepting only clients of committee orgs' TLS CAs."})
  static final class Serve implements Callable<Integer> {
    @ParentCommand CommitteeServiceCommand parent;

    @Option(names = "--org", required = true, description = "committee1, committee2, ...")
    String org;

    @Option(names = "--state", description = "this member's state folder (default NETWORK_DIR/committee/<org>)")
    Path state;

    @Option(names = "--port", description = "listen port on 127.0.0.1 (default port base + 350 + i; 0 = any)")
    Integer port;

    @Option(names = "--channel", defaultValue = "lethe", description = "channel whose records this member signs for (default ${DEFAULT-VALUE})")
    String channel;

    @Option(names = "--max-pending", defaultValue = "1024", description = "round-1 sessions waiting for round 2 (default ${DEFAULT-VALUE})")
    int maxPending;

    @Option(names = "--session-seconds", defaultValue = "120", description = "lifetime of round-1 nonces (default ${DEFAULT-VALUE})")
    long sessionSeconds;

    @Override
    public Integer call() throws Exception {
      int i = member(org);
      if (i > parent.members) {
        throw new UserError(org + " is not among the " + parent.members + " committee orgs");
      }
      CryptogenLayout layout = parent.layout();
      Path stateDir = state != null ? state : parent.networkDir().resolve("committee").resolve(org);
      MemberConfig cfg;
      try {
        cfg = MemberConfig.of(i, new ShareStore(stateDir, i), parent.ledgerViews.apply(i, channel),
                layout.memberIdentity(i), layout.trust(parent.members), port != null ? port : parent.port(i))
            .withLimits(maxPending, Duration.ofSeconds(sessionSeconds));
      } catch (IllegalArgumentException e) {
        throw new UserError("cannot configure " + org + ": " + e.getMessage(), e);
      }
      MemberServer server;
      try {
        server = MemberServer.start(cfg);
      } catch (IllegalStateException e) {
        throw new UserError(e.getMessage(), e);
      } catch (IOException e) {
        throw new UserError("cannot start " + org + "'s service: " + e.getMessage(), e);
      }
      Thread hook = new Thread(server::close, "committee-serve-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      Map<String, Object> started = new LinkedHashMap<>();
      started.put("org", org);
      started.put("member", i);
      started.put("listen", "127.0.0.1:" + server.port());
      started.put("state", stateDir.toString());
      parent.print(started);
      try {
        server.awaitTermination();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        server.close();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
          // already shutting down
        }
      }
      return 0;
    }
  }

  @Command(name = "dkg", mixinStandardHelpOptions = true,
      description = {"Create a committee key by a DKG among the running member services (all must be up).",
          "Each member writes only its own share; the group public key (public.json) is written to --out",
          "for governance (lethe governance propose ... set-committee-key, or --set-key here). No process ever",
          "holds the trapdoor."})
  static final class Dkg implements Callable<Integer> {
    @ParentCommand CommitteeServiceCommand parent;

    @Option(names = "--threshold", required = true, description = "shares needed to adapt (at least a majority)")
    int threshold;

    @Option(names = "--key-index", defaultValue = "0", description = "key epoch to create (default ${DEFAULT-VALUE})")
    int keyIndex;

    @Option(names = "--endpoint", converter = EndpointConverter.class,
        description = "member endpoint <i>=<host>:<port>, repeatable (default: 127.0.0.1, port base + 350 + i)")
    List<Endpoint> endpoints;

    @Option(names = "--as", defaultValue = "committee1", description = "coordinator's org (its client TLS identity) (default ${DEFAULT-VALUE})")
    String as;

    @Option(names = "--user", defaultValue = "User1", description = "coordinator's cryptogen user (default ${DEFAULT-VALUE})")
    String user;

    @Option(names = "--out", description = "where to write public.json (default NETWORK_DIR/committee/public-<keyIndex>.json)")
    Path out;

    @Option(names = "--deadline-seconds", defaultValue = "30", description = "deadline of each DKG call (default ${DEFAULT-VALUE})")
    long deadlineSeconds;

    @Option(names = "--set-key",
        description = "then have governance pin the new key on the ledger (key index 0: set-committee-key, else "
            + "rotate-committee-key): the first of --admins proposes, the others approve (NETWORK_DIR/connection-profile.json)")
    boolean setKey;

    @Option(names = "--admins", defaultValue = "committee1-admin,committee2-admin",
        description = "with --set-key: admin identities of committee orgs, a majority (default ${DEFAULT-VALUE})")
    String admins;

    @Option(names = "--endorsers", defaultValue = "3",
        description = "with --set-key at key index 0: committee orgs that endorse a redaction (default ${DEFAULT-VALUE})")
    int endorsers;

    @Override
    public Integer call() {
      if (threshold * 2 <= parent.members || threshold > parent.members) {
        throw new UserError("--threshold must be a majority of the " + parent.members + " members, at most " + parent.members);
      }
      CryptogenLayout layout = parent.layout();
      DkgCoordinator.DkgResult r;
      try {
        r = DkgCoordinator.run(parent.endpoints(endpoints), layout.clientIdentity(member(as), user),
            layout.trust(parent.members), threshold, keyIndex, Duration.ofSeconds(deadlineSeconds));
      } catch (DkgCoordinator.DkgFailedException | IllegalArgumentException e) {
        throw new UserError(e.getMessage(), e);
      }
      Path file = out != null ? out : parent.networkDir().resolve("committee").resolve("public-" + keyIndex + ".json");
      try {
        DkgCoordinator.writePublic(r, file);
      } catch (IOException e) {
        throw new UserError("the DKG succeeded but " + file + " could not be written: " + e.getMessage(), e);
      }
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("Y", r.publicKey().groupKey().toHex());
      result.put("threshold", r.publicKey().threshold());
      result.put("members", r.publicKey().members());
      result.put("keyIndex", keyIndex);
      result.put("public", file.toString());
      if (setKey) {
        result.put("governance", pin(r, file));
      }
      parent.print(result);
      return 0;
    }

    /** Governance pins the DKG's key: one org's admin proposes, the others approve; the status and result. */
    private Map<String, Object> pin(DkgCoordinator.DkgResult r, Path file) {
      String y = r.publicKey().groupKey().toHex();
      Governance.Action action = keyIndex == 0
          ? new Governance.Action("set-committee-key", y, endorsers, null, null, null, null, null, null)
          : new Governance.Action("rotate-committee-key", y, null, "DKG key index " + keyIndex, null, null, null, null, null);
      Path profile = parent.networkDir().resolve("connection-profile.json");
      try (FabricSession session = new FabricSession(ConnectionProfile.load(profile), null, Deadlines.standard())) {
        List<GovernanceClient> clients = new ArrayList<>();
        for (String name : admins.split(",")) {
          clients.add(new GovernanceClient(session.connect(name.trim()), name.trim()));
        }
        Governance.Proposal p = GovernanceClient.enact(clients, "committee-key-" + keyIndex + "-" + y.substring(2, 18), action);
        if (!"EXECUTED".equals(p.status())) {
          throw new UserError("the DKG key (" + file + ") was not pinned: proposal " + p.id() + " is " + p.status());
        }
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("proposal", p.id());
        g.put("kind", action.kind());
        g.put("status", p.status());
        g.put("approvals", p.approvals().stream().map(Governance.Approval::msp).toList());
        return g;
      } catch (IllegalArgumentException | ChaincodeRefusal | ProfileError e) {
        throw new UserError("the DKG succeeded (" + file + ") but governance could not pin its key: " + e.getMessage(), e);
      }
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Ask every member service who it is, its key epochs and pending sessions; names the ones that are down.")
  static final class Status implements Callable<Integer> {
    @ParentCommand CommitteeServiceCommand parent;

    @Option(names = "--endpoint", converter = EndpointConverter.class, description = "member endpoint <i>=<host>:<port>, repeatable")
    List<Endpoint> endpoints;

    @Option(names = "--as", defaultValue = "committee1", description = "caller's org (default ${DEFAULT-VALUE})")
    String as;

    @Option(names = "--user", defaultValue = "User1", description = "caller's cryptogen user (default ${DEFAULT-VALUE})")
    String user;

    @Override
    public Integer call() {
      CryptogenLayout layout = parent.layout();
      CommitteeTrust trust = layout.trust(parent.members);
      List<Map<String, Object>> rows = new ArrayList<>();
      int down = 0;
      for (Endpoint e : parent.endpoints(endpoints)) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("member", e.member());
        row.put("endpoint", e.host() + ":" + e.port());
        ManagedChannel ch = Grpc.newChannelBuilderForAddress(e.host(), e.port(),
            MutualTls.client(layout.clientIdentity(member(as), user), trust)).build();
        try {
          StatusResponse s = CommitteeMemberGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.SECONDS)
              .status(StatusRequest.getDefaultInstance());
          row.put("up", true);
          row.put("org", s.getOrg());
          row.put("keyIndexes", s.getKeysList().stream().map(k -> k.getKeyIndex()).toList());
          row.put("pendingSessions", s.getPendingSessions());
        } catch (StatusRuntimeException ex) {
          down++;
          row.put("up", false);
          row.put("error", ex.getStatus().getCode() + (ex.getStatus().getDescription() == null ? "" : ": " + ex.getStatus().getDescription()));
        } finally {
          ch.shutdownNow();
        }
        rows.add(row);
      }
      parent.print(rows);
      return down == 0 ? 0 : 1;
    }
  }
}
