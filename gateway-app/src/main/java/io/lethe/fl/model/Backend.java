package io.lethe.fl.model;

import java.util.Arrays;
import java.util.Locale;

/**
 * What runs a model's layers: ND4J (direct libnd4j ops, SameDiff graphs) or the plain-Java
 * loops. Both share the parameter layout, so a model file runs on either.
 */
public enum Backend {
  ND4J, JAVA;

  public static Backend parse(String s) {
    String w = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(b -> b.word().equals(w)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown FL backend '" + s + "' (known: nd4j, java)"));
  }

  /** The name used on the command line and in experiment results. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return word();
  }
}
