package io.lethe.contracts.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.hyperledger.fabric.shim.Chaincode;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * One transaction simulation on an {@link InMemoryPeer}. Reads see committed state only;
 * writes are buffered until {@link #commit} (which validates key-level endorsement policies
 * against the endorsing orgs). An exception from the contract means: call nothing, nothing
 * is written — exactly as a failed endorsement on a peer.
 */
public final class InMemoryStub implements ChaincodeStub {
  /**
   * Fabric's simulator refuses every write of a transaction that ran a private-data range
   * query ("Transaction has already performed queries on pvt data. Writes are not allowed").
   */
  private boolean privateDataQueried;

  private static final String MAX_UNICODE = new String(Character.toChars(Character.MAX_CODE_POINT));
  private final InMemoryPeer peer;
  private final String txId;
  private final Instant timestamp;
  private final byte[] creator;
  private final String creatorMsp;
  private final String peerMsp;
  private final Map<String, byte[]> transientMap = new HashMap<>();
  final Map<String, Optional<byte[]>> writes = new LinkedHashMap<>();
  final Map<String, byte[]> metaWrites = new LinkedHashMap<>();
  final Map<String, Map<String, Optional<byte[]>>> privateWrites = new LinkedHashMap<>();
  final Map<String, Map<String, byte[]>> privateMetaWrites = new LinkedHashMap<>();
  final Map<String, List<String>> purges = new LinkedHashMap<>();
  String eventName;
  byte[] eventPayload;

  InMemoryStub(InMemoryPeer peer, String txId, Instant ts, byte[] creator, String creatorMsp, String peerMsp) {
    this.peer = peer;
    this.txId = txId;
    this.timestamp = ts;
    this.creator = creator;
    this.creatorMsp = creatorMsp;
    this.peerMsp = peerMsp;
  }

  public InMemoryStub transientData(String key, String value) {
    transientMap.put(key, value.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** Raw transient bytes (e.g. input that is not valid UTF-8). */
  public InMemoryStub transientData(String key, byte[] value) {
    transientMap.put(key, value.clone());
    return this;
  }

  public Context context() {
    return new Context(this);
  }

  /** Commits this simulation as endorsed by the given orgs' peers. */
  public void commit(Collection<String> endorsingOrgs) {
    peer.commit(this, endorsingOrgs);
  }

  public String creatorMsp() {
    return creatorMsp;
  }

  @Override
  public String getTxId() {
    return txId;
  }

  @Override
  public String getChannelId() {
    return peer.channel;
  }

  @Override
  public Instant getTxTimestamp() {
    return timestamp;
  }

  @Override
  public byte[] getCreator() {
    return creator.clone();
  }

  @Override
  public String getMspId() {
    return peerMsp;
  }

  @Override
  public Map<String, byte[]> getTransient() {
    return Map.copyOf(transientMap);
  }

  @Override
  public byte[] getState(String key) {
    peer.stateReads.merge(key, 1, Integer::sum);
    byte[] v = peer.state.get(key);
    return v == null ? new byte[0] : v.clone();
  }

  @Override
  public void putState(String key, byte[] value) {
    checkWritable();
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("key must not be empty");
    }
    if (value == null || value.length == 0) {
      // Fabric treats an empty value as a delete.
      writes.put(key, Optional.empty());
      return;
    }
    writes.put(key, Optional.of(value.clone()));
  }

  @Override
  public void delState(String key) {
    checkWritable();
    writes.put(key, Optional.empty());
  }

  @Override
  public byte[] getStateValidationParameter(String key) {
    return peer.stateMeta.get(key);
  }

  @Override
  public void setStateValidationParameter(String key, byte[] value) {
    checkWritable();
    metaWrites.put(key, value.clone());
  }

  @Override
  public QueryResultsIterator<KeyValue> getStateByRange(String startKey, String endKey) {
    String start = startKey == null || startKey.isEmpty() ? "\u0001" : startKey;
    SortedMap<String, byte[]> view =
        endKey == null || endKey.isEmpty() ? peer.state.tailMap(start) : peer.state.subMap(start, endKey);
    return iterate(view);
  }

  @Override
  public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(String compositeKey) {
    return iterate(peer.state.subMap(compositeKey, compositeKey + MAX_UNICODE));
  }

  @Override
  public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(String objectType, String... attributes) {
    return getStateByPartialCompositeKey(new CompositeKey(objectType, attributes));
  }

  @Override
  public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(CompositeKey compositeKey) {
    return getStateByPartialCompositeKey(compositeKey.toString());
  }

  @Override
  public CompositeKey createCompositeKey(String objectType, String... attributes) {
    return new CompositeKey(objectType, attributes);
  }

  @Override
  public CompositeKey splitCompositeKey(String compositeKey) {
    return CompositeKey.parseCompositeKey(compositeKey);
  }

  @Override
  public byte[] getPrivateData(String collection, String key) {
    requireMember(collection);
    byte[] v = collection(collection).get(key);
    return v == null ? new byte[0] : v.clone();
  }

  @Override
  public byte[] getPrivateDataHash(String collection, String key) {
    collection(collection);
    byte[] v = peer.privateHashes.get(collection).get(InMemoryPeer.sha256Hex(key));
    return v == null ? new byte[0] : v.clone();
  }

  @Override
  public byte[] getPrivateDataValidationParameter(String collection, String key) {
    collection(collection);
    return peer.privateMeta.get(collection).get(key);
  }

  @Override
  public void putPrivateData(String collection, String key, byte[] value) {
    checkWritable();
    collection(collection);
    if (value == null || value.length == 0) {
      throw new IllegalArgumentException("value must not be empty");
    }
    privateWrites.computeIfAbsent(collection, c -> new LinkedHashMap<>()).put(key, Optional.of(value.clone()));
  }

  @Override
  public void setPrivateDataValidationParameter(String collection, String key, byte[] value) {
    checkWritable();
    collection(collection);
    privateMetaWrites.computeIfAbsent(collection, c -> new LinkedHashMap<>()).put(key, value.clone());
  }

  @Override
  public void delPrivateData(String collection, String key) {
    checkWritable();
    collection(collection);
    privateWrites.computeIfAbsent(collection, c -> new LinkedHashMap<>()).put(key, Optional.empty());
  }

  @Override
  public void purgePrivateData(String collection, String key) {
    checkWritable();
    collection(collection);
    purges.computeIfAbsent(collection, c -> new ArrayList<>()).add(key);
  }

  @Override
  public QueryResultsIterator<KeyValue> getPrivateDataByRange(String collection, String startKey, String endKey) {
    requireMember(collection);
    privateDataQueried = true;
    TreeMap<String, byte[]> m = collection(collection);
    String start = startKey == null || startKey.isEmpty() ? "\u0001" : startKey;
    return iterate(endKey == null || endKey.isEmpty() ? m.tailMap(start) : m.subMap(start, endKey));
  }

  @Override
  public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(String collection, String compositeKey) {
    requireMember(collection);
    privateDataQueried = true;
    return iterate(collection(collection).subMap(compositeKey, compositeKey + MAX_UNICODE));
  }

  @Override
  public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(String collection, CompositeKey compositeKey) {
    return getPrivateDataByPartialCompositeKey(collection, compositeKey.toString());
  }

  @Override
  public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(
      String collection, String objectType, String... attributes) {
    return getPrivateDataByPartialCompositeKey(collection, new CompositeKey(objectType, attributes));
  }

  @Override
  public void setEvent(String name, byte[] payload) {
    this.eventName = name;
    this.eventPayload = payload == null ? null : payload.clone();
  }

  private java.util.TreeMap<String, byte[]> collection(String name) {
    java.util.TreeMap<String, byte[]> m = peer.privateData.get(name);
    if (m == null) {
      throw new IllegalArgumentException("collection " + name + " is not defined in the chaincode's collection config");
    }
    return m;
  }

  private void requireMember(String collection) {
    collection(collection);
    if (!peer.collectionMembers.get(collection).contains(peerMsp)) {
      // Fabric: a peer outside the collection holds no private data for it.
      throw new IllegalStateException(
          "peer of " + peerMsp + " is not a member of collection " + collection + " and holds none of its data");
    }
  }

  private static QueryResultsIterator<KeyValue> iterate(SortedMap<String, byte[]> view) {
    List<KeyValue> rows = new ArrayList<>();
    view.forEach((k, v) -> rows.add(new Row(k, v.clone())));
    return new QueryResultsIterator<>() {
      @Override
      public Iterator<KeyValue> iterator() {
        return rows.iterator();
      }

      @Override
      public void close() {}
    };
  }

  private record Row(String key, byte[] value) implements KeyValue {
    @Override
    public String getKey() {
      return key;
    }

    @Override
    public byte[] getValue() {
      return value.clone();
    }

    @Override
    public String getStringValue() {
      return new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Row r && r.key.equals(key) && Arrays.equals(r.value, value);
    }

    @Override
    public int hashCode() {
      return key.hashCode();
    }
  }

  // ---- not used by Lethe's contracts: refuse loudly rather than pretend ----

  private static UnsupportedOperationException unused() {
    return new UnsupportedOperationException("not modelled by InMemoryStub");
  }

  @Override
  public List<byte[]> getArgs() {
    throw unused();
  }

  @Override
  public List<String> getStringArgs() {
    throw unused();
  }

  @Override
  public String getFunction() {
    throw unused();
  }

  @Override
  public List<String> getParameters() {
    throw unused();
  }

  @Override
  public Chaincode.Response invokeChaincode(String name, List<byte[]> args, String channel) {
    throw unused();
  }

  @Override
  public QueryResultsIteratorWithMetadata<KeyValue> getStateByRangeWithPagination(
      String startKey, String endKey, int pageSize, String bookmark) {
    throw unused();
  }

  @Override
  public QueryResultsIteratorWithMetadata<KeyValue> getStateByPartialCompositeKeyWithPagination(
      CompositeKey compositeKey, int pageSize, String bookmark) {
    throw unused();
  }

  @Override
  public QueryResultsIterator<KeyValue> getQueryResult(String query) {
    throw unused();
  }

  @Override
  public QueryResultsIteratorWithMetadata<KeyValue> getQueryResultWithPagination(
      String query, int pageSize, String bookmark) {
    throw unused();
  }

  @Override
  public QueryResultsIterator<KeyModification> getHistoryForKey(String key) {
    throw unused();
  }

  @Override
  public QueryResultsIterator<KeyValue> getPrivateDataQueryResult(String collection, String query) {
    throw unused();
  }

  @Override
  public ChaincodeEvent getEvent() {
    throw unused();
  }

  @Override
  public SignedProposal getSignedProposal() {
    throw unused();
  }

  @Override
  public byte[] getBinding() {
    throw unused();
  }

  private void checkWritable() {
    if (privateDataQueried) {
      throw new IllegalStateException(
          "unsupported transaction: Transaction has already performed queries on pvt data. Writes are not allowed");
    }
  }
}
