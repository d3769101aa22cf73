package io.lethe.attack;

import io.lethe.chameleon.ChameleonHash;
import io.lethe.chameleon.Randomness;
import io.lethe.chameleon.Trapdoor;
import io.lethe.ledger.CanonicalBytes;
import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.Inputs.HeaderAdapt;
import io.lethe.ledger.Inputs.Redaction;
import io.lethe.ledger.Inputs.Rewrite;
import io.lethe.ledger.LedgerRequests;
import io.lethe.ledger.LedgerRequests.NewPayload;
import io.lethe.ledger.Records.LiveBlock;
import io.lethe.ledger.Records.LiveTransaction;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The valid ledger every fuzzed attempt starts from, and the committee's valid redactions of
 * it. Both sides build the same layout (fixture names; ledger ids are {@code prefix + name}):
 *
 * <pre>
 * key epoch k0: a b (user1) · c[a] h[a] (user2) · d[a,b] x[b] (user3)
 * key epoch k1: e[c,d] (user4) · f[b] g[e] (user5) · o p[o] … s1 s2[s1] s3[s2]
 * r-open    (user1, from a)   parallel    OPEN    cascade a c h d e g; d rewritten twice under it
 * r-foreign (user2, from c)   parallel    OPEN    cascade c e g;       e rewritten once under it
 * r-done    (user6, from o)   parallel    CLOSED  o and p rewritten
 * r-voted   (user5, from f)   parallel    CLOSED  by an executed close-request proposal
 * r-seq     (from s1)         sequential  OPEN    cascade s1 s2 s3;    s1 rewritten (RedactOne)
 * pendingProposal: a close-request proposal for r-open with one approval
 * </pre>
 *
 * What differs per side goes behind the abstract methods: how the ledger is read
 * ({@link #readTx}, {@link #readBlock}), how the fixture's own redactions are submitted while
 * building ({@link #submit}), and the content of a rewrite ({@link #content}). The generators
 * only read a fixture; each side submits the {@link Attempt}s' {@link Call}s itself.
 */
public abstract class FuzzFixture {
  /** The models of r-open's cascade (fixture names); valid redactions rewrite them in this order. */
  public static final List<String> CASCADE = List.of("a", "c", "h", "d", "e", "g");
  public static final List<String> FOREIGN_CASCADE = List.of("c", "e", "g");
  public static final List<String> OUTSIDE = List.of("b", "x", "f", "o", "p");
  public static final List<String> SEQ_CASCADE = List.of("s1", "s2", "s3");
  public static final List<String> ALL = List.of("a", "b", "c", "h", "d", "x", "e", "f", "g", "o", "p", "s1", "s2", "s3");
  /** Models rewritten while building: they have archived versions. */
  public static final List<String> WITH_HISTORY = List.of("d", "e");
  /** The content tag of the valid redactions (never used before on this ledger). */
  public static final String TAG = "fz";

  private static final HexFormat HEX = HexFormat.of();

  /** One superseded version: its content and the public opening (R, s) of C to it. */
  public record ArchivedVersion(long version, NewPayload content, String r, String s) {}

  /** A redaction the fixture applied, and the code a replay of it must meet now. */
  public record Replay(String name, Redaction input, boolean one, ErrorCode refusedWith) {}

  private final String prefix;
  private final String channel;
  protected final SecureRandom rnd;
  /** Collisions per key epoch index (the committee's, or a throwaway epoch's trapdoor). */
  protected final Map<Integer, LedgerRequests.Collider> colliders = new HashMap<>();
  /** A chameleon key outside the committee: collisions under it are forgeries. */
  private final Trapdoor attacker;
  private final Map<String, LiveTransaction> txs = new HashMap<>();
  private final Map<Long, LiveBlock> blocks = new HashMap<>();
  private final Map<String, NewPayload> current = new HashMap<>();
  private final Map<String, List<ArchivedVersion>> archived = new HashMap<>();
  private final List<Replay> replays = new ArrayList<>();
  private final Map<List<String>, Redaction> validByNames = new HashMap<>();
  private String pendingProposal;
  private String pendingActionHash;

  protected FuzzFixture(String channel, String prefix, SecureRandom rnd) {
    this.channel = channel;
    this.prefix = prefix;
    this.rnd = rnd;
    this.attacker = Trapdoor.generate(rnd);
  }

  // ------------------------------------------------------------------ what each side provides

  /** The ledger's record of transaction {@code id} (a ledger id); null when it does not exist yet ({@link #refresh} skips it). */
  protected abstract LiveTransaction readTx(String id);

  /** The ledger's live block at {@code height}. */
  protected abstract LiveBlock readBlock(long height);

  /** Submits one of the fixture's own redactions (RedactOne when {@code one}) and waits for its commit. */
  protected abstract void submit(Redaction r, boolean one);

  /** The content model {@code name} is rewritten to in a redaction tagged {@code tag}. */
  public abstract NewPayload content(String name, String tag);

  // ------------------------------------------------------------------ building (for the sides)

  /** Rereads every fixture model's transaction and block. */
  protected final void refresh() {
    for (String m : ALL) {
      LiveTransaction t = readTx(id(m));
      if (t != null) {
        txs.put(m, t);
        blocks.put(t.block(), readBlock(t.block()));
      }
    }
  }

  /** Records model {@code name}'s content as published. */
  protected final void published(String name, NewPayload content) {
    current.put(name, content);
  }

  /** The committee's redaction of {@code names} under {@code request} to their {@code tag} content, submitted and recorded. */
  protected final Redaction apply(String request, List<String> names, String tag, boolean one) {
    Redaction r = redaction(request, names, tag);
    for (String m : names) {
      LiveTransaction t = txs.get(m);
      archived.computeIfAbsent(m, k -> new ArrayList<>()).add(new ArchivedVersion(t.version(), current.get(m), t.r(), t.s()));
      current.put(m, content(m, tag));
    }
    submit(r, one);
    refresh();
    return r;
  }

  protected final void replayable(Replay replay) {
    replays.add(replay);
  }

  /** The proposal left pending with one approval, and the action hash its approvals must name. */
  protected final void pending(String proposalId, String actionHash) {
    this.pendingProposal = proposalId;
    this.pendingActionHash = actionHash;
  }

  // ------------------------------------------------------------------ what the ledger holds

  /** The ledger id of fixture name {@code name} (models, requests, proposals). */
  public final String id(String name) {
    return prefix + name;
  }

  /** The fixture name of ledger id {@code id}. */
  public final String name(String id) {
    return id.startsWith(prefix) ? id.substring(prefix.length()) : id;
  }

  public final String channel() {
    return channel;
  }

  public final LiveTransaction tx(String name) {
    return txs.get(name);
  }

  public final LiveBlock block(long height) {
    return blocks.get(height);
  }

  /** The heights of the fixture's blocks. */
  public final List<Long> heights() {
    return blocks.keySet().stream().sorted().toList();
  }

  /** Whether the fixture's models span two committee key epochs whose collisions this process can compute. */
  public final boolean twoEpochs() {
    return tx("a").keyIndex() != tx("e").keyIndex() && colliders.containsKey(tx("a").keyIndex())
        && colliders.containsKey(tx("e").keyIndex());
  }

  public final NewPayload current(String name) {
    return current.get(name);
  }

  public final List<ArchivedVersion> archived(String name) {
    return archived.getOrDefault(name, List.of());
  }

  public final List<Replay> replays() {
    return List.copyOf(replays);
  }

  public final String pendingProposal() {
    return pendingProposal;
  }

  public final String pendingActionHash() {
    return pendingActionHash;
  }

  // ------------------------------------------------------------------ collisions

  /** The committee's redaction of models {@code names} to their {@code tag} content under request {@code request}. */
  public final Redaction redaction(String request, List<String> names, String tag) {
    Map<String, NewPayload> updates = new LinkedHashMap<>();
    Map<String, LiveTransaction> byId = new HashMap<>();
    Map<Long, LiveBlock> byHeight = new HashMap<>();
    for (String m : names) {
      updates.put(id(m), content(m, tag));
      byId.put(id(m), txs.get(m));
      byHeight.put(txs.get(m).block(), blocks.get(txs.get(m).block()));
    }
    return LedgerRequests.redaction(channel, id(request), updates, byId, byHeight, this::collide);
  }

  /** The valid redaction of the r-open cascade models {@code names} (cached: the fixture does not change while attempts run). */
  public Redaction valid(List<String> names) {
    return validByNames.computeIfAbsent(List.copyOf(names), n -> redaction("r-open", n, TAG));
  }

  public final Randomness collide(int keyIndex, byte[] ctx, byte[] c, byte[] msg) {
    LedgerRequests.Collider collider = colliders.get(keyIndex);
    if (collider == null) {
      throw new IllegalStateException("no collisions for committee key epoch " + keyIndex + " in this process");
    }
    return collider.adapt(keyIndex, ctx, c, msg);
  }

  final Randomness collideAsAttacker(byte[] ctx, byte[] c, byte[] msg) {
    return ChameleonHash.adapt(attacker, attacker.publicKey(), ctx, c, msg, rnd);
  }

  /** The key outside the committee the forgeries use (e.g. for a governance takeover proposal). */
  public final Trapdoor attacker() {
    return attacker;
  }

  /**
   * A rewrite of {@code name} to {@code content} whose (R, s) opens the model's C to exactly this
   * message (version, request, refs) under key epoch {@code keyIndex} (or the attacker's key when
   * negative): a genuine collision of whoever holds that key.
   */
  public final Rewrite rewrite(String request, String name, NewPayload content, long version, List<String> refs,
      int keyIndex) {
    LiveTransaction t = tx(name);
    byte[] msg = CanonicalBytes.payload(version, request.isEmpty() ? "" : id(request), content.uri(), content.zkDigest(), refs);
    byte[] ctx = CanonicalBytes.txContext(channel, t.id());
    Randomness r = keyIndex < 0 ? collideAsAttacker(ctx, HEX.parseHex(t.c()), msg)
        : collide(keyIndex, ctx, HEX.parseHex(t.c()), msg);
    return new Rewrite(t.id(), content.uri(), HEX.formatHex(content.zkDigest()), refs, r.rHex(), r.sHex());
  }

  /** The committee's rewrite of {@code name} to {@code content} at the next version under {@code request}. */
  public final Rewrite rewrite(String request, String name, NewPayload content) {
    LiveTransaction t = tx(name);
    return rewrite(request, name, content, t.version() + 1, t.refs(), t.keyIndex());
  }

  /** Header randomness opening block {@code height}'s chCurr to its header at {@code version} under {@code keyIndex} (negative: the attacker's key). */
  public final HeaderAdapt header(long height, long version, int keyIndex) {
    LiveBlock b = block(height);
    byte[] msg = CanonicalBytes.headerMessage(height, HEX.parseHex(b.parentHash()), HEX.parseHex(b.merkleRoot()),
        b.timestamp(), version);
    byte[] ctx = CanonicalBytes.headerContext(channel, height);
    Randomness r = keyIndex < 0 ? collideAsAttacker(ctx, HEX.parseHex(b.chCurr()), msg)
        : collide(keyIndex, ctx, HEX.parseHex(b.chCurr()), msg);
    return new HeaderAdapt(height, r.rHex(), r.sHex());
  }

  /** The committee's header randomness for block {@code height} at its next version. */
  public final HeaderAdapt header(long height) {
    LiveBlock b = block(height);
    return header(height, b.version() + 1, b.keyIndex());
  }
}
