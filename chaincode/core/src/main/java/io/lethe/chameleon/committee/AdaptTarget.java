package io.lethe.chameleon.committee;

import io.lethe.chameleon.HexCodec;
import io.lethe.chameleon.P256;
import java.util.Arrays;
import org.bouncycastle.math.ec.ECPoint;

/** What the committee is asked to adapt: the record's context, its digest C, the new message. */
public record AdaptTarget(byte[] ctx, byte[] c, byte[] newMessage) {
  public AdaptTarget {
    if (ctx == null || c == null || newMessage == null) {
      throw new IllegalArgumentException("context, C and new message are all required");
    }
    ctx = ctx.clone();
    c = c.clone();
    newMessage = newMessage.clone();
    P256.decodePoint(c, "C");
  }

  @Override
  public byte[] ctx() {
    return ctx.clone();
  }

  @Override
  public byte[] c() {
    return c.clone();
  }

  @Override
  public byte[] newMessage() {
    return newMessage.clone();
  }

  public ECPoint cPoint() {
    return P256.decodePoint(c, "C");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AdaptTarget t
        && Arrays.equals(ctx, t.ctx)
        && Arrays.equals(c, t.c)
        && Arrays.equals(newMessage, t.newMessage);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ctx) * 961 + Arrays.hashCode(c) * 31 + Arrays.hashCode(newMessage);
  }

  @Override
  public String toString() {
    return "AdaptTarget(ctx=" + HexCodec.encode(ctx) + ", C=" + HexCodec.encode(c) + ", |m'|=" + newMessage.length + ")";
  }
}
