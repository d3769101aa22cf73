package io.lethe.committee.service;

import io.lethe.chameleon.committee.CommitteePublicKey;
import io.lethe.chameleon.committee.Dealer;
import io.lethe.chameleon.committee.DkgParticipant;
import io.lethe.chameleon.committee.InProcessCommittee;
import io.lethe.chameleon.committee.KeyShare;
import io.lethe.ledger.CanonicalBytes;
import io.lethe.ledger.Inputs;
import io.lethe.ledger.Records.LiveTransaction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Committee adapt latency for {@code lethe bench ch}: per collision over gRPC and mutual TLS
 * between n local member services (key from a DKG over the services, every member validating
 * against its ledger view), next to the in-process two rounds ({@link InProcessCommittee}) in
 * the same run (both with all n members signing); and a redaction of {@code batchModels} models (one per block, so 2 targets per
 * model) as one batched committee run, against the same in process.
 */
public final class CommitteeBench {
  /** {@code iterations} timed collisions after {@code warmup}; {@code batchRuns} timed batches. */
  public record Options(int threshold, int members, int warmup, int iterations, int batchModels, int batchRuns) {
    public static Options defaults() {
      return new Options(2, 3, 20, 200, 100, 5);
    }
  }

  /** Latencies in milliseconds. */
  public record Stats(int samples, double p50, double p99, double mean) {
    static Stats of(List<Long> nanos) {
      long[] v = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
      double mean = Arrays.stream(v).average().orElse(0) / 1e6;
      return new Stats(v.length, pct(v, 0.50), pct(v, 0.99), mean);
    }

    private static double pct(long[] sorted, double q) {
      if (sorted.length == 0) {
        return 0;
      }
      int i = (int) Math.ceil(q * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
  }

  public record Report(Options options, Stats grpcPerCollision, Stats inProcessPerCollision, int batchTargets,
      Stats grpcBatch, Stats inProcessBatch) {
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("committee", options.threshold() + "-of-" + options.members());
      m.put("grpcPerCollisionMs", stats(grpcPerCollision));
      m.put("inProcessPerCollisionMs", stats(inProcessPerCollision));
      m.put("batchModels", options.batchModels());
      m.put("batchTargets", batchTargets);
      m.put("grpcBatchMs", stats(grpcBatch));
      m.put("inProcessBatchMs", stats(inProcessBatch));
      return m;
    }

    private static Map<String, Object> stats(Stats s) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("samples", s.samples());
      m.put("p50", s.p50());
      m.put("p99", s.p99());
      m.put("mean", s.mean());
      return m;
    }
  }

  private CommitteeBench() {}

  public static Report run(Options o) throws IOException {
    SecureRandom rnd = new SecureRandom();
    Path dir = Files.createTempDirectory("lethe-committee-bench");
    try {
      InMemoryLedgerView view = new InMemoryLedgerView("lethe");
      try (LocalCommittee committee = LocalCommittee.start(dir, o.members(), Map.of(), i -> view,
          Math.max(MemberConfig.DEFAULT_MAX_PENDING, 4 * o.batchModels()), MemberConfig.DEFAULT_SESSION, null)) {
        CommitteePublicKey pk = committee.dkg(o.threshold(), 0, Duration.ofSeconds(30)).publicKey();
        SyntheticLedger ledger = new SyntheticLedger("lethe", "bench-req", rnd);
        ledger.addBlock(0, pk.groupKey(), List.of("single"), true);
        List<String> batchIds = new ArrayList<>();
        for (int k = 0; k < o.batchModels(); k++) {
          batchIds.add("model-" + k);
          ledger.addBlock(0, pk.groupKey(), List.of("model-" + k), true);
        }
        ledger.txs().values().forEach(view::put);
        ledger.blocks().values().forEach(view::put);
        view.put(ledger.view().request(ledger.requestId()).orElseThrow());
        KeyedTarget single = target(ledger, "single");

        // the in-process reference runs on its own key: it needs all shares in one process
        Dealer.Dealt local = DkgParticipant.runInProcess(o.threshold(), o.members(), rnd);
        // the coordinator signs with every member that answers, so the reference does too
        List<KeyShare> signers = local.shares();
        SyntheticLedger localLedger = new SyntheticLedger("lethe", "bench-req", rnd);
        localLedger.addBlock(0, local.publicKey().groupKey(), List.of("single"), true);
        for (String id : batchIds) {
          localLedger.addBlock(0, local.publicKey().groupKey(), List.of(id), true);
        }
        KeyedTarget localSingle = target(localLedger, "single");

        try (RemoteCommittee coordinator = committee.coordinator(1, Duration.ofSeconds(30))) {
          List<Long> grpc = new ArrayList<>();
          List<Long> inProc = new ArrayList<>();
          for (int i = 0; i < o.warmup() + o.iterations(); i++) {
            long a = System.nanoTime();
            coordinator.adapt(ledger.requestId(), List.of(single));
            long b = System.nanoTime();
            InProcessCommittee.adapt(local.publicKey(), signers, localSingle.target().ctx(), localSingle.target().c(),
                localSingle.target().newMessage(), rnd);
            long c = System.nanoTime();
            if (i >= o.warmup()) {
              grpc.add(b - a);
              inProc.add(c - b);
            }
          }
          List<Long> grpcBatch = new ArrayList<>();
          List<Long> inProcBatch = new ArrayList<>();
          int targets = 0;
          for (int run = 0; run < o.batchRuns() + 1; run++) {
            long a = System.nanoTime();
            RemoteCommittee.Batched<Inputs.Redaction> r =
                coordinator.batched(ledger.requestId(), col -> ledger.redaction(batchIds, col));
            long b = System.nanoTime();
            localLedger.redaction(batchIds, (keyIndex, ctx, cc, msg) ->
                InProcessCommittee.adapt(local.publicKey(), signers, ctx, cc, msg, rnd).randomness());
            long c = System.nanoTime();
            targets = r.batch().randomness().size();
            if (run > 0) { // the first run warms up
              grpcBatch.add(b - a);
              inProcBatch.add(c - b);
            }
          }
          return new Report(o, Stats.of(grpc), Stats.of(inProc), targets, Stats.of(grpcBatch), Stats.of(inProcBatch));
        }
      }
    } finally {
      deleteTree(dir);
    }
  }

  private static KeyedTarget target(SyntheticLedger l, String id) {
    LiveTransaction t = l.txs().get(id);
    byte[] msg = CanonicalBytes.payload(t.version() + 1, l.requestId(), "ipfs://" + id + "-unlearned", new byte[32], t.refs());
    return KeyedTarget.of(t.keyIndex(), CanonicalBytes.txContext(l.channel(), id), HexFormat.of().parseHex(t.c()), msg);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
