package io.lethe.audit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.junit.jupiter.api.Test;

/** The one signature rule every audited identity meets (submitter, endorser, orderer): Fabric's. */
class FabricSignaturesTest {
  private static final BigInteger N = new BigInteger(
      "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

  private static byte[] withS(byte[] der, BigInteger s) throws Exception {
    BigInteger r = ASN1Integer.getInstance(ASN1Sequence.getInstance(der).getObjectAt(0)).getValue();
    return new DERSequence(new ASN1Encodable[] {new ASN1Integer(r), new ASN1Integer(s)}).getEncoded("DER");
  }

  @Test
  void aLowSSignatureOverThePartsVerifiesItsHighSTwinAndEveryAlterationDoNot() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair kp = g.generateKeyPair();
    byte[] a = "proposal response payload".getBytes(StandardCharsets.UTF_8);
    byte[] b = "endorser".getBytes(StandardCharsets.UTF_8);
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(kp.getPrivate());
    s.update(a);
    s.update(b);
    byte[] low = TestBlocks.lowS(s.sign());
    BigInteger sLow = ASN1Integer.getInstance(ASN1Sequence.getInstance(low).getObjectAt(1)).getValue();
    byte[] high = withS(low, N.subtract(sLow));

    assertTrue(FabricSignatures.verifies(kp.getPublic(), low, a, b));
    // the JDK accepts (r, n − s); Fabric's bccsp does not, so neither does the audit
    Signature jdk = Signature.getInstance("SHA256withECDSA");
    jdk.initVerify(kp.getPublic());
    jdk.update(a);
    jdk.update(b);
    assertTrue(jdk.verify(high));
    assertFalse(FabricSignatures.verifies(kp.getPublic(), high, a, b));
    // other parts, another order, another key, garbage: false, never an exception
    assertFalse(FabricSignatures.verifies(kp.getPublic(), low, b, a));
    assertFalse(FabricSignatures.verifies(kp.getPublic(), low, a));
    assertFalse(FabricSignatures.verifies(g.generateKeyPair().getPublic(), low, a, b));
    assertFalse(FabricSignatures.verifies(kp.getPublic(), new byte[] {1, 2, 3}, a, b));
    assertFalse(FabricSignatures.verifies(kp.getPublic(), withS(low, BigInteger.ZERO), a, b));
  }
}
