package io.lethe.zk;

import java.math.BigInteger;

/** Constants of BLS12-381, the curve of every Lethe proof (gnark Groth16, DESIGN §5). */
public final class Bls12381 {
  /** Order r of the G1/G2 subgroups: the scalar field of the circuits, Poseidon2 and zkDigest. */
  public static final BigInteger SCALAR_FIELD_ORDER =
      new BigInteger("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001", 16);

  private Bls12381() {}
}
