package io.lethe.contracts.fuzz;

import static io.lethe.contracts.ledger.LedgerFixture.CHANNEL;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.attack.Base;
import io.lethe.attack.Call;
import io.lethe.attack.FuzzFixture;
import io.lethe.chameleon.ChameleonHash;
import io.lethe.chameleon.ChameleonPublicKey;
import io.lethe.chameleon.P256;
import io.lethe.chameleon.Trapdoor;
import io.lethe.chameleon.committee.Dealer;
import io.lethe.chameleon.committee.KeyShare;
import io.lethe.chameleon.committee.Lagrange;
import io.lethe.contracts.ledger.LedgerFixture;
import io.lethe.contracts.ledger.LedgerState;
import io.lethe.contracts.testing.InMemoryStub;
import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.Governance;
import io.lethe.ledger.Inputs.NewModel;
import io.lethe.ledger.Inputs.Publish;
import io.lethe.ledger.Inputs.Redaction;
import io.lethe.ledger.Json;
import io.lethe.ledger.LedgerRequests;
import io.lethe.ledger.LedgerRequests.NewPayload;
import io.lethe.ledger.Orgs;
import io.lethe.ledger.Records.LiveBlock;
import io.lethe.ledger.Records.LiveTransaction;
import io.lethe.ledger.TransientFields;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.hyperledger.fabric.contract.Context;

/**
 * {@link FuzzFixture}'s ledger built on the in-memory peer (built once per property; fixture
 * names are the ledger ids), and the in-memory side of the shared generators: it runs their
 * {@link Call}s on the peer ({@link #run}, {@link #endorse}) and snapshots every byte of it.
 * Besides the shared layout it holds two governance proposals waiting for approvals (a key
 * takeover, the early close of r-open) for {@link ForgedApproval}:
 *
 * <pre>
 * key 0: block 0 a b (user1) · block 1 c[a] h[a] (user2) · block 2 d[a,b] x[b] (user3)
 * key 1: block 3 e[c,d] (user4) · block 4 f[b] g[e] (user5) · block 5 o p[o] (user6) · block 6 s1 s2[s1] s3[s2] (user7)
 * r-open    (user1, from a)  OPEN    cascade a c h d e g; d rewritten twice under it
 * r-foreign (user2, from c)  OPEN    cascade c e g;       e rewritten once under it
 * r-done    (user6, from o)  CLOSED  o and p rewritten
 * r-voted   (user5, from f)  CLOSED  by an executed close-request proposal
 * r-seq     (user7, from s1) OPEN    sequential; cascade s1 s2 s3; s1 rewritten by RedactOne
 * </pre>
 */
final class FuzzLedger extends FuzzFixture {
  static final String OPEN = "r-open";
  static final String FOREIGN = "r-foreign";
  static final String COMPLETED = "r-done";
  static final String VOTED = "r-voted";
  static final String SEQUENTIAL = "r-seq";

  static final String PENDING_ROTATION = "rotate-evil";
  static final String PENDING_CLOSE = "close-open";
  static final List<String> EXECUTED = List.of("set-key", "rotate-1", "close-voted");
  /** How the committee submits a redaction here: committee1's admin, endorsed by every committee peer. */
  static final String COMMITTEE = "committee1-admin";

  final LedgerFixture f;
  private final List<Trapdoor> epochKeys = new ArrayList<>();
  private final Map<String, Proposal> proposals = new LinkedHashMap<>();
  private final Set<List<String>> usedBases = new LinkedHashSet<>();
  /** Set when an attempt was accepted or changed state: the property has failed, and the ledger is no longer the base. */
  boolean broken;

  /** A governance proposal, its action, the hash approvals must name, and the org that proposed it. */
  record Proposal(String id, Governance.Action action, String actionHash, String proposerMsp, boolean executed) {}

  FuzzLedger() {
    this(LedgerFixture.unkeyed());
  }

  private FuzzLedger(LedgerFixture f) {
    super(CHANNEL, "", f.rnd);
    this.f = f;
    build();
  }

  /** The ledger behind a base the in-memory suite made. */
  static FuzzLedger of(Base b) {
    return (FuzzLedger) b.fx();
  }

  private void build() {
    epoch(trapdoor(f.committee));
    f.setKey();
    proposals.put("set-key", executed("set-key", new Governance.Action("set-committee-key", f.publicKeyHex(), 3, null,
        null, null, null, null, null)));
    publish("user1", 0, model(0, "a"), model(0, "b"));
    publish("user2", 0, model(0, "c", "a"), model(0, "h", "a"));
    publish("user3", 0, model(0, "d", "a", "b"), model(0, "x", "b"));

    Dealer.Dealt next = Dealer.deal(2, 3, rnd);
    epoch(trapdoor(next));
    Governance.Action rotate = new Governance.Action("rotate-committee-key", next.publicKey().groupKey().toHex(), null,
        "scheduled rotation", null, null, null, null, null);
    f.govern("rotate-1", rotate);
    proposals.put("rotate-1", executed("rotate-1", rotate));
    publish("user4", 1, model(1, "e", "c", "d"));
    publish("user5", 1, model(1, "f", "b"), model(1, "g", "e"));
    publish("user6", 1, model(1, "o"), model(1, "p", "o"));
    publish("user7", 1, model(1, "s1"), model(1, "s2", "s1"), model(1, "s3", "s2"));
    ALL.forEach(id -> published(id, new NewPayload("bafy-" + id, LedgerFixture.zk(id))));
    refresh();

    open("user1", OPEN, "a");
    open("user2", FOREIGN, "c");
    open("user6", COMPLETED, "o");
    open("user5", VOTED, "f");
    f.openRequest("user7", LedgerFixture.requestJson(SEQUENTIAL, List.of("s1"), "samples:user7-0..9", "retrain",
        "sequential"));

    Redaction d1 = apply(OPEN, List.of("d"), "h1", false);
    Redaction d2 = apply(OPEN, List.of("d"), "h2", false);
    Redaction e1 = apply(FOREIGN, List.of("e"), "h1", false);
    Redaction op = apply(COMPLETED, List.of("o", "p"), "h1", false);
    Redaction s1 = apply(SEQUENTIAL, List.of("s1"), "h1", true);
    replayable(new Replay("d to its archived version 1", d1, false, ErrorCode.FAILED_PRECONDITION));
    replayable(new Replay("d to its current version 2", d2, false, ErrorCode.INVALID_ARGUMENT));
    replayable(new Replay("e to its current version 1", e1, false, ErrorCode.INVALID_ARGUMENT));
    replayable(new Replay("o and p under their closed request", op, false, ErrorCode.FAILED_PRECONDITION));
    replayable(new Replay("s1 again under its sequential request (RedactOne)", s1, true, ErrorCode.FAILED_PRECONDITION));

    Governance.Action close = new Governance.Action("close-request", null, null, "stopped early at epsilon", null, null,
        null, null, VOTED);
    f.govern("close-voted", close);
    proposals.put("close-voted", executed("close-voted", close));
    propose(Orgs.COMMITTEE1, PENDING_ROTATION, new Governance.Action("rotate-committee-key",
        attacker().publicKey().toHex(), null, "takeover", null, null, null, null, null));
    propose(Orgs.COMMITTEE3, PENDING_CLOSE, new Governance.Action("close-request", null, null, "cascade complete", null,
        null, null, null, OPEN));
    pending(PENDING_CLOSE, proposals.get(PENDING_CLOSE).actionHash());
    refresh();
  }

  // ------------------------------------------------------------------ building

  /** The next key epoch: the committee's joint collisions under it, computed fast from its full trapdoor. */
  private void epoch(Trapdoor t) {
    colliders.put(epochKeys.size(), (keyIndex, ctx, c, msg) -> ChameleonHash.adapt(t, t.publicKey(), ctx, c, msg, rnd));
    epochKeys.add(t);
  }

  /** The full trapdoor behind a dealt committee key (Lagrange over shares 1 and 2): the committee's joint collisions, computed fast. */
  private static Trapdoor trapdoor(Dealer.Dealt dealt) {
    List<Integer> signers = List.of(1, 2);
    BigInteger x = BigInteger.ZERO;
    for (KeyShare share : dealt.shares().subList(0, 2)) {
      x = x.add(Lagrange.coefficient(share.member(), signers).multiply(new BigInteger(1, share.shareBytes())));
    }
    Trapdoor t = Trapdoor.of(x.mod(P256.N));
    if (!t.publicKey().equals(dealt.publicKey().groupKey())) {
      throw new IllegalStateException("reconstructed trapdoor does not match the committee key");
    }
    return t;
  }

  private NewModel model(int epoch, String id, String... refs) {
    return LedgerRequests.newModel(epochKeys.get(epoch).publicKey(), CHANNEL, id, "bafy-" + id, LedgerFixture.zk(id),
        List.of(refs), rnd);
  }

  private void publish(String user, int epoch, NewModel... models) {
    ChameleonPublicKey pk = epochKeys.get(epoch).publicKey();
    String json = Json.string(new Publish(List.of(models), null));
    f.submit(Orgs.USERS, user, "client", Map.of(TransientFields.PUBLISH, json), Orgs.COMMITTEE, f.live::Publish);
    String seal = Json.string(new io.lethe.ledger.Inputs.Seal(f.pendingRefs(), LedgerRequests.headerRandomness(pk, rnd)));
    f.submit(Orgs.COMMITTEE1, "sealer", "client", Map.of(), Orgs.COMMITTEE, ctx -> f.live.SealBlock(ctx, seal));
  }

  private void open(String user, String id, String start) {
    f.openRequest(user, LedgerFixture.requestJson(id, List.of(start), "classes:1", "gradient-ascent", "parallel"));
  }

  private Proposal executed(String id, Governance.Action action) {
    return new Proposal(id, action, proposalJson(id).get("actionHash").asText(), Orgs.COMMITTEE1, true);
  }

  private void propose(String msp, String id, Governance.Action action) {
    JsonNode p = LedgerFixture.json(f.admin(msp, ctx -> f.governance.propose(ctx, id, Json.string(action))));
    proposals.put(id, new Proposal(id, action, p.get("actionHash").asText(), msp, false));
  }

  private JsonNode proposalJson(String id) {
    return LedgerFixture.json(f.query(Orgs.USERS, ctx -> f.governance.getProposal(ctx, id)));
  }

  private String stateKeyOfTx(String id) {
    return new LedgerState(f.peer.proposal("x", "x", Orgs.COMMITTEE1)).txKey(id);
  }

  // ------------------------------------------------------------------ the in-memory side of FuzzFixture

  @Override
  protected LiveTransaction readTx(String id) {
    return f.peer.committedState(stateKeyOfTx(id)) == null ? null : f.tx(id);
  }

  @Override
  protected LiveBlock readBlock(long height) {
    return f.block(height);
  }

  @Override
  protected void submit(Redaction r, boolean one) {
    f.submit(Orgs.COMMITTEE1, "admin", "admin", Map.of(TransientFields.REDACTION, Json.string(r)), Orgs.COMMITTEE,
        one ? f.live::RedactOne : f.live::RedactBatch);
  }

  @Override
  public NewPayload content(String name, String tag) {
    return new NewPayload("bafy-" + name + "-" + tag, LedgerFixture.zk(name + "-" + tag));
  }

  /** Records which valid redactions attempts were derived from (they must still go through afterwards). */
  @Override
  public Redaction valid(List<String> names) {
    usedBases.add(List.copyOf(names));
    return super.valid(names);
  }

  Set<List<String>> usedBases() {
    return usedBases;
  }

  Proposal proposal(String id) {
    return proposals.get(id);
  }

  // ------------------------------------------------------------------ transactions

  /** Who a {@link Call}'s identity is on the in-memory peer: MSP, name, NodeOU. */
  record Caller(String msp, String name, String nodeOu) {
    static Caller of(String identity) {
      String[] explicit = identity.split("/", -1);
      if (explicit.length == 3) {
        return new Caller(explicit[0], explicit[1], explicit[2]);
      }
      boolean admin = identity.endsWith("-admin");
      String who = admin ? identity.substring(0, identity.length() - "-admin".length()) : identity;
      String msp;
      if (who.matches("committee[1-3]")) {
        msp = Orgs.COMMITTEE.get(who.charAt(who.length() - 1) - '1');
      } else if (who.matches("user[0-9]+")) {
        msp = Orgs.USERS;
      } else if (who.equals("auditor")) {
        msp = Orgs.AUDITOR;
      } else {
        throw new IllegalArgumentException("no such identity on the in-memory peer: " + identity);
      }
      return admin ? new Caller(msp, "admin", "admin") : new Caller(msp, who, "client");
    }
  }

  /** The committee's proposal of {@code json} to LiveLedger {@code function}, endorsed by every committee peer. */
  static Call committeeCall(byte[] json, String function) {
    return new Call(COMMITTEE, Base.LIVE, function, Orgs.COMMITTEE, json, List.of());
  }

  /** Endorses (simulates) and commits; throws what the contract or the commit-time policy check throws. */
  String run(Call call) {
    InMemoryStub stub = simulate(call);
    String out = function(call).apply(stub.context());
    stub.commit(endorsers(call));
    return out;
  }

  /** Endorsement only: the contract accepts the proposal; nothing is committed. */
  String endorse(Call call) {
    return function(call).apply(simulate(call).context());
  }

  private static List<String> endorsers(Call call) {
    return call.endorsers().isEmpty() ? Orgs.COMMITTEE : call.endorsers();
  }

  private Function<Context, String> function(Call call) {
    List<String> args = call.args();
    return switch (call.contract() + "." + call.function()) {
      case "LiveLedger.RedactBatch" -> f.live::RedactBatch;
      case "LiveLedger.RedactOne" -> f.live::RedactOne;
      case "Governance.Approve" -> ctx -> f.governance.approve(ctx, args.get(0), args.get(1));
      case "Governance.Propose" -> ctx -> f.governance.propose(ctx, args.get(0), args.get(1));
      default -> throw new IllegalArgumentException("no such function on the in-memory peer: " + call.contract() + "."
          + call.function());
    };
  }

  private InMemoryStub simulate(Call call) {
    Caller c = Caller.of(call.identity());
    InMemoryStub stub = f.peer.proposal(c.msp(), c.name(), c.nodeOu(), null, endorsers(call).get(0));
    if (call.redaction() != null) {
      stub.transientData(TransientFields.REDACTION, call.redaction());
    }
    return stub;
  }

  /** Every byte of the peer and the number of committed transactions. */
  record Snapshot(SortedMap<String, byte[]> bytes, int committed) {
    /** The first difference from {@code later}, or null when byte-identical. */
    String differenceTo(Snapshot later) {
      if (committed != later.committed) {
        return "committed transactions " + committed + " → " + later.committed;
      }
      if (!bytes.keySet().equals(later.bytes.keySet())) {
        Set<String> added = new TreeSet<>(later.bytes.keySet());
        added.removeAll(bytes.keySet());
        Set<String> removed = new TreeSet<>(bytes.keySet());
        removed.removeAll(later.bytes.keySet());
        return "keys added " + added + ", removed " + removed;
      }
      for (var e : bytes.entrySet()) {
        if (!Arrays.equals(e.getValue(), later.bytes.get(e.getKey()))) {
          return "value of " + e.getKey() + " changed";
        }
      }
      return null;
    }
  }

  Snapshot snapshot() {
    return new Snapshot(f.peer.snapshotAll(), f.peer.log().size());
  }
}
