package io.lethe.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The root certificate of each org's CA, from the network's crypto material
 * ({@code <network>/crypto/peerOrganizations/<org>.lethe.local/msp/cacerts/}), by MSP id
 * ({@code committee1.lethe.local} → {@code Committee1MSP}); apart from them the orderer orgs'
 * ({@code crypto/ordererOrganizations/orderer.lethe.local} → {@code OrdererMSP}), which vouch for
 * block signatures only, and the channels' ordering services from their config blocks
 * ({@code <network>/*.block}, {@link OrdererConfig}). The trust anchors of the endorsement and
 * signature checks: never taken from the report being checked.
 */
public final class OrgCas {
  private final Map<String, X509Certificate> byMsp;
  private final Map<String, X509Certificate> orderers;
  private final List<OrdererConfig> channels;

  private OrgCas(Map<String, X509Certificate> byMsp, Map<String, X509Certificate> orderers,
      List<OrdererConfig> channels) {
    this.byMsp = byMsp;
    this.orderers = orderers;
    this.channels = channels;
  }

  /** Application orgs' CAs only: no orderer org is trusted, so no block signature verifies. */
  public static OrgCas of(Map<String, X509Certificate> byMsp) {
    return new OrgCas(new TreeMap<>(byMsp), new TreeMap<>(), List.of());
  }

  /** These trust anchors and {@code ca} as the CA of the orderer org {@code msp}. */
  public OrgCas withOrderer(String msp, X509Certificate ca) {
    Map<String, X509Certificate> o = new TreeMap<>(orderers);
    o.put(msp, ca);
    return new OrgCas(byMsp, o, channels);
  }

  /** These trust anchors and {@code config} as its channel's ordering service. */
  public OrgCas withChannel(OrdererConfig config) {
    List<OrdererConfig> c = new ArrayList<>(channels);
    c.removeIf(x -> x.channel().equals(config.channel()));
    c.add(config);
    return new OrgCas(byMsp, orderers, List.copyOf(c));
  }

  public static OrgCas load(Path networkDir) throws IOException {
    Path orgs = networkDir.resolve("crypto").resolve("peerOrganizations");
    if (!Files.isDirectory(orgs)) {
      throw new IOException("no crypto material under " + orgs + " (the network's state folder)");
    }
    List<OrdererConfig> channels = new ArrayList<>();
    try (Stream<Path> files = Files.list(networkDir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".block")).sorted().toList()) {
        try {
          channels.add(OrdererConfig.parse(Files.readAllBytes(f)));
        } catch (IllegalArgumentException e) {
          // not a channel's config block: nothing to trust in it
        }
      }
    }
    return new OrgCas(roots(orgs), roots(networkDir.resolve("crypto").resolve("ordererOrganizations")),
        List.copyOf(channels));
  }

  /** The CA root of each org folder under {@code orgs} (none if there is no such folder), by MSP id. */
  private static Map<String, X509Certificate> roots(Path orgs) throws IOException {
    Map<String, X509Certificate> out = new TreeMap<>();
    if (!Files.isDirectory(orgs)) {
      return out;
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
    return out;
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
    return problem(byMsp, msp, cert);
  }

  /** Null if {@code msp} is an orderer org and {@code cert} is signed by its CA and valid now, else why not. */
  public String ordererProblem(String msp, X509Certificate cert) {
    if (!orderers.containsKey(msp)) {
      return (byMsp.containsKey(msp) ? msp + " is not an orderer org" : "no orderer CA certificate known for " + msp);
    }
    return problem(orderers, msp, cert);
  }

  /** The ordering service of {@code channel} as its config block in the network folder states it, or null. */
  public OrdererConfig ordererConfig(String channel) {
    return channels.stream().filter(c -> c.channel().equals(channel)).findFirst().orElse(null);
  }

  private static String problem(Map<String, X509Certificate> cas, String msp, X509Certificate cert) {
    X509Certificate ca = cas.get(msp);
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
