package io.lethe.cli;

import io.lethe.chameleon.committee.Dealer;
import io.lethe.chameleon.committee.DkgParticipant;
import io.lethe.committee.CommitteeKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code lethe ch keygen}: trusted-dealer Shamir sharing with Feldman commitments. */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = {
      "Deal a T-of-N committee trapdoor: writes DIR/public.json and one DIR/share-<i>.json per member",
      "(mode 0600; hand each member its own file). The full trapdoor is never written."
    })
public final class ChKeygenCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--members", required = true, description = "committee size N (1..255)")
  int members;

  @Option(names = "--threshold", required = true, description = "shares needed to adapt, T (1..N)")
  int threshold;

  @Option(names = "--out", required = true, description = "output directory")
  Path out;

  @Option(names = "--force", description = "overwrite an existing key set in DIR")
  boolean force;

  @Option(names = "--dkg", description = "generate by a Pedersen DKG among the N members (run in this process) instead of a trusted dealer")
  boolean dkg;

  @Override
  public void run() {
    if (members < 1 || members > 255) {
      throw new UserError("--members must be in 1..255, got " + members);
    }
    if (threshold < 1 || threshold > members) {
      throw new UserError("--threshold must be in 1.." + members + ", got " + threshold);
    }
    if (Files.exists(out.resolve("public.json")) && !force) {
      throw new UserError(out.resolve("public.json") + " exists; refusing to overwrite keys (use --force)");
    }
    Dealer.Dealt dealt =
        dkg
            ? DkgParticipant.runInProcess(threshold, members, new SecureRandom())
            : Dealer.deal(threshold, members, new SecureRandom());
    List<Path> files;
    try {
      files = CommitteeKeys.write(out, dealt);
    } catch (IOException e) {
      throw new UserError("cannot write keys to " + out + ": " + e.getMessage(), e);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("Y", dealt.publicKey().groupKey().toHex());
    result.put("threshold", threshold);
    result.put("members", members);
    result.put("method", dkg ? "dkg" : "dealer");
    result.put("public", files.get(0).toString());
    result.put("shares", files.subList(1, files.size()).stream().map(Path::toString).toList());
    ChCommand.printJson(spec, result);
  }
}
