package io.lethe.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The root certificate of each org's CA, from the network's crypto material
 * ({@code <network>/crypto/peerOrganizations/<org>.lethe.local/msp/cacerts/}), by MSP id
 * ({@code committee1.lethe.local} → {@code Committee1MSP}). The trust anchors of the
 * endorsement and signature checks: never taken from the report being checked.
 */
public final class OrgCas {
  private final Map<String, X509Certificate> byMsp;

  private OrgCas(Map<String, X509Certificate> byMsp) {
    this.byMsp = byMsp;
  }

  public static OrgCas of(Map<String, X509Certificate> byMsp) {
    return new OrgCas(new TreeMap<>(byMsp));
  }

  public static OrgCas load(Path networkDir) throws IOException {
    Map<String, X509Certificate> out = new TreeMap<>();
    Path orgs = networkDir.resolve("crypto").resolve("peerOrganizations");
    if (!Files.isDirectory(orgs)) {
      throw new IOException("no crypto material under " + orgs + " (the network's state folder)");
    }
    try (Stream<Path> dirs = Files.list(orgs)) {
      for (Path org : dirs.sorted().toList()) {
        String name = org.getFileName().toString();
        String short_ = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        String msp = short_.substring(0, 1).toUpperCase(Locale.ROOT) + short_.substring(1) + "MSP";
        Path cacerts = org.resolve("msp").resolve("cacerts");
        if (!Files.isDirectory(cacerts)) {
          continue;
        }
        try (Stream<Path> files = Files.list(cacerts)) {
          Optional<Path> pem = files.filter(p -> p.toString().endsWith(".pem")).sorted().findFirst();
          if (pem.isPresent()) {
            out.put(msp, read(pem.get()));
          }
        }
      }
    }
    return new OrgCas(out);
  }

  static X509Certificate read(Path pem) throws IOException {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (GeneralSecurityException e) {
      throw new IOException("not an X.509 certificate: " + pem + ": " + e.getMessage(), e);
    }
  }

  /** Null if {@code cert} is signed by {@code msp}'s CA and valid now, else why not. */
  public String problem(String msp, X509Certificate cert) {
    X509Certificate ca = byMsp.get(msp);
    if (ca == null) {
      return "no CA certificate known for " + msp;
    }
    if (cert == null) {
      return "the identity's certificate does not parse";
    }
    try {
      cert.verify(ca.getPublicKey());
      cert.checkValidity();
      return null;
    } catch (GeneralSecurityException e) {
      return "certificate " + cert.getSubjectX500Principal().getName() + " does not chain to " + msp + "'s CA ("
          + e.getMessage() + ")";
    }
  }

  public boolean knows(String msp) {
    return byMsp.containsKey(msp);
  }
}
