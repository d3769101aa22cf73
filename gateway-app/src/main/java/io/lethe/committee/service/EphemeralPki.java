package io.lethe.committee.service;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Throw-away TLS material in cryptogen's layout (what {@code network.sh up} creates under
 * {@code .network/crypto}): per committee org a TLS CA, the peer's server certificate (server and
 * client use, SAN 127.0.0.1 and localhost) and User1's client certificate. For tests and the
 * benchmark only; a real network uses cryptogen's files.
 */
public final class EphemeralPki {
  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

  private EphemeralPki() {}

  /** Writes the layout for committee orgs 1..members under {@code cryptoDir}. */
  public static CryptogenLayout create(Path cryptoDir, int members) throws IOException {
    CryptogenLayout layout = new CryptogenLayout(cryptoDir);
    for (int i = 1; i <= members; i++) {
      writeOrg(cryptoDir, CryptogenLayout.domain(i));
    }
    return layout;
  }

  /** An org outside the committee (its own CA), in the same layout: {@code peerOrganizations/<domain>}. */
  public static TlsIdentity outsider(Path cryptoDir, String domain) throws IOException {
    writeOrg(cryptoDir, domain);
    Path tls = cryptoDir.resolve("peerOrganizations").resolve(domain).resolve("users").resolve("User1@" + domain).resolve("tls");
    return new TlsIdentity(tls.resolve("client.crt"), tls.resolve("client.key"));
  }

  private static void writeOrg(Path cryptoDir, String domain) throws IOException {
    try {
      Path org = cryptoDir.resolve("peerOrganizations").resolve(domain);
      KeyPair caKey = ecKey();
      X500Name caName = new X500Name("CN=tlsca." + domain + ",O=" + domain);
      X509Certificate ca = sign(caName, caKey, caName, caKey, true);
      Path caFile = org.resolve("tlsca").resolve("tlsca." + domain + "-cert.pem");
      writePem(caFile, "CERTIFICATE", ca.getEncoded());
      KeyPair peerKey = ecKey();
      X509Certificate peer = sign(new X500Name("CN=peer0." + domain + ",O=" + domain), peerKey, caName, caKey, false);
      Path peerTls = org.resolve("peers").resolve("peer0." + domain).resolve("tls");
      writePem(peerTls.resolve("server.crt"), "CERTIFICATE", peer.getEncoded());
      writePem(peerTls.resolve("server.key"), "PRIVATE KEY", peerKey.getPrivate().getEncoded());
      writePem(peerTls.resolve("ca.crt"), "CERTIFICATE", ca.getEncoded());
      KeyPair userKey = ecKey();
      X509Certificate user = sign(new X500Name("CN=User1@" + domain + ",O=" + domain), userKey, caName, caKey, false);
      Path userTls = org.resolve("users").resolve("User1@" + domain).resolve("tls");
      writePem(userTls.resolve("client.crt"), "CERTIFICATE", user.getEncoded());
      writePem(userTls.resolve("client.key"), "PRIVATE KEY", userKey.getPrivate().getEncoded());
      writePem(userTls.resolve("ca.crt"), "CERTIFICATE", ca.getEncoded());
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot create test TLS material: " + e.getMessage(), e);
    }
  }

  private static KeyPair ecKey() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static X509Certificate sign(X500Name subject, KeyPair subjectKey, X500Name issuer, KeyPair issuerKey, boolean ca)
      throws GeneralSecurityException, OperatorCreationException, IOException {
    long now = System.currentTimeMillis();
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
        new Date(now - 60_000), new Date(now + 24L * 3600_000), subject, subjectKey.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    if (ca) {
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
    } else {
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      b.addExtension(Extension.extendedKeyUsage, false,
          new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
    }
    return new JcaX509CertificateConverter().getCertificate(
        b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
  }

  private static void writePem(Path file, String type, byte[] der) throws IOException {
    Files.createDirectories(file.getParent());
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
  }
}
