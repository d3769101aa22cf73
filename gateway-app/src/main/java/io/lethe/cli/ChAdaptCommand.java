package io.lethe.cli;

import io.lethe.chameleon.committee.CommitteePublicKey;
import io.lethe.chameleon.committee.InProcessCommittee;
import io.lethe.chameleon.committee.KeyShare;
import io.lethe.committee.CommitteeKeys;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code lethe ch adapt}: a committee collision, both rounds run in-process among the shares. */
@Command(
    name = "adapt",
    mixinStandardHelpOptions = true,
    description = {
      "New randomness opening C to the new message, computed by the given committee shares with the",
      "two-round protocol of DESIGN §4 (run in this process): prints {\"R\", \"s\", \"signers\"}."
    })
public final class ChAdaptCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--pk", required = true, description = "DIR/public.json of the committee")
  String pk;

  @Option(names = "--shares", required = true, split = ",", description = "share files, comma-separated (at least T)")
  List<Path> shares;

  @Option(names = "--ctx-hex", required = true, description = "context bytes (hex)")
  String ctxHex;

  @Option(names = "--C", required = true, description = "the digest C to keep, SEC1 compressed (hex)")
  String c;

  @Option(names = "--msg-hex", required = true, description = "the NEW message (hex)")
  String msgHex;

  @Override
  public void run() {
    CommitteePublicKey committee = ChCommand.readCommitteeKey(pk);
    List<KeyShare> keyShares = new ArrayList<>();
    for (Path file : shares) {
      KeyShare share;
      try {
        share = CommitteeKeys.readShare(file);
      } catch (NoSuchFileException e) {
        throw new UserError("--shares: " + file + ": no such file");
      } catch (IOException e) {
        throw new UserError("--shares: " + file + ": cannot read: " + e.getMessage());
      } catch (IllegalArgumentException e) {
        throw new UserError("--shares: " + e.getMessage());
      }
      try {
        committee.verifyShare(share);
      } catch (IllegalArgumentException e) {
        throw new UserError("--shares: " + file + ": " + e.getMessage());
      }
      keyShares.add(share);
    }
    if (keyShares.stream().map(KeyShare::member).distinct().count() < committee.threshold()) {
      throw new UserError(
          "this is a " + committee.threshold() + "-of-" + committee.members() + " committee: need shares of at least "
              + committee.threshold() + " distinct members, got " + keyShares.size());
    }
    byte[] ctx = ChCommand.hexArg(ctxHex, "--ctx-hex");
    byte[] cBytes = ChCommand.hexArg(c, "--C");
    byte[] msg = ChCommand.hexArg(msgHex, "--msg-hex");
    InProcessCommittee.AdaptResult res;
    try {
      res = InProcessCommittee.adapt(committee, keyShares, ctx, cBytes, msg, new SecureRandom());
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("R", res.randomness().rHex());
    result.put("s", res.randomness().sHex());
    result.put("signers", res.signers());
    ChCommand.printJson(spec, result);
  }
}
