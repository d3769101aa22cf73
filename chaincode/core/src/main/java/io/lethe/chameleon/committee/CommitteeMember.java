package io.lethe.chameleon.committee;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One committee member's side of the two-round adapt protocol. Round 1 ({@link #commit}) draws
 * fresh nonces and publishes their commitments; round 2 ({@link #sign}) spends them on exactly
 * one signing package. A commitment that was already spent, or that this member never issued,
 * is refused: signing twice with one nonce pair would let anyone solve for {@code x_i}.
 *
 * <p>Validating the unlearning request before signing is the caller's job (the committee
 * service checks the request on the ledger, then calls {@link #sign}).
 */
public final class CommitteeMember {
  private final CommitteePublicKey publicKey;
  private final KeyShare share;
  private final Map<String, SigningNonces> pending = new HashMap<>();
  private final Set<String> spent = new HashSet<>();
  private final Map<String, AdaptTarget> boundTargets = new HashMap<>();

  public CommitteeMember(CommitteePublicKey publicKey, KeyShare share) {
    publicKey.verifyShare(share);
    this.publicKey = publicKey;
    this.share = share;
  }

  public int member() {
    return share.member();
  }

  /** Round 1: fresh random nonces; returns their public commitment. */
  public synchronized NonceCommitment commit(SecureRandom rnd) {
    return remember(SigningNonces.generate(share.member(), rnd), null);
  }

  /**
   * Round 1 for a target the member has already validated: the nonces are bound to it, and
   * round 2 refuses a package for any other target (context, C or new message).
   */
  public synchronized NonceCommitment commit(AdaptTarget target, SecureRandom rnd) {
    if (target == null) {
      throw new IllegalArgumentException("target is required");
    }
    return remember(SigningNonces.generate(share.member(), rnd), target);
  }

  /** Round 1 with given nonces: for known-answer tests only. */
  synchronized NonceCommitment commitWith(BigInteger d, BigInteger e) {
    return remember(new SigningNonces(share.member(), d, e), null);
  }

  private NonceCommitment remember(SigningNonces nonces, AdaptTarget target) {
    String key = nonces.commitment().fingerprint();
    if (spent.contains(key) || pending.containsKey(key)) {
      throw new IllegalStateException("nonce collision; draw again");
    }
    pending.put(key, nonces);
    if (target != null) {
      boundTargets.put(key, target);
    }
    return nonces.commitment();
  }

  /** How many round-1 commitments are waiting for round 2. */
  public synchronized int pendingCount() {
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
          "member " + i + " refuses: nonce commitment already used (nonces are single-use)");
    }
    SigningNonces nonces = pending.remove(key);
    if (nonces == null) {
      throw new IllegalStateException("member " + i + " refuses: commitment was not issued by this member");
    }
    spent.add(key);
    BigInteger[] de = nonces.consume();
    AdaptTarget bound = boundTargets.remove(key);
    if (bound != null && !bound.equals(pkg.target())) {
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
