package io.lethe.fabric;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.chameleon.ChameleonPublicKey;
import io.lethe.chameleon.committee.CommitteePublicKey;
import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.Governance;
import io.lethe.ledger.Inputs;
import io.lethe.ledger.Json;
import io.lethe.ledger.LedgerRequests;
import io.lethe.ledger.Orgs;
import io.lethe.ledger.Records;
import io.lethe.ledger.Records.LiveBlock;
import io.lethe.ledger.Records.LiveTransaction;
import io.lethe.ledger.TransientFields;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/** Calls of the LiveLedger and ArchiveLedger contracts through one connected gateway. */
public final class LedgerClient {
  /** How often a publish is retried when a concurrent publish won the race for the live head. */
  static final int MVCC_RETRIES = 40;
  private static final java.util.concurrent.atomic.AtomicLong retries = new java.util.concurrent.atomic.AtomicLong();
  private static final java.util.concurrent.atomic.AtomicLong mvccConflicts = new java.util.concurrent.atomic.AtomicLong();

  private final LetheGateway gateway;
  private final Contract live;
  private final Contract archive;

  public LedgerClient(LetheGateway gateway) {
    this.gateway = gateway;
    this.live = gateway.contract("LiveLedger");
    this.archive = gateway.contract("ArchiveLedger");
  }

  public LetheGateway gateway() {
    return gateway;
  }

  public String channel() {
    return gateway.profile().channel();
  }

  // ---- reads ----
  public JsonNode evaluate(String fn, String... args) {
    return parse(evaluateRaw(live, "LiveLedger:" + fn, fn, args));
  }

  public JsonNode evaluateArchive(String fn, String... args) {
    return parse(evaluateRaw(archive, "ArchiveLedger:" + fn, fn, args));
  }

  /** A governance parameter's value ({@code System:GetParameter}); empty when governance never set it. */
  public java.util.Optional<String> parameter(String key) {
    try {
      JsonNode p = parse(evaluateRaw(gateway.contract("System"), "System:GetParameter", "GetParameter", key));
      return java.util.Optional.of(p.get("value").asText());
    } catch (ChaincodeRefusal e) {
      if (e.code() == io.lethe.ledger.ErrorCode.NOT_FOUND) {
        return java.util.Optional.empty();
      }
      throw e;
    }
  }

  public byte[] evaluateRaw(Contract c, String what, String fn, String... args) {
    try {
      return c.evaluateTransaction(fn, args);
    } catch (GatewayException e) {
      throw GatewayErrors.translate(what, e);
    }
  }

  /** Evaluates on one specific org's peer (e.g. to read each peer's private store). */
  public JsonNode evaluateOn(String mspId, String fn, String... args) {
    try {
      return parse(live.newProposal(fn).addArguments(args).setEndorsingOrganizations(mspId).build().evaluate());
    } catch (GatewayException e) {
      throw GatewayErrors.translate("LiveLedger:" + fn + " on " + mspId, e);
    }
  }

  public LiveTransaction tx(String id) {
    return Json.read(Json.bytes(evaluate("GetModel", id).get("transaction")), LiveTransaction.class);
  }

  public LiveBlock block(long height) {
    return Json.read(evaluateRaw(live, "LiveLedger:GetBlock", "GetBlock", Long.toString(height)), LiveBlock.class);
  }

  /** The committee's current chameleon public key on the ledger. */
  public ChameleonPublicKey committeeKey() {
    JsonNode keys = evaluate("GetCommittee").get("keys");
    return ChameleonPublicKey.fromHex(keys.get(keys.size() - 1).get("publicKey").asText());
  }

  /** What {@link #ensureCommitteeKey} found or did. */
  public enum CommitteeKeyOutcome { ALREADY_SET, SET }

  /**
   * Sets the ledger's committee key unless it is set already (to this key; another key on the
   * ledger is an error), through governance: {@code admins} (at least a majority of committee
   * orgs' admins) propose and approve it. Redactions are then endorsed by {@code endorsers}
   * committee orgs.
   */
  public CommitteeKeyOutcome ensureCommitteeKey(CommitteePublicKey committee, int endorsers,
      List<GovernanceClient> admins) {
    String want = committee.groupKey().toHex();
    try {
      String have = committeeKey().toHex();
      if (!have.equals(want)) {
        throw new IllegalStateException("the ledger's committee key " + have + " is not this committee's key " + want);
      }
      return CommitteeKeyOutcome.ALREADY_SET;
    } catch (ChaincodeRefusal e) {
      if (e.code() != ErrorCode.FAILED_PRECONDITION) { // GetCommittee's only precondition: a key is set
        throw e;
      }
    }
    Governance.Proposal p = GovernanceClient.enact(admins, "set-committee-key-" + want.substring(2, 18),
        new Governance.Action("set-committee-key", want, endorsers, null, null, null, null, null, null));
    if (!"EXECUTED".equals(p.status())) {
      throw new IllegalStateException("the set-committee-key proposal " + p.id() + " is " + p.status() + " with "
          + p.approvals().size() + " of " + p.required() + " approvals");
    }
    return CommitteeKeyOutcome.SET;
  }

  // ---- writes ----
  /** How long {@link #publish(ChameleonPublicKey, List, SecureRandom)} waits for the network's sealer. */
  static final java.time.Duration SEAL_WAIT = java.time.Duration.ofSeconds(60);

  /**
   * Publishes the models, each with a fresh chameleon digest under {@code pk}, and returns the
   * live block they were sealed in once the network's sealer has sealed them (DESIGN §3). Refs
   * outside this publish must be sealed first: it waits for them too.
   */
  public JsonNode publish(ChameleonPublicKey pk, List<ModelToPublish> models, SecureRandom rnd) {
    java.util.Set<String> own = new java.util.HashSet<>();
    List<String> outside = new ArrayList<>();
    for (ModelToPublish m : models) {
      m.refs().stream().filter(r -> !own.contains(r) && !outside.contains(r)).forEach(outside::add);
      own.add(m.id());
    }
    awaitSealed(outside, SEAL_WAIT);
    JsonNode pending = publishPending(newModels(pk, models, rnd));
    List<String> ids = models.stream().map(ModelToPublish::id).toList();
    awaitSealed(ids, SEAL_WAIT);
    return Json.MAPPER.valueToTree(block(tx(ids.get(ids.size() - 1)).block()));
  }

  /** Publishes {@code in} (no header) and returns as soon as it is committed: its models are pending. */
  public JsonNode publishPending(Inputs.Publish in) {
    return submitRetrying("Publish", TransientFields.PUBLISH, Json.bytes(in));
  }

  /** The publish input of the models (fresh digests under {@code pk}), with no header: the sealer brings it. */
  public Inputs.Publish newModels(ChameleonPublicKey pk, List<ModelToPublish> models, SecureRandom rnd) {
    List<Inputs.NewModel> in = new ArrayList<>();
    for (ModelToPublish m : models) {
      in.add(LedgerRequests.newModel(pk, channel(), m.id(), m.uri(), m.zkDigest(), m.refs(), rnd));
    }
    return new Inputs.Publish(in, null);
  }

  /**
   * BASELINE (bench only): the previous design's publish, which seals its own block and so
   * serialises on the live head; lost races are retried like before.
   */
  public JsonNode publishBaselineHotKey(ChameleonPublicKey pk, List<ModelToPublish> models, SecureRandom rnd) {
    Inputs.Publish in = newModels(pk, models, rnd);
    return submitRetrying("PublishBaselineHotKey", TransientFields.PUBLISH,
        Json.bytes(new Inputs.Publish(in.models(), LedgerRequests.headerRandomness(pk, rnd))));
  }

  /** The oldest pending publishes in seal order (at most {@code limit}). */
  public List<Records.PendingPublish> pending(int limit) {
    List<Records.PendingPublish> out = new ArrayList<>();
    for (JsonNode p : evaluate("Pending", Integer.toString(limit))) {
      out.add(Json.read(Json.bytes(p), Records.PendingPublish.class));
    }
    return out;
  }

  /** Submits one SealBlock (committee identities only); a lost race surfaces as {@link SealRaceLost}. */
  public JsonNode seal(Inputs.Seal in) {
    try {
      return submitOnce("SealBlock", null, null, null, new String[] {Json.string(in)});
    } catch (MvccConflict e) {
      throw new SealRaceLost(e.getMessage());
    }
  }

  /** Waits until every model in {@code ids} is sealed into a live block (polls GetModel). */
  public void awaitSealed(java.util.Collection<String> ids, java.time.Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (String id : ids) {
      while (!evaluate("GetModel", id).path("sealed").asBoolean(true)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("model " + id + " is still pending after " + timeout.toSeconds()
              + " s: is the network's sealer running (network.sh status: sealer)?");
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
  }

  /** Another sealer sealed first, or a publish landed inside this seal's range: try again with fresh pending. */
  public static final class SealRaceLost extends RuntimeException {
    SealRaceLost(String m) {
      super(m);
    }
  }

  public JsonNode openRequest(Inputs.OpenRequest in) {
    return submit("OpenRequest", TransientFields.REQUEST, Json.bytes(in));
  }

  /** The zero-shot provider records its mask for one model version (private: transient field {@code mask}). */
  public JsonNode recordMask(Inputs.RecordMask in) {
    return submit("RecordMask", TransientFields.MASK, Json.bytes(in));
  }

  /** Redactions are endorsed by every committee org (the key-level policy on live keys). */
  public JsonNode redact(Inputs.Redaction in, boolean single, String... endorsingOrgs) {
    String[] orgs = endorsingOrgs.length == 0 ? Orgs.COMMITTEE.toArray(String[]::new) : endorsingOrgs;
    return submitWith(single ? "RedactOne" : "RedactBatch", TransientFields.REDACTION, Json.bytes(in), orgs);
  }

  /**
   * Retries a publish that Fabric invalidated for a conflict. With pending publishes this only
   * happens when a publish read a ref that a redaction rewrote meanwhile, or two publishes claim
   * one model id; the baseline ({@code PublishBaselineHotKey}) races for the live head: the loser
   * is invalidated as a read conflict or, because both sealed the same new block key and set its
   * key-level policy, by Fabric's key-level validator (ENDORSEMENT_POLICY_FAILURE). Both are
   * retried with the same input (digests do not depend on the block height).
   */
  private JsonNode submitRetrying(String fn, String transientKey, byte[] transientValue) {
    for (int attempt = 1; ; attempt++) {
      try {
        return submitOnce(fn, transientKey, transientValue, null, new String[0]);
      } catch (LedgerRefused e) {
        if (e.code() != TxValidationCode.ENDORSEMENT_POLICY_FAILURE) {
          throw e;
        }
        mvccConflicts.incrementAndGet(); // the baseline's lost head race, reported by the block key's policy
        if (attempt >= MVCC_RETRIES) {
          throw new IllegalStateException(e.getMessage() + " (after " + attempt + " attempts)", e);
        }
        retries.incrementAndGet();
        backoff(attempt);
      } catch (MvccConflict e) {
        if (e.invalidated) {
          mvccConflicts.incrementAndGet();
        }
        if (attempt >= MVCC_RETRIES) {
          throw new IllegalStateException("LiveLedger:" + fn + ": still conflicting after " + attempt + " attempts", e);
        }
        retries.incrementAndGet();
        backoff(attempt);
      }
    }
  }

  private static void backoff(int attempt) {
    try {
      // Jittered, growing backoff so that racing publishers spread over Fabric blocks.
      long cap = Math.min(1000L, 50L << Math.min(attempt, 5));
      Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(ie);
    }
  }

  /** Publish attempts that lost a race and were retried (all clients of this process). */
  public static long retries() {
    return retries.get();
  }

  /**
   * Of {@link #retries()}: attempts Fabric invalidated at commit for losing a race — MVCC or
   * phantom read conflicts, and the baseline's head race reported as ENDORSEMENT_POLICY_FAILURE.
   */
  public static long mvccConflicts() {
    return mvccConflicts.get();
  }

  private JsonNode submit(String fn, String transientKey, byte[] transientValue, String... args) {
    return submitWith(fn, transientKey, transientValue, null, args);
  }

  /**
   * An endorser that did not answer is asked again for up to this long: a peer just restarted is
   * reached by the gateway only once its gRPC reconnect backoff expires (e2e 70: the first
   * redaction after {@code network.sh restart committee2} failed although the peer was back).
   * Nothing was submitted, so a new proposal is safe.
   */
  static final java.time.Duration ENDORSER_RETRY = java.time.Duration.ofSeconds(12);

  private JsonNode submitWith(String fn, String transientKey, byte[] transientValue, String[] orgs, String... args) {
    long deadline = System.nanoTime() + ENDORSER_RETRY.toNanos();
    for (int attempt = 1; ; attempt++) {
      try {
        return submitOnce(fn, transientKey, transientValue, orgs, args);
      } catch (MvccConflict e) {
        throw new IllegalStateException("LiveLedger:" + fn + ": " + e.getMessage(), e);
      } catch (EndorserUnreachable e) {
        if (System.nanoTime() > deadline) {
          throw e.failure;
        }
        backoff(Math.min(attempt + 3, 5));
      }
    }
  }

  /** An endorsement no endorser refused, at least one did not answer: nothing was submitted. */
  private static final class EndorserUnreachable extends RuntimeException {
    final RuntimeException failure;

    EndorserUnreachable(RuntimeException failure) {
      super(failure.getMessage(), failure, false, false);
      this.failure = failure;
    }
  }

  private JsonNode submitOnce(String fn, String transientKey, byte[] transientValue, String[] orgs, String[] args) {
    var builder = live.newProposal(fn).addArguments(args);
    if (transientKey != null) {
      builder.putTransient(transientKey, transientValue);
    }
    if (orgs != null && orgs.length > 0) {
      builder.setEndorsingOrganizations(orgs);
    }
    try {
      SubmittedTransaction tx = builder.build().endorse().submitAsync();
      Status status = tx.getStatus();
      if (!status.isSuccessful()) {
        TxValidationCode code = status.getCode();
        if (code == TxValidationCode.MVCC_READ_CONFLICT || code == TxValidationCode.PHANTOM_READ_CONFLICT) {
          throw new MvccConflict("transaction " + status.getTransactionId() + " lost a read conflict (" + code + ")", true);
        }
        throw new LedgerRefused("LiveLedger:" + fn + ": transaction " + status.getTransactionId()
            + " was invalidated (" + code + ")", code);
      }
      return parse(tx.getResult());
    } catch (GatewayException e) {
      // Endorsers that simulated on different ledger heights (a block committed in between)
      // disagree; like a read conflict, retrying resolves it.
      GatewayErrors.Failure failure = GatewayErrors.classify(e);
      if (failure.kind() == GatewayErrors.Kind.ENDORSEMENT_MISMATCH) {
        throw new MvccConflict(failure.describe(), false);
      }
      if (GatewayErrors.endorserUnreachable(e)) {
        throw new EndorserUnreachable(GatewayErrors.translate("LiveLedger:" + fn, e));
      }
      throw GatewayErrors.translate("LiveLedger:" + fn, e);
    }
  }

  static JsonNode parse(byte[] answer) {
    try {
      return Json.MAPPER.readTree(new String(answer, StandardCharsets.UTF_8));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("chaincode answered non-JSON: " + new String(answer, StandardCharsets.UTF_8), e);
    }
  }

  static final class MvccConflict extends RuntimeException {
    /** True: Fabric invalidated the committed transaction; false: endorsers disagreed before ordering. */
    final boolean invalidated;

    MvccConflict(String m, boolean invalidated) {
      super(m);
      this.invalidated = invalidated;
    }
  }

  /** A transaction the peers invalidated at commit (e.g. ENDORSEMENT_POLICY_FAILURE). */
  public static final class LedgerRefused extends RuntimeException {
    private final TxValidationCode code;

    LedgerRefused(String m, TxValidationCode code) {
      super(m);
      this.code = code;
    }

    public TxValidationCode code() {
      return code;
    }
  }
}
