package io.lethe.cli;

import io.lethe.attack.AttackClass;
import io.lethe.attack.network.FuzzSummary;
import io.lethe.attack.network.NetworkFuzz;
import io.lethe.committee.CommitteeFiles;
import io.lethe.fabric.FabricSession;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lethe ledger fuzz}: seeded invalid redactions against the running network (issue 14). */
@Command(name = "fuzz", mixinStandardHelpOptions = true,
    description = {
      "Fuzzed invalid redactions against the running network, each submitted",
      "through the Fabric Gateway; every one must be refused with the code its",
      "mutation targets, and the ledger must not change.",
      "",
      "First it builds a fixture (ids prefixed --prefix): 14 models in 6 blocks,",
      "an open, a foreign, a completed, a governance-closed and a sequential",
      "request, rewrite history, a pending governance proposal. On a network",
      "without a committee key it sets a throwaway key, then rotates to the",
      "committee files' key, so the models span two key epochs.",
      "",
      "Each attempt takes one of the committee's valid redactions of the fixture",
      "and makes one mutation of its class (--classes); the chaincode must refuse",
      "it with that mutation's [CODE], or the peers with ENDORSEMENT_POLICY_FAILURE",
      "at commit. Nothing the chaincode endorses is submitted: an invalid attempt",
      "it endorsed is reported as a finding, never committed. Then one unmutated",
      "base per class must still be endorsed (not submitted), and every peer's live",
      "export, archive export and VerifyChain answer must be byte-identical to",
      "before the attempts.",
      "",
      "The run acts as several identities (committee, users, auditor, admins);",
      "--as is not used. The same --seed draws the same attempts (class, mutation,",
      "base, every choice); collisions use fresh nonces. Exit 0 when every attempt",
      "was refused as expected and nothing changed, 1 otherwise (findings listed).",
    })
final class LedgerFuzzCommand extends FabricCommand {
  @Option(names = "--attempts", paramLabel = "N", defaultValue = "300", description = "Attempts, spread evenly over the classes (default ${DEFAULT-VALUE}).")
  int attempts;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of the attempts (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--prefix", paramLabel = "P", description = "Prefix of the fixture's ids (default fz<seed>-); must be new to the ledger.")
  String prefix;

  @Option(names = "--classes", paramLabel = "CLASS[,CLASS...]",
      description = "Only these attack classes (default: all): ${COMPLETION-CANDIDATES}.", split = ",")
  List<AttackClass> classes;

  @Option(names = "--committee-dir", paramLabel = "DIR",
      description = "The corrupted committee's share files, dealt if absent (default: $LETHE_COMMITTEE_DIR, else "
          + "committee/ next to the connection profile). Run on a network started with `network.sh up --no-committee`.")
  Path committeeDir;

  @Override
  void checkArguments() {
    if (attempts < 1 || attempts > 100_000) {
      throw new UserError("--attempts must be 1..100000, got " + attempts);
    }
    if (prefix == null) {
      prefix = "fz" + Long.toUnsignedString(seed) + "-";
    }
    if (!prefix.matches("[A-Za-z0-9._:-]{1,40}")) {
      throw new UserError("--prefix must be 1..40 of [A-Za-z0-9._:-], got '" + prefix + "'");
    }
  }

  @Override
  int call(FabricSession session) {
    List<AttackClass> chosen = classes == null || classes.isEmpty() ? List.of(AttackClass.values()) : classes;
    NetworkFuzz fuzz = new NetworkFuzz(session, CommitteeFiles.loadOrDeal(CommitteeOptions.resolve(committeeDir), new SecureRandom()), this::progress);
    FuzzSummary s = fuzz.run(seed, attempts, prefix, new ArrayList<>(chosen));
    if (json.enabled()) {
      printJson(s);
    } else {
      out(String.format("%-26s %8s %8s %8s %10s  %s", "class", "attempts", "refused", "accepted", "other code", "codes"));
      for (FuzzSummary.ClassSummary c : s.classes()) {
        out(String.format("%-26s %8d %8d %8d %10d  %s", c.cls(), c.attempts(), c.refused(), c.accepted(),
            c.unexpectedCode(), c.refusedWith()));
      }
      out(String.format("%-26s %8d %8d %8d %10d", "total", s.attempts(), s.refused(), s.accepted(), s.unexpectedCode()));
      for (FuzzSummary.Result f : s.findings()) {
        out("FINDING #" + f.index() + " " + f.cls() + "/" + f.mutation() + ": expected " + f.expected() + ", got "
            + f.got() + " (" + f.message() + "); input " + f.input());
      }
      s.controls().stream().filter(c -> !c.endorsed())
          .forEach(c -> out("CONTROL FAILED " + c.cls() + " base " + c.base() + ": " + c.refusal()));
      out("ledger on every peer " + (s.ledger().identical() ? "byte-identical" : "CHANGED") + " (live, archive, VerifyChain);"
          + " peers " + (s.ledger().peersAgree() ? "agree" : "DISAGREE") + "; " + s.millis().attempts() + " ms for "
          + s.attempts() + " attempts (" + s.millis().meanPerAttempt() + " ms each), fixture " + s.millis().fixture() + " ms");
    }
    return s.passed() ? 0 : 1;
  }
}
