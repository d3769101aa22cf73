package io.lethe.committee.service;

import java.nio.file.Files;
import java.nio.file.Path;

/** A PEM certificate chain and its PKCS#8 PEM private key. */
public record TlsIdentity(Path certChain, Path privateKey) {
  public TlsIdentity {
    for (Path p : new Path[] {certChain, privateKey}) {
      if (!Files.isRegularFile(p)) {
        throw new IllegalArgumentException("TLS file " + p + " does not exist");
      }
    }
  }
}
