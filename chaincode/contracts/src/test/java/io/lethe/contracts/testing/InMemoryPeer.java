package io.lethe.contracts.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.hyperledger.fabric.protos.common.MSPPrincipal;
import org.hyperledger.fabric.protos.common.MSPRole;
import org.hyperledger.fabric.protos.common.SignaturePolicy;
import org.hyperledger.fabric.protos.common.SignaturePolicyEnvelope;

/**
 * A single-channel ledger that behaves like a Fabric peer for what Lethe's contracts use:
 * world state with composite keys and range scans, private data collections with their
 * public hashes and purge, key-level endorsement policies checked at commit, events, and a
 * transaction clock. Transactions read committed state only (like Fabric: no read-your-own
 * writes) and either commit every write or none.
 */
public final class InMemoryPeer {
  final String channel;
  final TreeMap<String, byte[]> state = new TreeMap<>();
  final Map<String, byte[]> stateMeta = new HashMap<>();
  final Map<String, TreeMap<String, byte[]>> privateData = new HashMap<>();
  final Map<String, TreeMap<String, byte[]>> privateHashes = new HashMap<>();
  final Map<String, Map<String, byte[]>> privateMeta = new HashMap<>();
  /** collection name → member MSP ids (orgs whose peers hold the data). */
  final Map<String, Set<String>> collectionMembers = new HashMap<>();
  private final List<Committed> log = new ArrayList<>();
  /** Public-state reads per key (each a round trip to the peer on Fabric), since the last {@link #resetReads}. */
  final Map<String, Integer> stateReads = new HashMap<>();
  private long clockMillis = 1_763_700_000_000L;
  private int txCounter;

  public InMemoryPeer(String channel) {
    this.channel = channel;
  }

  public InMemoryPeer collection(String name, Set<String> memberMsps) {
    collectionMembers.put(name, Set.copyOf(memberMsps));
    privateData.put(name, new TreeMap<>());
    privateHashes.put(name, new TreeMap<>());
    privateMeta.put(name, new HashMap<>());
    return this;
  }

  /** A transaction proposal by a client identity, simulated on a peer of {@code peerMsp}. */
  public InMemoryStub proposal(String creatorMsp, String creatorName, String peerMsp) {
    return proposal(creatorMsp, creatorName, "client", peerMsp);
  }

  /** A transaction proposal by an identity of the given NodeOU, simulated on a peer of {@code peerMsp}. */
  public InMemoryStub proposal(String creatorMsp, String creatorName, String nodeOu, String peerMsp) {
    return proposal(creatorMsp, creatorName, nodeOu, null, peerMsp);
  }

  /** As above, with the creator's certificate issued by {@code issuerCn}. */
  public InMemoryStub proposal(String creatorMsp, String creatorName, String nodeOu, String issuerCn, String peerMsp) {
    clockMillis += 1_000;
    txCounter++;
    String txId = String.format("%064x", (long) txCounter * 0x9E3779B97F4A7C15L & Long.MAX_VALUE);
    return new InMemoryStub(this, txId, Instant.ofEpochMilli(clockMillis),
        TestIdentities.creator(creatorMsp, creatorName, nodeOu, issuerCn), creatorMsp, peerMsp);
  }

  public Map<String, Integer> stateReads() {
    return Map.copyOf(stateReads);
  }

  public void resetReads() {
    stateReads.clear();
  }

  public byte[] committedState(String key) {
    return state.get(key);
  }

  public byte[] committedPrivate(String collection, String key) {
    return privateData.get(collection).get(key);
  }

  public byte[] committedPrivateHash(String collection, String key) {
    return privateHashes.get(collection).get(key);
  }

  public Map<String, byte[]> snapshotState() {
    return new TreeMap<>(state);
  }

  public Map<String, Map<String, byte[]>> snapshotPrivate() {
    Map<String, Map<String, byte[]>> copy = new TreeMap<>();
    privateData.forEach((c, m) -> copy.put(c, new TreeMap<>(m)));
    return copy;
  }

  /**
   * Every byte this peer holds, under one sorted key space: world state ({@code state/}), each
   * collection's values ({@code private/<c>/}) and hashes ({@code hash/<c>/}), and the key-level
   * endorsement policies ({@code policy/}, {@code private-policy/<c>/}).
   */
  public SortedMap<String, byte[]> snapshotAll() {
    SortedMap<String, byte[]> all = new TreeMap<>();
    state.forEach((k, v) -> all.put("state/" + k, v));
    stateMeta.forEach((k, v) -> all.put("policy/" + k, v));
    privateData.forEach((c, m) -> m.forEach((k, v) -> all.put("private/" + c + "/" + k, v)));
    privateHashes.forEach((c, m) -> m.forEach((k, v) -> all.put("hash/" + c + "/" + k, v)));
    privateMeta.forEach((c, m) -> m.forEach((k, v) -> all.put("private-policy/" + c + "/" + k, v)));
    return all;
  }

  public List<Committed> log() {
    return List.copyOf(log);
  }

  /** What one committed transaction left behind. */
  public record Committed(String txId, String eventName, byte[] eventPayload) {}

  /** Raised at commit when a written key's endorsement policy is not met (Fabric: ENDORSEMENT_POLICY_FAILURE). */
  public static final class EndorsementPolicyFailure extends RuntimeException {
    EndorsementPolicyFailure(String message) {
      super(message);
    }
  }

  void commit(InMemoryStub tx, Collection<String> endorsingOrgs) {
    // Validation first: every written key whose committed metadata carries a policy must be satisfied.
    for (String key : tx.writes.keySet()) {
      check(stateMeta.get(key), endorsingOrgs, "key " + key);
    }
    for (String key : tx.metaWrites.keySet()) {
      check(stateMeta.get(key), endorsingOrgs, "metadata of key " + key);
    }
    tx.privateWrites.forEach(
        (coll, writes) -> writes.keySet().forEach(k -> check(privateMeta.get(coll).get(k), endorsingOrgs, coll + "/" + k)));
    tx.purges.forEach(
        (coll, keys) -> keys.forEach(k -> check(privateMeta.get(coll).get(k), endorsingOrgs, "purge of " + coll + "/" + k)));

    tx.writes.forEach(
        (k, v) -> {
          if (v.isPresent()) {
            state.put(k, v.get());
          } else {
            state.remove(k);
            stateMeta.remove(k);
          }
        });
    tx.metaWrites.forEach(stateMeta::put);
    tx.privateWrites.forEach(
        (coll, writes) ->
            writes.forEach(
                (k, v) -> {
                  if (v.isPresent()) {
                    privateData.get(coll).put(k, v.get());
                    privateHashes.get(coll).put(sha256Hex(k), sha256(v.get()));
                  } else {
                    privateData.get(coll).remove(k);
                    privateHashes.get(coll).remove(sha256Hex(k));
                  }
                }));
    tx.privateMetaWrites.forEach((coll, m) -> privateMeta.get(coll).putAll(m));
    // Purge (Fabric >= 2.5): the value and its hash leave every peer's state and private store;
    // only the hashed write sets already in blocks remain.
    tx.purges.forEach(
        (coll, keys) ->
            keys.forEach(
                k -> {
                  privateData.get(coll).remove(k);
                  privateHashes.get(coll).remove(sha256Hex(k));
                  privateMeta.get(coll).remove(k);
                }));
    log.add(new Committed(tx.getTxId(), tx.eventName, tx.eventPayload));
  }

  private static void check(byte[] policy, Collection<String> endorsers, String what) {
    if (policy == null) {
      return;
    }
    try {
      SignaturePolicyEnvelope env = SignaturePolicyEnvelope.parseFrom(policy);
      if (!satisfied(env.getRule(), env, endorsers)) {
        throw new EndorsementPolicyFailure(
            "ENDORSEMENT_POLICY_FAILURE: " + what + " endorsed by " + endorsers + " only");
      }
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean satisfied(SignaturePolicy rule, SignaturePolicyEnvelope env, Collection<String> orgs) {
    if (rule.hasSignedBy()) {
      try {
        MSPPrincipal p = env.getIdentities(rule.getSignedBy());
        return orgs.contains(MSPRole.parseFrom(p.getPrincipal()).getMspIdentifier());
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new IllegalStateException(e);
      }
    }
    int ok = 0;
    for (SignaturePolicy sub : rule.getNOutOf().getRulesList()) {
      ok += satisfied(sub, env, orgs) ? 1 : 0;
    }
    return ok >= rule.getNOutOf().getN();
  }

  static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256Hex(String key) {
    return java.util.HexFormat.of().formatHex(sha256(key.getBytes(StandardCharsets.UTF_8)));
  }

  static <K, V> Map<K, V> ordered() {
    return new LinkedHashMap<>();
  }

  static Optional<byte[]> some(byte[] v) {
    return Optional.of(v.clone());
  }
}
