package io.lethe.committee.service;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS CAs of the committee orgs, by member number. A peer is trusted when its certificate
 * chains to one of them; {@link #memberOf} says which org's CA issued it.
 */
public final class CommitteeTrust {
  private final SortedMap<Integer, X509Certificate> cas;

  private CommitteeTrust(SortedMap<Integer, X509Certificate> cas) {
    if (cas.isEmpty()) {
      throw new IllegalArgumentException("no committee TLS CA given");
    }
    this.cas = Collections.unmodifiableSortedMap(cas);
  }

  public static CommitteeTrust load(Map<Integer, Path> caFiles) {
    SortedMap<Integer, X509Certificate> cas = new TreeMap<>();
    caFiles.forEach((member, file) -> cas.put(member, readCert(file)));
    return new CommitteeTrust(cas);
  }

  static X509Certificate readCert(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot read the TLS CA certificate " + file + ": " + e.getMessage(), e);
    }
  }

  public SortedMap<Integer, X509Certificate> cas() {
    return cas;
  }

  /** Only member {@code member}'s org CA: used when a secret must reach exactly that org. */
  public CommitteeTrust only(int member) {
    X509Certificate ca = cas.get(member);
    if (ca == null) {
      throw new IllegalArgumentException("no TLS CA for committee member " + member);
    }
    return new CommitteeTrust(new TreeMap<>(Map.of(member, ca)));
  }

  public TrustManager[] trustManagers() {
    try {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      for (var e : cas.entrySet()) {
        ks.setCertificateEntry("committee" + e.getKey(), e.getValue());
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      return tmf.getTrustManagers();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the committee trust store: " + e.getMessage(), e);
    }
  }

  /** The member whose org CA signed this (already TLS-verified) leaf certificate. */
  public Optional<Integer> memberOf(Certificate leaf) {
    if (!(leaf instanceof X509Certificate x)) {
      return Optional.empty();
    }
    for (var e : cas.entrySet()) {
      if (!x.getIssuerX500Principal().equals(e.getValue().getSubjectX500Principal())) {
        continue;
      }
      try {
        x.verify(e.getValue().getPublicKey());
        return Optional.of(e.getKey());
      } catch (GeneralSecurityException ignored) {
        // same name, other key: not this CA
      }
    }
    return Optional.empty();
  }
}
