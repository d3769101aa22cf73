package io.lethe.committee.service;

import java.nio.file.Path;

/**
 * Where cryptogen ({@code network/crypto-config.yaml}, written by {@code network.sh up} under
 * {@code .network/crypto}) puts a committee org's TLS material. Committee org {@code i} is
 * {@code committee<i>.lethe.local} and member {@code i} of the committee.
 */
public record CryptogenLayout(Path cryptoDir) {
  public static String orgName(int member) {
    return "committee" + member;
  }

  public static String domain(int member) {
    return orgName(member) + ".lethe.local";
  }

  private Path org(int member) {
    return cryptoDir.resolve("peerOrganizations").resolve(domain(member));
  }

  /** The org's TLS CA certificate: every TLS certificate of the org chains to it. */
  public Path tlsCaCert(int member) {
    return org(member).resolve("tlsca").resolve("tlsca." + domain(member) + "-cert.pem");
  }

  private Path peerTls(int member) {
    return org(member).resolve("peers").resolve("peer0." + domain(member)).resolve("tls");
  }

  /** The org's peer TLS identity; the member service serves with it (and dials peers with it in the DKG). */
  public TlsIdentity memberIdentity(int member) {
    return new TlsIdentity(peerTls(member).resolve("server.crt"), peerTls(member).resolve("server.key"));
  }

  /** A client TLS identity of the org (the coordinator's, e.g. User1). */
  public TlsIdentity clientIdentity(int member, String user) {
    Path tls = org(member).resolve("users").resolve(user + "@" + domain(member)).resolve("tls");
    return new TlsIdentity(tls.resolve("client.crt"), tls.resolve("client.key"));
  }

  /** The TLS CAs of committee orgs 1..members. */
  public CommitteeTrust trust(int members) {
    java.util.Map<Integer, Path> cas = new java.util.TreeMap<>();
    for (int i = 1; i <= members; i++) {
      cas.put(i, tlsCaCert(i));
    }
    return CommitteeTrust.load(cas);
  }
}
