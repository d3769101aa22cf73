package io.lethe.chameleon.committee;

import java.math.BigInteger;

/** DKG round 2 message, sent privately from {@code from} to {@code to}: {@code f_from(to)}. */
public record DkgShare(int from, int to, BigInteger value) {
  @Override
  public String toString() {
    return "DkgShare(" + from + " -> " + to + ")"; // never print the secret
  }
}
