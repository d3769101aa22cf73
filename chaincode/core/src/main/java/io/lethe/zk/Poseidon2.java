package io.lethe.zk;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * Poseidon2 permutation over the BLS12-381 scalar field, width 3, 8 full and 56 partial rounds,
 * S-box x^5 — the same instance as gnark-crypto's {@code poseidon2.NewParameters(3, 8, 56)}:
 * round keys are a Keccak-256 chain seeded with {@code "Poseidon2-BLS12_381[t=3,rF=8,rP=56,d=5]"}.
 */
public final class Poseidon2 {
  static final BigInteger R = Bls12381.SCALAR_FIELD_ORDER;

  static final int WIDTH = 3;
  static final int FULL_ROUNDS = 8;
  static final int PARTIAL_ROUNDS = 56;
  static final String SEED = "Poseidon2-BLS12_381[t=3,rF=8,rP=56,d=5]";

  private static final BigInteger[][] ROUND_KEYS = roundKeys();

  private Poseidon2() {}

  private static BigInteger[][] roundKeys() {
    KeccakDigest keccak = new KeccakDigest(256);
    byte[] rnd = keccak(keccak, SEED.getBytes(StandardCharsets.US_ASCII));
    BigInteger[][] keys = new BigInteger[FULL_ROUNDS + PARTIAL_ROUNDS][];
    for (int i = 0; i < keys.length; i++) {
      boolean full = i < FULL_ROUNDS / 2 || i >= FULL_ROUNDS / 2 + PARTIAL_ROUNDS;
      keys[i] = new BigInteger[full ? WIDTH : 1];
      for (int j = 0; j < keys[i].length; j++) {
        rnd = keccak(keccak, rnd);
        keys[i][j] = new BigInteger(1, rnd).mod(R);
      }
    }
    return keys;
  }

  private static byte[] keccak(KeccakDigest d, byte[] in) {
    d.reset();
    d.update(in, 0, in.length);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }

  static BigInteger firstRoundKey() {
    return ROUND_KEYS[0][0];
  }

  private static BigInteger sbox(BigInteger x) {
    BigInteger x2 = x.multiply(x).mod(R);
    return x2.multiply(x2).mod(R).multiply(x).mod(R);
  }

  // circ(2,1,1): s_i += s0 + s1 + s2
  private static void external(BigInteger[] s) {
    BigInteger sum = s[0].add(s[1]).add(s[2]);
    for (int i = 0; i < 3; i++) {
      s[i] = s[i].add(sum).mod(R);
    }
  }

  // [[2,1,1],[1,2,1],[1,1,3]]
  private static void internal(BigInteger[] s) {
    BigInteger sum = s[0].add(s[1]).add(s[2]);
    s[0] = s[0].add(sum).mod(R);
    s[1] = s[1].add(sum).mod(R);
    s[2] = s[2].shiftLeft(1).add(sum).mod(R);
  }

  /** Applies the permutation in place to a state of three reduced field elements. */
  public static void permute(BigInteger[] s) {
    if (s.length != WIDTH) {
      throw new IllegalArgumentException("state width must be 3");
    }
    external(s);
    int half = FULL_ROUNDS / 2;
    for (int r = 0; r < FULL_ROUNDS + PARTIAL_ROUNDS; r++) {
      boolean full = r < half || r >= half + PARTIAL_ROUNDS;
      BigInteger[] k = ROUND_KEYS[r];
      for (int j = 0; j < k.length; j++) {
        s[j] = s[j].add(k[j]).mod(R);
      }
      if (full) {
        for (int j = 0; j < WIDTH; j++) {
          s[j] = sbox(s[j]);
        }
        external(s);
      } else {
        s[0] = sbox(s[0]);
        internal(s);
      }
    }
  }

  /** 2-to-1 compression: P(a, b, tag)[0]. */
  public static BigInteger compress(BigInteger a, BigInteger b, long tag) {
    BigInteger[] s = {a, b, BigInteger.valueOf(tag)};
    permute(s);
    return s[0];
  }
}
