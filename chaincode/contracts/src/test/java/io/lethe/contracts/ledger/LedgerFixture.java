package io.lethe.contracts.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.chameleon.ChameleonPublicKey;
import io.lethe.chameleon.committee.Dealer;
import io.lethe.chameleon.committee.InProcessCommittee;
import io.lethe.contracts.governance.GovernanceContract;
import io.lethe.contracts.testing.InMemoryPeer;
import io.lethe.contracts.testing.InMemoryStub;
import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.Governance;
import io.lethe.ledger.Inputs.NewModel;
import io.lethe.ledger.Inputs.Publish;
import io.lethe.ledger.Inputs.Redaction;
import io.lethe.ledger.Inputs;
import io.lethe.ledger.Json;
import io.lethe.ledger.LedgerRequests.NewPayload;
import io.lethe.ledger.LedgerRequests;
import io.lethe.ledger.Orgs;
import io.lethe.ledger.Records.LiveBlock;
import io.lethe.ledger.Records.LiveTransaction;
import io.lethe.ledger.TransientFields;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.function.Executable;

/** A channel with Lethe's two collections, a dealt 2-of-3 committee and helpers to drive the contracts. */
public final class LedgerFixture {
  public static final String CHANNEL = "lethe";
  public static final List<String> ALL_COMMITTEE = Orgs.COMMITTEE;
  public final InMemoryPeer peer =
      new InMemoryPeer(CHANNEL)
          .collection(LedgerState.LIVE_COLLECTION,
              Set.of(Orgs.COMMITTEE1, Orgs.COMMITTEE2, Orgs.COMMITTEE3, Orgs.AUDITOR, Orgs.USERS))
          .collection(LedgerState.ARCHIVE_COLLECTION, Set.of(Orgs.COMMITTEE1, Orgs.COMMITTEE2, Orgs.COMMITTEE3, Orgs.AUDITOR))
          .collection(LedgerState.REQUESTS_COLLECTION,
              Set.of(Orgs.COMMITTEE1, Orgs.COMMITTEE2, Orgs.COMMITTEE3, Orgs.AUDITOR, Orgs.USERS));
  public final SecureRandom rnd = new SecureRandom();
  public final Dealer.Dealt committee = Dealer.deal(2, 3, rnd);
  public final ChameleonPublicKey pk = committee.publicKey().groupKey();
  public final LiveLedger live = new LiveLedger();
  public final ArchiveLedger archive = new ArchiveLedger();
  public final GovernanceContract governance = new GovernanceContract();

  /** Runs fn as client (msp, name) simulated on a peer of endorsers[0], then commits it endorsed by endorsers. */
  String submit(String msp, String name, Map<String, String> transientData, List<String> endorsers,
      Function<Context, String> fn) {
    return submit(msp, name, "client", transientData, endorsers, fn);
  }

  /** As {@link #submit(String, String, Map, List, Function)} for an identity of the given NodeOU. */
  public String submit(String msp, String name, String nodeOu, Map<String, String> transientData, List<String> endorsers,
      Function<Context, String> fn) {
    return submit(msp, name, nodeOu, null, transientData, endorsers, fn);
  }

  /** As above, with the creator's certificate issued by {@code issuerCn} (null: self-issued). */
  public String submit(String msp, String name, String nodeOu, String issuerCn, Map<String, String> transientData,
      List<String> endorsers, Function<Context, String> fn) {
    InMemoryStub stub = peer.proposal(msp, name, nodeOu, issuerCn, endorsers.get(0));
    transientData.forEach(stub::transientData);
    String out = fn.apply(stub.context());
    stub.commit(endorsers);
    return out;
  }

  String user(String name, Map<String, String> transientData, Function<Context, String> fn) {
    return submit(Orgs.USERS, name, transientData, ALL_COMMITTEE, fn);
  }

  String committee(Map<String, String> transientData, Function<Context, String> fn) {
    return submit(Orgs.COMMITTEE1, "admin", transientData, ALL_COMMITTEE, fn);
  }

  public String query(String msp, Function<Context, String> fn) {
    return query(msp, "reader", fn);
  }

  /** An evaluation by client {@code name} of {@code msp}, on a committee peer when the org has none. */
  public String query(String msp, String name, Function<Context, String> fn) {
    String peerMsp = msp.equals(Orgs.USERS) ? Orgs.COMMITTEE1 : msp;
    return fn.apply(peer.proposal(msp, name, peerMsp).context());
  }

  static final String SALT = "5a".repeat(32);

  /** An OpenRequest input (transient field {@code request}) with a fixed forget salt. */
  public static String requestJson(String id, List<String> starts, String forget, String method, String paradigm) {
    return Json.string(new Inputs.OpenRequest(id, starts, forget, method, paradigm, SALT));
  }

  /** {@code user} opens the request given as transient JSON. */
  public String openRequest(String user, String requestJson) {
    return user(user, Map.of(TransientFields.REQUEST, requestJson), live::OpenRequest);
  }

  /** The common name in an owner ({@code MSPID::x509::…, CN=name::issuer}). */
  static String ownerName(String owner) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("::x509::[^:]*CN=([^,:]+)").matcher(owner);
    if (!m.find()) {
      throw new IllegalArgumentException("not an owner: " + owner);
    }
    return m.group(1);
  }

  /** A fresh channel whose committee key is not set yet. */
  public static LedgerFixture unkeyed() {
    return new LedgerFixture();
  }

  public String publicKeyHex() {
    return pk.toHex();
  }

  /** State as hex strings, so maps of byte arrays compare by content. */
  public static Map<String, String> hexMap(Map<String, byte[]> m) {
    Map<String, String> out = new java.util.TreeMap<>();
    m.forEach((k, v) -> out.put(k, java.util.HexFormat.of().formatHex(v)));
    return out;
  }

  /** Runs fn as the admin of a committee org, endorsed by every committee peer. */
  public String admin(String msp, Function<Context, String> fn) {
    return submit(msp, "admin", "admin", Map.of(), ALL_COMMITTEE, fn);
  }

  /** A governance action proposed by Committee1's admin and approved by Committee2's admin. */
  public String govern(String proposalId, Governance.Action action) {
    JsonNode proposed = json(admin(Orgs.COMMITTEE1, ctx -> governance.propose(ctx, proposalId, Json.string(action))));
    return admin(Orgs.COMMITTEE2, ctx -> governance.approve(ctx, proposalId, proposed.get("actionHash").asText()));
  }

  public void setKey() {
    govern("set-key", new Governance.Action("set-committee-key", pk.toHex(), 3, null, null, null, null, null, null));
  }



  /** A stand-in zkDigest: SHA-256 of the seed with the top bits cleared, so it is a BLS12-381 scalar. */
  public static byte[] zk(String seed) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(seed.getBytes());
      d[0] &= 0x3f;
      return d;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  NewModel model(String id, List<String> refs) {
    return LedgerRequests.newModel(pk, CHANNEL, id, "bafy-" + id, zk(id), refs, rnd);
  }

  /** A publish input: models only (a publish does not seal; SealBlock brings the header randomness). */
  String publishJson(List<NewModel> models) {
    return Json.string(new Publish(models, null));
  }

  /** Publishes the models (pending) and seals every pending publish into one block, as the network's sealer does. */
  String publish(String user, NewModel... models) {
    publishPending(user, models);
    return seal();
  }

  /** Publishes the models; they stay pending until {@link #seal}. */
  String publishPending(String user, NewModel... models) {
    return user(user, Map.of(TransientFields.PUBLISH, publishJson(List.of(models))), live::Publish);
  }

  /** The oldest pending publishes in seal order (at most 256). */
  public List<Inputs.PendingRef> pendingRefs() {
    List<Inputs.PendingRef> out = new ArrayList<>();
    for (JsonNode p : json(query(Orgs.COMMITTEE1, ctx -> live.Pending(ctx, LiveLedger.MAX_SEAL_PUBLISHES)))) {
      out.add(new Inputs.PendingRef(p.get("timestamp").asLong(), p.get("fabricTxId").asText()));
    }
    return out;
  }

  /** A SealBlock argument over the given pending publishes with fresh header randomness. */
  public String sealJson(List<Inputs.PendingRef> publishes) {
    return Json.string(new Inputs.Seal(publishes, LedgerRequests.headerRandomness(pk, rnd)));
  }

  /** Committee1's sealer seals every pending publish (one block); returns the block. */
  public String seal() {
    String arg = sealJson(pendingRefs());
    return submit(Orgs.COMMITTEE1, "sealer", Map.of(), ALL_COMMITTEE, ctx -> live.SealBlock(ctx, arg));
  }

  /** The transaction as the contracts see it (its block position merged in once sealed). */
  public LiveTransaction tx(String id) {
    return new LedgerState(peer.proposal(Orgs.USERS, "x", Orgs.COMMITTEE1)).tx(id);
  }

  public LiveBlock block(long h) {
    return Json.read(peer.committedState(new LedgerState(peer.proposal(Orgs.USERS, "x", Orgs.COMMITTEE1)).blockKey(h)),
        LiveBlock.class);
  }

  /** A redaction of the given models to new synthetic payloads, with committee collisions (members 1 and 3). */
  /** A committee-signed redaction of one model to the given content. */
  Redaction redactionTo(String requestId, String id, String uri, byte[] zkDigest) {
    Map<String, NewPayload> updates = Map.of(id, new NewPayload(uri, zkDigest));
    LiveTransaction t = tx(id);
    return LedgerRequests.redaction(CHANNEL, requestId, updates, Map.of(id, t), Map.of(t.block(), block(t.block())),
        (k, ctx, c, msg) -> InProcessCommittee.adapt(committee.publicKey(), committee.shares().subList(0, 2), ctx, c, msg,
            rnd).randomness());
  }

  Redaction redaction(String requestId, List<String> ids, String tag, boolean close) {
    Map<String, NewPayload> updates = new java.util.LinkedHashMap<>();
    Map<String, LiveTransaction> txs = new HashMap<>();
    Map<Long, LiveBlock> blocks = new HashMap<>();
    for (String id : ids) {
      updates.put(id, new NewPayload("bafy-" + id + "-" + tag, zk(id + tag)));
      LiveTransaction t = tx(id);
      txs.put(id, t);
      blocks.put(t.block(), block(t.block()));
    }
    List<io.lethe.chameleon.committee.KeyShare> signers =
        List.of(committee.shares().get(0), committee.shares().get(2));
    Redaction r = LedgerRequests.redaction(CHANNEL, requestId, updates, txs, blocks,
        (k, ctx, c, msg) -> InProcessCommittee.adapt(committee.publicKey(), signers, ctx, c, msg, rnd).randomness());
    return close ? new Redaction(r.requestId(), r.rewrites(), r.headers(), true) : r;
  }

  public static JsonNode json(String s) {
    try {
      return Json.MAPPER.readTree(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> ids(String... ids) {
    return new ArrayList<>(List.of(ids));
  }

  /**
   * Runs a call that must be refused with {@code code} and a message containing {@code reasonPart},
   * and checks that world state and every private collection are byte-identical afterwards.
   */
  public ChaincodeException refusedUnchanged(ErrorCode code,
      String reasonPart, Executable call) {
    var state = peer.snapshotState();
    var priv = peer.snapshotPrivate();
    var e = Assertions.assertThrows(ChaincodeException.class, call);
    Assertions.assertEquals(code.name(),
        new String(e.getPayload(), StandardCharsets.UTF_8), e.getMessage());
    Assertions.assertTrue(e.getMessage().contains(reasonPart), e.getMessage());
    Assertions.assertEquals(hexMap(state), hexMap(peer.snapshotState()));
    Assertions.assertEquals(priv.keySet(), peer.snapshotPrivate().keySet());
    priv.forEach((c, m) -> Assertions.assertEquals(hexMap(m), hexMap(peer.snapshotPrivate().get(c))));
    return e;
  }
}
