package io.lethe.committee.service;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Reads the length-prefixed fields of {@link io.lethe.ledger.CanonicalBytes} (big-endian); any malformation throws. */
final class CanonicalReader {
  private final ByteBuffer in;

  CanonicalReader(byte[] bytes) {
    this.in = ByteBuffer.wrap(bytes);
  }

  byte[] lp() {
    long n = u32();
    if (n > in.remaining()) {
      throw new IllegalArgumentException("length " + n + " runs past the end");
    }
    byte[] b = new byte[(int) n];
    in.get(b);
    return b;
  }

  String lpString() {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(lp()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("a text field is not UTF-8");
    }
  }

  long u32() {
    need(4);
    return in.getInt() & 0xFFFFFFFFL;
  }

  long u64() {
    need(8);
    long v = in.getLong();
    if (v < 0) {
      throw new IllegalArgumentException("u64 out of range");
    }
    return v;
  }

  void end() {
    if (in.hasRemaining()) {
      throw new IllegalArgumentException(in.remaining() + " trailing bytes");
    }
  }

  private void need(int n) {
    if (in.remaining() < n) {
      throw new IllegalArgumentException("truncated");
    }
  }
}
