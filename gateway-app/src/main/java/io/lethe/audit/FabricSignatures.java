package io.lethe.audit;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;

/**
 * A Fabric signature check, as Fabric's bccsp makes it for every identity (submitter, endorser,
 * orderer): ECDSA with SHA-256 over the concatenated parts, and only a low-S signature counts —
 * the JDK accepts {@code (r, n − s)} as well as {@code (r, s)}, Fabric refuses the high one. Ed25519
 * keys (Fabric 3) verify as Ed25519. Never throws: a malformed key or signature is {@code false}.
 */
final class FabricSignatures {
  private FabricSignatures() {}

  /** Whether {@code signature} by {@code key} verifies over {@code parts} in order, under Fabric's rules. */
  static boolean verifies(PublicKey key, byte[] signature, byte[]... parts) {
    if (key instanceof ECPublicKey ec && !lowS(ec, signature)) {
      return false;
    }
    try {
      Signature s = Signature.getInstance(key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "Ed25519");
      s.initVerify(key);
      for (byte[] part : parts) {
        s.update(part);
      }
      return s.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Whether the ECDSA signature {@code der} (SEQUENCE { r, s }) has 0 < s ≤ n/2 for the key's curve
   * order n (bccsp: "Invalid S. Must be smaller than half the order").
   */
  static boolean lowS(ECPublicKey key, byte[] der) {
    try {
      ASN1Sequence seq = ASN1Sequence.getInstance(der);
      if (seq.size() != 2) {
        return false;
      }
      BigInteger s = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
      return s.signum() > 0 && s.compareTo(key.getParams().getOrder().shiftRight(1)) <= 0;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
