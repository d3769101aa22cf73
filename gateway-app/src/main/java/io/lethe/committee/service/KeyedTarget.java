package io.lethe.committee.service;

import io.lethe.chameleon.committee.AdaptTarget;

/** One collision to compute: the record's committee key epoch and what to adapt. */
public record KeyedTarget(int keyIndex, AdaptTarget target) {
  public KeyedTarget {
    if (keyIndex < 0 || target == null) {
      throw new IllegalArgumentException("a target needs a key index >= 0 and an adapt target");
    }
  }

  public static KeyedTarget of(int keyIndex, byte[] ctx, byte[] c, byte[] newMessage) {
    return new KeyedTarget(keyIndex, new AdaptTarget(ctx, c, newMessage));
  }
}
