package io.lethe.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.lethe.chameleon.ChameleonHash;
import io.lethe.chameleon.ChameleonPublicKey;
import io.lethe.chameleon.KrawczykRabin;
import io.lethe.chameleon.Randomness;
import io.lethe.chameleon.Trapdoor;
import io.lethe.chameleon.committee.CommitteePublicKey;
import io.lethe.chameleon.committee.Dealer;
import io.lethe.chameleon.committee.InProcessCommittee;
import io.lethe.chameleon.committee.KeyShare;
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

/**
 * µs/op and ops/s of the chameleon hash (hash, verify, full-key adapt, 3-of-3 and 3-of-5
 * committee adapt in-process) against the Krawczyk–Rabin baseline on the same curve, library and
 * machine, measured in the same run (interleaved rounds, median of rounds).
 */
public final class ChBench {
  /** Calls per round, measured rounds, untimed calls per operation first. */
  public record Options(int iterations, int rounds, int warmup) {
    public Options {
      if (iterations < 1 || rounds < 1 || warmup < 0) {
        throw new IllegalArgumentException("iterations and rounds must be ≥ 1, warmup ≥ 0");
      }
    }
  }

  /** One operation's median round; baseline and ratio are absent for baseline operations. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Row(String op, double usPerOp, double opsPerSec, double wallUsPerOp, String baseline,
      Double ratioVsBaseline) {}

  public record Report(String clock, String curve, String library, String java, int iterations, int rounds,
      int warmup, List<Row> results) {}

  /** One benchmarked operation; {@code call(i)} performs the i-th call. */
  private record Op(String name, String baseline, IntBody body) {}

  @FunctionalInterface
  private interface IntBody {
    Object call(int i);
  }

  private static final int INPUTS = 64;

  private ChBench() {}

  public static Report run(Options o) {
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
      for (int i = 0; i < o.warmup(); i++) {
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
    ops.forEach(op -> cpuPerRound.put(op.name(), new double[o.rounds()]));
    ops.forEach(op -> wallPerRound.put(op.name(), new double[o.rounds()]));
    for (int r = 0; r < o.rounds(); r++) { // interleaved, so drift hits scheme and baseline alike
      for (Op op : ops) {
        long cpuStart = cpuClock ? threads.getCurrentThreadCpuTime() : 0;
        long start = System.nanoTime();
        for (int i = 0; i < o.iterations(); i++) {
          op.body().call(i);
        }
        long wall = System.nanoTime() - start;
        long cpu = cpuClock ? threads.getCurrentThreadCpuTime() - cpuStart : wall;
        wallPerRound.get(op.name())[r] = wall / 1000.0 / o.iterations();
        cpuPerRound.get(op.name())[r] = cpu / 1000.0 / o.iterations();
      }
    }
    Map<String, Double> median = new LinkedHashMap<>();
    cpuPerRound.forEach((name, values) -> median.put(name, median(values)));
    List<Row> rows = new ArrayList<>();
    for (Op op : ops) {
      double us = median.get(op.name());
      Double ratio = op.baseline() == null ? null : round(us / median.get(op.baseline()), 3);
      rows.add(new Row(op.name(), round(us, 2), round(1e6 / us, 1), round(median(wallPerRound.get(op.name())), 2),
          op.baseline(), ratio));
    }
    return new Report(cpuClock ? "thread CPU time" : "wall time", "P-256",
        "BouncyCastle " + new org.bouncycastle.jce.provider.BouncyCastleProvider().getVersionStr(),
        System.getProperty("java.version"), o.iterations(), o.rounds(), o.warmup(), rows);
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

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
