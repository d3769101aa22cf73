package io.lethe.chameleon.committee;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lethe.chameleon.ChameleonHash;
import io.lethe.chameleon.P256;
import io.lethe.chameleon.SeededRandom;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A member that signs three packages with one nonce pair (say, restored from a VM snapshot
 * between sessions) gives away its share: the shares {@code z = d + ρ·e − λ·e'·x_i} are three
 * linear equations in {@code (d, e, x_i)}. With t such members the trapdoor follows. The guard
 * in {@link CommitteeMember} refuses the second use.
 */
class NonceReuseTest {
  private final SeededRandom rnd = new SeededRandom("NonceReuseTest");

  @Test
  void reusedCommitteeNoncesRevealTheTrapdoorAndTheGuardRefusesThem() {
    Dealer.Dealt dealt = Dealer.deal(2, 3, rnd);
    CommitteePublicKey pk = dealt.publicKey();
    byte[] ctx = "lethe.tx|ch|tx-7".getBytes(StandardCharsets.UTF_8);
    ChameleonHash.Hashed h = ChameleonHash.hash(pk.groupKey(), ctx, "m0".getBytes(StandardCharsets.UTF_8), rnd);

    BigInteger[][] reused = new BigInteger[3][];
    for (int member = 1; member <= 2; member++) {
      reused[member] = new BigInteger[] {P256.randomScalar(rnd), P256.randomScalar(rnd)};
    }
    List<BigInteger[]> eqs1 = new ArrayList<>();
    List<BigInteger[]> eqs2 = new ArrayList<>();
    for (int session = 0; session < 3; session++) {
      byte[] msg = ("m" + (session + 1)).getBytes(StandardCharsets.UTF_8);
      // "snapshot restore": a fresh member object committing to the same nonces each session
      CommitteeMember m1 = new CommitteeMember(pk, dealt.shares().get(0));
      CommitteeMember m2 = new CommitteeMember(pk, dealt.shares().get(1));
      NonceCommitment c1 = m1.commitWith(reused[1][0], reused[1][1]);
      NonceCommitment c2 = m2.commitWith(reused[2][0], reused[2][1]);
      SigningPackage pkg = new SigningPackage(new AdaptTarget(ctx, h.c(), msg), List.of(c1, c2));
      SignatureShare z1 = m1.sign(pkg);
      SignatureShare z2 = m2.sign(pkg);
      // the collision itself is valid: nothing in a transcript betrays the reuse but repeated D, E
      assertTrue(ChameleonHash.verify(pk.groupKey(), ctx, msg, h.c(), new Aggregator(pk).aggregate(pkg, List.of(z1, z2))).valid());
      SessionValues v = SessionValues.derive(pk, pkg);
      eqs1.add(row(v, 1, z1));
      eqs2.add(row(v, 2, z2));
    }
    BigInteger x1 = solveForShare(eqs1);
    BigInteger x2 = solveForShare(eqs2);
    assertEquals(pk.memberKey(1), P256.mulG(x1));
    assertEquals(pk.memberKey(2), P256.mulG(x2));
    BigInteger x = x1.multiply(Lagrange.coefficient(1, List.of(1, 2)))
        .add(x2.multiply(Lagrange.coefficient(2, List.of(1, 2)))).mod(P256.N);
    assertEquals(pk.groupKey().point(), P256.mulG(x)); // the whole trapdoor is out

    // the guard: one member object never signs twice with one commitment
    CommitteeMember guarded = new CommitteeMember(pk, dealt.shares().get(0));
    CommitteeMember other = new CommitteeMember(pk, dealt.shares().get(1));
    AdaptTarget a = new AdaptTarget(ctx, h.c(), "a".getBytes(StandardCharsets.UTF_8));
    NonceCommitment c1 = guarded.commit(a, rnd);
    NonceCommitment c2 = other.commit(a, rnd);
    guarded.sign(new SigningPackage(a, List.of(c1, c2)));
    assertThrows(IllegalStateException.class,
        () -> guarded.sign(new SigningPackage(new AdaptTarget(ctx, h.c(), "b".getBytes(StandardCharsets.UTF_8)), List.of(c1, c2))));
  }

  /** Coefficients of {@code z = 1·d + ρ·e + (−λ·e')·x_i}, and z. */
  private static BigInteger[] row(SessionValues v, int member, SignatureShare z) {
    return new BigInteger[] {
      BigInteger.ONE,
      v.bindingFactors().get(member),
      v.lagrange().get(member).multiply(v.challenge()).negate().mod(P256.N),
      z.z()
    };
  }

  /** Gaussian elimination mod n on the 3×3 system; returns the third unknown, x_i. */
  private static BigInteger solveForShare(List<BigInteger[]> rows) {
    BigInteger n = P256.N;
    BigInteger[][] a = new BigInteger[3][];
    for (int i = 0; i < 3; i++) {
      a[i] = rows.get(i).clone();
    }
    for (int col = 0; col < 3; col++) {
      int pivot = col;
      while (a[pivot][col].mod(n).signum() == 0) {
        pivot++;
      }
      BigInteger[] tmp = a[col];
      a[col] = a[pivot];
      a[pivot] = tmp;
      BigInteger inv = a[col][col].modInverse(n);
      for (int k = 0; k < 4; k++) {
        a[col][k] = a[col][k].multiply(inv).mod(n);
      }
      for (int r = 0; r < 3; r++) {
        if (r != col && a[r][col].signum() != 0) {
          BigInteger f = a[r][col];
          for (int k = 0; k < 4; k++) {
            a[r][k] = a[r][k].subtract(f.multiply(a[col][k])).mod(n);
          }
        }
      }
    }
    return a[2][3];
  }
}
