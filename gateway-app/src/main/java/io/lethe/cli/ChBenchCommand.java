package io.lethe.cli;

import io.lethe.chameleon.ChameleonHash;
import io.lethe.chameleon.ChameleonPublicKey;
import io.lethe.chameleon.KrawczykRabin;
import io.lethe.chameleon.Randomness;
import io.lethe.chameleon.Trapdoor;
import io.lethe.chameleon.committee.CommitteePublicKey;
import io.lethe.chameleon.committee.Dealer;
import io.lethe.chameleon.committee.InProcessCommittee;
import io.lethe.chameleon.committee.KeyShare;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lethe bench ch}: µs/op and ops/s of the chameleon hash (hash, verify, full-key adapt,
 * 3-of-3 and 3-of-5 committee adapt in-process) against the Krawczyk–Rabin baseline on the same
 * curve, library and machine, measured in the same run (interleaved rounds, median of rounds).
 */
@Command(
    name = "ch",
    mixinStandardHelpOptions = true,
    description = {
      "Chameleon hash (DESIGN §4) vs the Krawczyk–Rabin baseline, same run: µs/op, ops/s, ratio.",
      "Each operation runs --rounds rounds of --iterations calls after --warmup calls; the median",
      "round is reported. Time is the benchmark thread's CPU time (wall time shown alongside).",
      "Ratios are this scheme's time over the matching baseline operation."
    })
public final class ChBenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--iterations", defaultValue = "200", description = "calls per round (default ${DEFAULT-VALUE})")
  int iterations;

  @Option(names = "--rounds", defaultValue = "5", description = "measured rounds (default ${DEFAULT-VALUE})")
  int rounds;

  @Option(names = "--warmup", defaultValue = "300", description = "untimed calls per operation first (default ${DEFAULT-VALUE})")
  int warmup;

  @Option(names = "--json", description = "print JSON instead of a table")
  boolean json;

  /** One benchmarked operation; {@code call(i)} performs the i-th call. */
  private record Op(String name, String baseline, IntBody body) {}

  @FunctionalInterface
  private interface IntBody {
    Object call(int i);
  }

  private static final int INPUTS = 64;

  @Override
  public void run() {
    if (iterations < 1 || rounds < 1 || warmup < 0) {
      throw new UserError("--iterations and --rounds must be ≥ 1, --warmup ≥ 0");
    }
    SecureRandom rnd = new SecureRandom();
    Trapdoor x = Trapdoor.generate(rnd);
    ChameleonPublicKey pk = x.publicKey();
    byte[] ctx = "lethe.tx|bench|tx-0001".getBytes(StandardCharsets.UTF_8);
    byte[][] msgs = new byte[INPUTS][];
    for (int i = 0; i < INPUTS; i++) {
      msgs[i] = new byte[200]; // about the size of a DESIGN §3 payload
      rnd.nextBytes(msgs[i]);
    }
    ChameleonHash.Hashed[] hashed = new ChameleonHash.Hashed[INPUTS];
    KrawczykRabin.Opening[] krOpen = new KrawczykRabin.Opening[INPUTS];
    for (int i = 0; i < INPUTS; i++) {
      hashed[i] = ChameleonHash.hash(pk, ctx, msgs[i], rnd);
      krOpen[i] = KrawczykRabin.hash(pk, ctx, msgs[i], rnd);
    }
    Dealer.Dealt c33 = Dealer.deal(3, 3, rnd);
    Dealer.Dealt c35 = Dealer.deal(3, 5, rnd);
    ChameleonHash.Hashed[] h33 = new ChameleonHash.Hashed[INPUTS];
    ChameleonHash.Hashed[] h35 = new ChameleonHash.Hashed[INPUTS];
    for (int i = 0; i < INPUTS; i++) {
      h33[i] = ChameleonHash.hash(c33.publicKey().groupKey(), ctx, msgs[i], rnd);
      h35[i] = ChameleonHash.hash(c35.publicKey().groupKey(), ctx, msgs[i], rnd);
    }
    List<KeyShare> signers35 = c35.shares().subList(0, 3);

    List<Op> ops = new ArrayList<>();
    ops.add(new Op("kr.hash", null, i -> KrawczykRabin.hash(pk, ctx, msgs[i % INPUTS], rnd)));
    ops.add(new Op("kr.verify", null, i -> check(KrawczykRabin.verify(pk, ctx, msgs[i % INPUTS], krOpen[i % INPUTS].c(), krOpen[i % INPUTS].r()))));
    ops.add(new Op("kr.adapt", null, i -> KrawczykRabin.adapt(x, ctx, msgs[i % INPUTS], krOpen[i % INPUTS].r(), msgs[(i + 1) % INPUTS])));
    ops.add(new Op("hash", "kr.hash", i -> ChameleonHash.hash(pk, ctx, msgs[i % INPUTS], rnd)));
    ops.add(new Op("verify", "kr.verify", i -> check(ChameleonHash.verify(pk, ctx, msgs[i % INPUTS], hashed[i % INPUTS].c(), hashed[i % INPUTS].randomness()).valid())));
    ops.add(new Op("adapt.full-key", "kr.adapt", i -> ChameleonHash.adapt(x, pk, ctx, hashed[i % INPUTS].c(), msgs[(i + 1) % INPUTS], rnd)));
    ops.add(new Op("adapt.committee-3of3", "kr.adapt", i -> committee(c33.publicKey(), c33.shares(), ctx, h33[i % INPUTS], msgs[(i + 1) % INPUTS], rnd)));
    ops.add(new Op("adapt.committee-3of5", "kr.adapt", i -> committee(c35.publicKey(), signers35, ctx, h35[i % INPUTS], msgs[(i + 1) % INPUTS], rnd)));

    // sanity before timing: every timed operation produces a valid result
    Randomness probe = ChameleonHash.adapt(x, pk, ctx, hashed[0].c(), msgs[1], rnd);
    check(ChameleonHash.verify(pk, ctx, msgs[1], hashed[0].c(), probe).valid());
    BigInteger krProbe = KrawczykRabin.adapt(x, ctx, msgs[0], krOpen[0].r(), msgs[1]);
    check(KrawczykRabin.verify(pk, ctx, msgs[1], krOpen[0].c(), krProbe));

    for (Op op : ops) {
      for (int i = 0; i < warmup; i++) {
        op.body().call(i);
      }
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    boolean cpuClock = threads.isCurrentThreadCpuTimeSupported();
    if (cpuClock && !threads.isThreadCpuTimeEnabled()) {
      threads.setThreadCpuTimeEnabled(true);
    }
    Map<String, double[]> cpuPerRound = new LinkedHashMap<>();
    Map<String, double[]> wallPerRound = new LinkedHashMap<>();
    ops.forEach(op -> cpuPerRound.put(op.name(), new double[rounds]));
    ops.forEach(op -> wallPerRound.put(op.name(), new double[rounds]));
    for (int r = 0; r < rounds; r++) { // interleaved, so drift hits scheme and baseline alike
      for (Op op : ops) {
        long cpuStart = cpuClock ? threads.getCurrentThreadCpuTime() : 0;
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
          op.body().call(i);
        }
        long wall = System.nanoTime() - start;
        long cpu = cpuClock ? threads.getCurrentThreadCpuTime() - cpuStart : wall;
        wallPerRound.get(op.name())[r] = wall / 1000.0 / iterations;
        cpuPerRound.get(op.name())[r] = cpu / 1000.0 / iterations;
      }
    }
    Map<String, Double> cpuMedian = new LinkedHashMap<>();
    Map<String, Double> wallMedian = new LinkedHashMap<>();
    cpuPerRound.forEach((name, values) -> cpuMedian.put(name, median(values)));
    wallPerRound.forEach((name, values) -> wallMedian.put(name, median(values)));
    report(ops, cpuMedian, wallMedian, cpuClock);
  }

  private static Object committee(CommitteePublicKey pk, List<KeyShare> shares, byte[] ctx,
      ChameleonHash.Hashed h, byte[] newMsg, SecureRandom rnd) {
    return InProcessCommittee.adapt(pk, shares, ctx, h.c(), newMsg, rnd);
  }

  private static Object check(boolean ok) {
    if (!ok) {
      throw new IllegalStateException("benchmark self-check failed: a verification returned false");
    }
    return Boolean.TRUE;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int m = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
  }

  private void report(List<Op> ops, Map<String, Double> median, Map<String, Double> wall, boolean cpuClock) {
    PrintWriter out = spec.commandLine().getOut();
    String clock = cpuClock ? "thread CPU time" : "wall time";
    if (json) {
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("clock", clock);
      root.put("curve", "P-256");
      root.put("library", "BouncyCastle " + new org.bouncycastle.jce.provider.BouncyCastleProvider().getVersionStr());
      root.put("java", System.getProperty("java.version"));
      root.put("iterations", iterations);
      root.put("rounds", rounds);
      root.put("warmup", warmup);
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Op op : ops) {
        Map<String, Object> row = new LinkedHashMap<>();
        double us = median.get(op.name());
        row.put("op", op.name());
        row.put("usPerOp", round(us, 2));
        row.put("opsPerSec", round(1e6 / us, 1));
        row.put("wallUsPerOp", round(wall.get(op.name()), 2));
        if (op.baseline() != null) {
          row.put("baseline", op.baseline());
          row.put("ratioVsBaseline", round(us / median.get(op.baseline()), 3));
        }
        rows.add(row);
      }
      root.put("results", rows);
      ChCommand.printJson(spec, root);
      return;
    }
    out.printf("chameleon hash benchmark (P-256, BouncyCastle, Java %s): %d rounds × %d calls, %d warm-up, median round%n",
        System.getProperty("java.version"), rounds, iterations, warmup);
    out.printf("µs/op and ops/s from %s (other processes on a shared machine do not inflate it); wall µs/op for reference%n", clock);
    out.printf("%-22s %12s %12s %12s   %s%n", "operation", "µs/op", "ops/s", "wall µs/op", "ratio vs Krawczyk–Rabin");
    for (Op op : ops) {
      double us = median.get(op.name());
      String ratio = op.baseline() == null ? "(baseline)" : String.format("%.2f× %s", us / median.get(op.baseline()), op.baseline());
      out.printf("%-22s %12.1f %12.1f %12.1f   %s%n", op.name(), us, 1e6 / us, wall.get(op.name()), ratio);
    }
    out.flush();
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
