package io.lethe.chameleon.committee;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * One committee member's side of the two-round adapt protocol. Round 1 ({@link #commit}) draws
 * fresh nonces bound to the target the member has validated and publishes their commitments;
 * round 2 ({@link #sign}) spends them on exactly one signing package for that target. A
 * commitment that was already spent, that this member never issued, or whose session expired
 * is refused: signing twice with one nonce pair would let anyone solve for {@code x_i}.
 *
 * <p>Pending sessions are capped and expire, so a coordinator cannot make a member hoard
 * nonces (memory, or a pool of open sessions to combine later); expired nonces are dropped.
 * Validating the unlearning request before round 1 is the caller's job (the committee service
 * checks the request on the ledger, then calls {@link #commit}).
 */
public final class CommitteeMember {
  public static final int DEFAULT_MAX_PENDING = 64;
  public static final long DEFAULT_SESSION_MILLIS = 120_000;
  private static final int SPENT_MEMORY = 65_536;

  private record Pending(SigningNonces nonces, AdaptTarget target, long expiresAt) {}

  private final CommitteePublicKey publicKey;
  private final KeyShare share;
  private final int maxPending;
  private final long sessionMillis;
  private final LongSupplier clock;
  private final Map<String, Pending> pending = new LinkedHashMap<>();
  private final Set<String> spent = Collections.newSetFromMap(new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > SPENT_MEMORY;
    }
  });

  public CommitteeMember(CommitteePublicKey publicKey, KeyShare share) {
    this(publicKey, share, DEFAULT_MAX_PENDING, DEFAULT_SESSION_MILLIS, System::currentTimeMillis);
  }

  public CommitteeMember(CommitteePublicKey publicKey, KeyShare share, int maxPending, long sessionMillis,
      LongSupplier clock) {
    if (maxPending < 1 || sessionMillis < 1) {
      throw new IllegalArgumentException("maxPending and sessionMillis must be positive");
    }
    publicKey.verifyShare(share);
    this.publicKey = publicKey;
    this.share = share;
    this.maxPending = maxPending;
    this.sessionMillis = sessionMillis;
    this.clock = clock;
  }

  public int member() {
    return share.member();
  }

  /**
   * Round 1 for a target the member has validated: fresh random nonces bound to it; round 2
   * refuses a package for any other target (context, C or new message).
   */
  public synchronized NonceCommitment commit(AdaptTarget target, SecureRandom rnd) {
    if (target == null) {
      throw new IllegalArgumentException("member " + member() + " refuses: round 1 needs the validated target");
    }
    return remember(SigningNonces.generate(share.member(), rnd), target);
  }

  /** Round 1 with given nonces, unbound: for known-answer vectors only. */
  synchronized NonceCommitment commitWith(BigInteger d, BigInteger e) {
    return remember(new SigningNonces(share.member(), d, e), null);
  }

  private NonceCommitment remember(SigningNonces nonces, AdaptTarget target) {
    dropExpired();
    if (pending.size() >= maxPending) {
      throw new IllegalStateException("member " + member() + " refuses: " + pending.size()
          + " sessions are already pending (cap " + maxPending + "); finish or let them expire first");
    }
    String key = nonces.commitment().fingerprint();
    if (spent.contains(key) || pending.containsKey(key)) {
      throw new IllegalStateException("nonce collision; draw again");
    }
    pending.put(key, new Pending(nonces, target, clock.getAsLong() + sessionMillis));
    return nonces.commitment();
  }

  private void dropExpired() {
    long now = clock.getAsLong();
    Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Pending> e = it.next();
      if (e.getValue().expiresAt() <= now) {
        e.getValue().nonces().consume();
        spent.add(e.getKey());
        it.remove();
      }
    }
  }

  /** How many round-1 commitments are waiting for round 2 (expired ones not counted). */
  public synchronized int pendingCount() {
    dropExpired();
    return pending.size();
  }

  /**
   * Round 2: {@code z_i = d_i + ρ_i·e_i − λ_i·x_i·e'}. The nonces are spent even if the package
   * turns out to be unusable, so a commitment is never signed under two packages.
   */
  public synchronized SignatureShare sign(SigningPackage pkg) {
    int i = share.member();
    NonceCommitment mine;
    try {
      mine = pkg.commitmentOf(i);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("member " + i + " is not in the signer set " + pkg.signers());
    }
    String key = mine.fingerprint();
    if (spent.contains(key)) {
      throw new IllegalStateException(
          "member " + i + " refuses: nonce commitment already used or expired (nonces are single-use)");
    }
    Pending session = pending.remove(key);
    if (session == null) {
      throw new IllegalStateException("member " + i + " refuses: commitment was not issued by this member");
    }
    spent.add(key);
    BigInteger[] de = session.nonces().consume();
    if (session.expiresAt() <= clock.getAsLong()) {
      throw new IllegalStateException("member " + i + " refuses: the session expired; start again from round 1");
    }
    if (session.target() != null && !session.target().equals(pkg.target())) {
      throw new IllegalStateException(
          "member " + i + " refuses: the package's target differs from the one validated in round 1");
    }
    SessionValues v = SessionValues.derive(publicKey, pkg);
    BigInteger z =
        de[0]
            .add(v.bindingFactors().get(i).multiply(de[1]))
            .subtract(v.lagrange().get(i).multiply(share.share()).multiply(v.challenge()))
            .mod(io.lethe.chameleon.P256.N);
    return new SignatureShare(i, z);
  }
}
