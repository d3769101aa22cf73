package io.lethe.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** chaincode/core is the library every side shares: no Fabric, no contracts, no file I/O in the crypto. */
class CoreIsPureJavaTest {
  static final ArchRule NO_FABRIC =
      noClasses().should().dependOnClassesThat().resideInAnyPackage("org.hyperledger..", "io.lethe.contracts..")
          .because("core is shared by the chaincode and the application (DESIGN §1)");

  static final ArchRule CRYPTO_DOES_NO_FILE_IO =
      noClasses().that().resideInAnyPackage("io.lethe.chameleon..", "io.lethe.zk..", "io.lethe.merkle..")
          .should().dependOnClassesThat().resideInAnyPackage("java.nio.file..")
          .because("key files and proof files are read by the application, not by the protocol code");

  @Test
  void coreHasNoFabricDependency() {
    JavaClasses core = new ClassFileImporter().importPath(Path.of("target/classes"));
    assertTrue(core.size() > 30, "core's classes were not found: " + core.size());
    NO_FABRIC.check(core);
    CRYPTO_DOES_NO_FILE_IO.check(core);
  }
}
