package io.lethe.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
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
 * ({@code <network>/<channel>.block} as {@code network.sh} writes it, {@link OrdererConfig}: only
 * the file named after the channel its config names counts, any other {@code *.block} is ignored).
 * The trust anchors of the endorsement and signature checks: never taken from the report being
 * checked.
 */
public final class OrgCas {
  private final Map<String, X509Certificate> byMsp;
  private final Map<String, X509Certificate> orderers;
  private final List<OrdererConfig> channels;
  /** Why {@code <network>/<name>.block} gave no config of channel {@code name}, by name. */
  private final Map<String, String> configProblems;
  /** The revocation lists of each orderer org ({@code msp/crls/*.pem}), by MSP id. */
  private final Map<String, List<X509CRL>> ordererCrls;

  private OrgCas(Map<String, X509Certificate> byMsp, Map<String, X509Certificate> orderers,
      List<OrdererConfig> channels, Map<String, String> configProblems, Map<String, List<X509CRL>> ordererCrls) {
    this.byMsp = byMsp;
    this.orderers = orderers;
    this.channels = channels;
    this.configProblems = configProblems;
    this.ordererCrls = ordererCrls;
  }

  /**
   * Application orgs' CAs only: no orderer org is trusted and no channel's config known, so no block
   * signature verifies ({@link #withOrderer}, {@link #withChannel}).
   */
  public static OrgCas of(Map<String, X509Certificate> byMsp) {
    return new OrgCas(new TreeMap<>(byMsp), new TreeMap<>(), List.of(), Map.of(), Map.of());
  }

  /** These trust anchors and {@code ca} as the CA of the orderer org {@code msp}. */
  public OrgCas withOrderer(String msp, X509Certificate ca) {
    Map<String, X509Certificate> o = new TreeMap<>(orderers);
    o.put(msp, ca);
    return new OrgCas(byMsp, o, channels, configProblems, ordererCrls);
  }

  /** These trust anchors and {@code config} as its channel's ordering service. */
  public OrgCas withChannel(OrdererConfig config) {
    List<OrdererConfig> c = new ArrayList<>(channels);
    c.removeIf(x -> x.channel().equals(config.channel()));
    c.add(config);
    Map<String, String> p = new TreeMap<>(configProblems);
    p.remove(config.channel());
    return new OrgCas(byMsp, orderers, List.copyOf(c), p, ordererCrls);
  }

  /**
   * The CAs under {@code networkDir/crypto} and each channel's config block
   * {@code networkDir/<channel>.block}: a {@code *.block} whose config names another channel than its
   * file name is ignored (an old genesis block, a fetched or planted config must not choose the
   * block-validation rule); one that does not parse is remembered as the reason its channel has no
   * config ({@link #configProblem}).
   */
  public static OrgCas load(Path networkDir) throws IOException {
    Path orgs = networkDir.resolve("crypto").resolve("peerOrganizations");
    if (!Files.isDirectory(orgs)) {
      throw new IOException("no crypto material under " + orgs + " (the network's state folder)");
    }
    List<OrdererConfig> channels = new ArrayList<>();
    Map<String, String> problems = new TreeMap<>();
    try (Stream<Path> files = Files.list(networkDir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".block") && Files.isRegularFile(p))
          .sorted().toList()) {
        String file = f.getFileName().toString();
        String name = file.substring(0, file.length() - ".block".length());
        try {
          OrdererConfig c = OrdererConfig.parse(Files.readAllBytes(f));
          if (c.channel().equals(name)) {
            channels.add(c);
          }
          // else the config of channel c.channel() under another name: not that channel's config block
        } catch (IllegalArgumentException e) {
          problems.put(name, file + " is not a config block of channel " + name + ": " + e.getMessage());
        }
      }
    }
    Path ordererOrgs = networkDir.resolve("crypto").resolve("ordererOrganizations");
    return new OrgCas(roots(orgs), roots(ordererOrgs), List.copyOf(channels), problems, crls(ordererOrgs));
  }

  /** The MSP id of the org folder {@code org} ({@code orderer.lethe.local} → {@code OrdererMSP}). */
  private static String mspOf(Path org) {
    String name = org.getFileName().toString();
    String short_ = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
    return short_.substring(0, 1).toUpperCase(Locale.ROOT) + short_.substring(1) + "MSP";
  }

  /**
   * The revocation lists ({@code msp/crls/*.pem}, which the channel config's MSP carries as its
   * {@code revocation_list}) of each org folder under {@code orgs}, by MSP id; one that does not parse
   * is an error, as it is for a Fabric MSP.
   */
  private static Map<String, List<X509CRL>> crls(Path orgs) throws IOException {
    Map<String, List<X509CRL>> out = new TreeMap<>();
    if (!Files.isDirectory(orgs)) {
      return out;
    }
    try (Stream<Path> dirs = Files.list(orgs)) {
      for (Path org : dirs.sorted().toList()) {
        Path dir = org.resolve("msp").resolve("crls");
        if (!Files.isDirectory(dir)) {
          continue;
        }
        List<X509CRL> list = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
          for (Path pem : files.filter(p -> p.toString().endsWith(".pem")).sorted().toList()) {
            try (InputStream in = Files.newInputStream(pem)) {
              list.add((X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in));
            } catch (GeneralSecurityException | RuntimeException e) {
              throw new IOException("not an X.509 CRL: " + pem + ": " + e.getMessage(), e);
            }
          }
        }
        out.put(mspOf(org), List.copyOf(list));
      }
    }
    return out;
  }

  /** The CA root of each org folder under {@code orgs} (none if there is no such folder), by MSP id. */
  private static Map<String, X509Certificate> roots(Path orgs) throws IOException {
    Map<String, X509Certificate> out = new TreeMap<>();
    if (!Files.isDirectory(orgs)) {
      return out;
    }
    try (Stream<Path> dirs = Files.list(orgs)) {
      for (Path org : dirs.sorted().toList()) {
        String msp = mspOf(org);
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

  /**
   * Null if {@code msp} is an orderer org and {@code cert} is a valid identity of it, else why not: signed
   * by its CA and valid at its NotBefore + 1 s (as Fabric's MSP validates a signer: an expired orderer
   * certificate's blocks still verify), no CA certificate (basicConstraints CA=true: Fabric's MSP refuses one as an
   * identity), not revoked by a CRL of its CA in the network folder ({@code msp/crls}), and exactly one
   * Fabric node OU (OU=client, peer, admin or orderer: the orderer orgs are
   * made with NodeOUs enabled, under which a certificate without one is no member).
   */
  public String ordererProblem(String msp, X509Certificate cert) {
    if (!orderers.containsKey(msp)) {
      return (byMsp.containsKey(msp) ? msp + " is not an orderer org" : "no orderer CA certificate known for " + msp);
    }
    // validity at NotBefore + 1 s, as Fabric's MSP validates a signer (FAB-3678): a block stays signed after
    // its orderer's certificate expires; revocation (msp/crls) is how an org retires an orderer key
    String problem = problem(orderers, msp, cert, cert == null ? null : new Date(cert.getNotBefore().getTime()
        + 1000));
    if (problem != null) {
      return problem;
    }
    String subject = cert.getSubjectX500Principal().getName();
    for (X509CRL crl : ordererCrls.getOrDefault(msp, List.of())) {
      if (revokedBy(crl, orderers.get(msp), cert)) {
        return "certificate " + subject + " is revoked by " + msp + "'s CA (msp/crls)";
      }
    }
    if (cert.getBasicConstraints() != -1) {
      return "certificate " + subject + " is a CA certificate (basicConstraints CA=true), not an identity of " + msp;
    }
    long nodeOus = nodeOus(cert);
    if (nodeOus != 1) {
      return "certificate " + subject + " has " + (nodeOus == 0 ? "no" : nodeOus + "") + " Fabric node OU"
          + " (exactly one of OU=client, peer, admin, orderer): no valid identity of " + msp;
    }
    return null;
  }

  /** Whether {@code crl}, issued and signed by {@code ca} (else it counts for nothing, as in Fabric), lists {@code cert}. */
  private static boolean revokedBy(X509CRL crl, X509Certificate ca, X509Certificate cert) {
    try {
      if (!crl.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
        return false;
      }
      crl.verify(ca.getPublicKey());
      return crl.isRevoked(cert);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static final java.util.Set<String> NODE_OUS = java.util.Set.of("client", "peer", "admin", "orderer");

  /** How many of the subject's OU values are Fabric node OUs (client, peer, admin, orderer). */
  private static long nodeOus(X509Certificate cert) {
    try {
      return new javax.naming.ldap.LdapName(cert.getSubjectX500Principal().getName()).getRdns().stream()
          .flatMap(rdn -> {
            List<Object> values = new ArrayList<>();
            try {
              javax.naming.NamingEnumeration<? extends javax.naming.directory.Attribute> all = rdn.toAttributes()
                  .getAll();
              while (all.hasMore()) {
                javax.naming.directory.Attribute a = all.next();
                if (a.getID().equalsIgnoreCase("OU")) {
                  for (int i = 0; i < a.size(); i++) {
                    values.add(a.get(i));
                  }
                }
              }
            } catch (javax.naming.NamingException e) {
              // an attribute that cannot be read names no node OU
            }
            return values.stream();
          })
          .filter(v -> NODE_OUS.contains(String.valueOf(v))).count();
    } catch (javax.naming.InvalidNameException e) {
      return 0;
    }
  }

  /** The ordering service of {@code channel} as its config block in the network folder states it, or null. */
  public OrdererConfig ordererConfig(String channel) {
    return channels.stream().filter(c -> c.channel().equals(channel)).findFirst().orElse(null);
  }

  /** Why the network folder's {@code <channel>.block} gave no config for {@code channel} (it does not parse), or null. */
  public String configProblem(String channel) {
    return configProblems.get(channel);
  }

  private static String problem(Map<String, X509Certificate> cas, String msp, X509Certificate cert) {
    return problem(cas, msp, cert, new Date());
  }

  /** Null if {@code cert} is signed by {@code msp}'s CA in {@code cas} and valid at {@code at}, else why not. */
  private static String problem(Map<String, X509Certificate> cas, String msp, X509Certificate cert, Date at) {
    X509Certificate ca = cas.get(msp);
    if (ca == null) {
      return "no CA certificate known for " + msp;
    }
    if (cert == null) {
      return "the identity's certificate does not parse";
    }
    try {
      cert.verify(ca.getPublicKey());
      cert.checkValidity(at);
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
