package io.lethe.chameleon;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Test-only deterministic byte stream (SHA-256 in counter mode over a seed), so the vector
 * generator and property tests are reproducible. Production code always gets a real
 * SecureRandom; nothing in main/ derives nonces deterministically.
 */
public final class SeededRandom extends SecureRandom {
  private final byte[] seed;
  private long counter;
  private byte[] block = new byte[0];
  private int pos;

  public SeededRandom(String seed) {
    this.seed = seed.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void nextBytes(byte[] out) {
    for (int i = 0; i < out.length; i++) {
      if (pos == block.length) {
        byte[] input = ByteBuffer.allocate(seed.length + 8).put(seed).putLong(counter++).array();
        block = Challenge.sha256(input);
        pos = 0;
      }
      out[i] = block[pos++];
    }
  }

  @Override
  public byte[] generateSeed(int numBytes) {
    byte[] out = new byte[numBytes];
    nextBytes(out);
    return out;
  }

  @Override
  public void setSeed(long ignored) {
    // the stream is fixed by the constructor's seed
  }

  @Override
  public void setSeed(byte[] ignored) {}
}
