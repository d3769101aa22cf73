package io.lethe.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import io.lethe.contracts.standin.ContractStandIn;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §1's dependency rule for the application: gateway-app → core + proto, never the
 * contracts nor the chaincode shim. (The Maven enforcer bans the artifacts; this bans the
 * imports, whatever artifact would bring them.)
 */
class DependencyRulesTest {
  static final ArchRule APP_NEVER_USES_THE_CHAINCODE =
      noClasses().that().resideInAPackage("io.lethe..")
          .and().resideOutsideOfPackage("io.lethe.contracts..")
          .should().dependOnClassesThat().resideInAnyPackage(
              "io.lethe.contracts..", "org.hyperledger.fabric.shim..", "org.hyperledger.fabric.contract..")
          .because("gateway-app depends on chaincode/core and proto only (DESIGN §1)");

  static final ArchRule CAPABILITIES_NEVER_USE_THE_CLI =
      noClasses().that().resideInAnyPackage(
              "io.lethe.fabric..", "io.lethe.committee..", "io.lethe.redaction..", "io.lethe.scenario..", "io.lethe.bench..",
              "io.lethe.attack..", "io.lethe.flledger..", "io.lethe.audit..")
          .should().dependOnClassesThat().resideInAPackage("io.lethe.cli..")
          .because("commands call capabilities, never the other way round (no cycle through cli)");

  @Test
  void capabilitiesDoNotDependOnTheCommands() {
    CAPABILITIES_NEVER_USE_THE_CLI.check(new ClassFileImporter().importPath(Path.of("target/classes")));
  }

  @Test
  void gatewayAppDependsOnCoreAndProtoOnly() {
    JavaClasses app = new ClassFileImporter().importPath(Path.of("target/classes"));
    assertTrue(app.size() > 50, "the application's classes were not found: " + app.size());
    APP_NEVER_USES_THE_CHAINCODE.check(app);
  }

  @Test
  void theRuleCatchesAForbiddenImport() {
    JavaClasses violating = new ClassFileImporter().importClasses(ImportsAContract.class, ContractStandIn.class);
    assertTrue(APP_NEVER_USES_THE_CHAINCODE.evaluate(violating).hasViolation());
  }

  /** What someone importing a contract class into the app would write. */
  static final class ImportsAContract {
    Object use() {
      return new ContractStandIn();
    }
  }
}
