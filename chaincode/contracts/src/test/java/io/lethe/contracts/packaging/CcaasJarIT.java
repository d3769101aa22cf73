package io.lethe.contracts.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The CCaaS jar (built in the package phase, checked by failsafe) holds the contracts and the
 * core code they verify with, and nothing the chaincode never runs: no committee protocol (it
 * verifies collisions, it never computes them), no client request builders, no fuzz attack
 * generators (chaincode/attack is a test dependency of the contracts).
 */
class CcaasJarIT {
  private static final Path JAR = Path.of("target/lethe-chaincode-all.jar");

  @Test
  void holdsTheContractsAndNoClientCode() throws Exception {
    assertTrue(Files.isRegularFile(JAR), JAR + " was not built");
    try (JarFile jar = new JarFile(JAR.toFile())) {
      List<String> names = jar.stream().map(ZipEntry::getName).toList();
      for (String required : List.of(
          "io/lethe/contracts/ledger/LiveLedger.class",
          "io/lethe/contracts/ledger/ArchiveLedger.class",
          "io/lethe/chameleon/ChameleonHash.class",
          "io/lethe/zk/Groth16Verifier.class",
          "org/hyperledger/fabric/contract/ContractRouter.class")) {
        assertTrue(names.contains(required), "missing " + required);
      }
      List<String> forbidden = names.stream()
          .filter(n -> n.startsWith("io/lethe/chameleon/committee/")
              || n.startsWith("io/lethe/ledger/LedgerRequests")
              || n.startsWith("io/lethe/committee/")
              || n.startsWith("io/lethe/cli/")
              || n.startsWith("io/lethe/attack/"))
          .toList();
      assertEquals(List.of(), forbidden, "client-side classes in the CCaaS jar");
    }
  }
}
