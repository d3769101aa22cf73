package io.lethe.zk;

/** The statement kinds of the universal chunk circuits (DESIGN §5; {@code prover-native/chunks}). */
public enum ChunkKind {
  DELTA(1, "delta"),
  CASCADE(2, "cascade"),
  OBS(3, "obs");

  private final int code;
  private final String word;

  ChunkKind(int code, String word) {
    this.code = code;
    this.word = word;
  }

  /** The public input "kind" of every proof of this statement. */
  public int code() {
    return code;
  }

  public String word() {
    return word;
  }

  /** The verifying key's id, registered by governance. */
  public String keyId() {
    return "chunk-" + word;
  }

  public static ChunkKind parse(String word) {
    for (ChunkKind k : values()) {
      if (k.word.equals(word)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown chunk statement '" + word + "' (delta, cascade or obs)");
  }
}
