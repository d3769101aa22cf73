package io.lethe.chameleon;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.math.ec.ECPoint;

/** The chameleon public key {@code Y = x·G}, validated on construction (on curve, not identity). */
public final class ChameleonPublicKey {
  private final ECPoint point;
  private final byte[] sec1;

  private ChameleonPublicKey(ECPoint point) {
    this.point = point.normalize();
    this.sec1 = P256.encodePoint(this.point);
  }

  public static ChameleonPublicKey of(ECPoint point) {
    if (point == null || point.isInfinity() || !point.isValid()) {
      throw new IllegalArgumentException("public key Y is not a valid P-256 point");
    }
    return new ChameleonPublicKey(point);
  }

  /**
   * Decodes a key, reusing the instance for keys seen recently: BouncyCastle keeps its
   * multiplication tables on the point object, so a reused key verifies about twice as fast
   * (the chaincode decodes the same committee key on every transaction).
   */
  public static ChameleonPublicKey fromSec1(byte[] encoded) {
    String hex = encoded == null ? null : HexCodec.encode(encoded);
    if (hex != null) {
      synchronized (RECENT) {
        ChameleonPublicKey cached = RECENT.get(hex);
        if (cached != null) {
          return cached;
        }
      }
    }
    ChameleonPublicKey key = new ChameleonPublicKey(P256.decodePoint(encoded, "public key Y"));
    synchronized (RECENT) {
      RECENT.put(hex, key);
    }
    return key;
  }

  private static final int RECENT_KEYS = 64;
  private static final Map<String, ChameleonPublicKey> RECENT =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ChameleonPublicKey> eldest) {
          return size() > RECENT_KEYS;
        }
      };

  public static ChameleonPublicKey fromHex(String hex) {
    return fromSec1(HexCodec.decode(hex, "public key Y"));
  }

  public ECPoint point() {
    return point;
  }

  public byte[] toSec1() {
    return sec1.clone();
  }

  public String toHex() {
    return HexCodec.encode(sec1);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChameleonPublicKey other && Arrays.equals(sec1, other.sec1);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(sec1);
  }

  @Override
  public String toString() {
    return "ChameleonPublicKey(" + toHex() + ")";
  }
}
