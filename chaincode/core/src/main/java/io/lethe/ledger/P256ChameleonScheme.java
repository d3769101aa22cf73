package io.lethe.ledger;

import io.lethe.chameleon.ChameleonHash;
import io.lethe.chameleon.ChameleonPublicKey;
import io.lethe.chameleon.Randomness;

/** {@link ChameleonScheme} on io.lethe.chameleon (P-256 Ateniese–de Medeiros, DESIGN §4). */
public final class P256ChameleonScheme implements ChameleonScheme {
  @Override
  public byte[] digest(byte[] publicKeySec1, byte[] ctx, byte[] msg, byte[] r33, byte[] s32) {
    return ChameleonHash.digest(ChameleonPublicKey.fromSec1(publicKeySec1), ctx, msg, new Randomness(r33, s32));
  }

  @Override
  public String verify(byte[] publicKeySec1, byte[] ctx, byte[] msg, byte[] c33, byte[] r33, byte[] s32) {
    ChameleonPublicKey pk;
    try {
      pk = ChameleonPublicKey.fromSec1(publicKeySec1);
    } catch (IllegalArgumentException e) {
      return "committee public key: " + e.getMessage();
    }
    ChameleonHash.Verification v = ChameleonHash.verify(pk, ctx, msg, c33, new Randomness(r33, s32));
    return v.valid() ? null : v.reason();
  }

  @Override
  public void checkPublicKey(byte[] publicKeySec1) {
    ChameleonPublicKey.fromSec1(publicKeySec1);
  }
}
