package io.lethe.contracts.testing;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * Fabric creator identities for tests: a real {@code SerializedIdentity} (MSP id + PEM X.509
 * certificate), so the shim's {@code ClientIdentity} parses it exactly as on a peer.
 */
public final class TestIdentities {
  private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

  private TestIdentities() {}

  /** A client identity (NodeOU {@code client}). */
  public static byte[] creator(String mspId, String commonName) {
    return creator(mspId, commonName, "client");
  }

  /** An identity with the given NodeOU ({@code client}, {@code admin}, {@code peer}). */
  public static byte[] creator(String mspId, String commonName, String nodeOu) {
    return creator(mspId, commonName, nodeOu, null);
  }

  /** As above, its certificate issued by {@code issuerCn} (null: self-issued). */
  public static byte[] creator(String mspId, String commonName, String nodeOu, String issuerCn) {
    return CACHE.computeIfAbsent(mspId + "/" + commonName + "/" + nodeOu + "/" + issuerCn,
        k -> build(mspId, commonName, nodeOu, issuerCn));
  }

  private static byte[] build(String mspId, String cn, String nodeOu, String issuerCn) {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
      gen.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair kp = gen.generateKeyPair();
      X500Name subject = new X500Name("CN=" + cn + ",OU=" + nodeOu + ",O=" + mspId);
      X500Name issuer = issuerCn == null ? subject : new X500Name("CN=" + issuerCn + ",O=" + mspId);
      var cert =
          new JcaX509v3CertificateBuilder(
                  issuer,
                  BigInteger.valueOf(cn.hashCode() & 0x7fffffff),
                  new Date(System.currentTimeMillis() - 3_600_000L),
                  new Date(System.currentTimeMillis() + 86_400_000L),
                  subject,
                  kp.getPublic())
              .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()));
      StringWriter pem = new StringWriter();
      try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
        w.writeObject(new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(cert));
      }
      return SerializedIdentity.newBuilder()
          .setMspid(mspId)
          .setIdBytes(com.google.protobuf.ByteString.copyFromUtf8(pem.toString()))
          .build()
          .toByteArray();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
