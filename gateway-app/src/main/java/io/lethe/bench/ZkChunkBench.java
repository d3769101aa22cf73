package io.lethe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.json.JsonText;
import io.lethe.proto.ProofResult;
import io.lethe.zk.ChunkBind;
import io.lethe.zk.ChunkKind;
import io.lethe.zk.FieldBytes;
import io.lethe.zk.Groth16BatchVerifier;
import io.lethe.zk.Groth16Verifier;
import io.lethe.zk.Proof;
import io.lethe.zk.ProverClient;
import io.lethe.zk.ProverDeadlines;
import io.lethe.zk.ProverSidecar;
import io.lethe.zk.VerifyingKey;
import io.lethe.zk.ZkDigest;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * {@code lethe bench zk --statement ...}: the universal chunk circuits. Per statement one chunk
 * proof measured by {@code lethe-prover bench --chunk} (constraints, prove wall and CPU time,
 * peak RSS, proof bytes); per model size the cost of its bundle: MEASURED by proving that many
 * distinct chunks with one key, one at a time ({@code lethe-prover bench --chunk --chunks}, what
 * one sidecar does) when it proves at most {@code measureUpTo} chunks, else EXTRAPOLATED as
 * chunks proven × per-chunk figure (peak RSS is the per-chunk peak either way); and the Java
 * verifier on a real chunk-delta proof: {@code batch} proofs one by one against one batched
 * pairing check, in the same run.
 */
public final class ZkChunkBench {
  /** One chunk proof, measured. {@code setup}: {@code dummy} (gnark's random key: proving work only) or {@code insecure-dev-setup}. */
  public record ChunkRow(String statement, long constraints, int publicInputs, String setup, long proveMillis,
      long proveCpuMillis, long peakRssMiB, int proofBytes, int cores) {}

  /**
   * A model's bundle; {@code touchedFraction} of its ⌈N/1024⌉ weight-holding chunks is proven.
   * {@code extrapolated}: chunks proven × {@link ChunkRow}'s figure; else measured on as many
   * distinct chunks (wall and CPU time of the proofs, peak RSS of the process).
   */
  public record ModelRow(String statement, long params, int chunks, double touchedFraction, int chunksProven,
      int chunksUnchanged, double proveSeconds, double proveCpuSeconds, long peakRssMiB, long bundleProofBytes,
      boolean extrapolated) {}

  /**
   * Java verification of {@code proofs} chunk-delta proofs (median of runs): wall time, and the
   * verifying thread's CPU time (the fair figure on a shared machine).
   */
  public record VerifyRow(String statement, int proofs, double oneByOneMillis, double batchedMillis, double speedup,
      boolean distinctProofs, double oneByOneCpuMillis, double batchedCpuMillis) {}

  public record Result(List<ChunkRow> perChunk, List<ModelRow> perModel, VerifyRow verify) {}

  private ZkChunkBench() {}

  public static Result run(List<ChunkKind> statements, List<Long> params, List<Double> touched, boolean realSetup,
      Path keys, int batch, int runs, int measureUpTo) throws IOException, InterruptedException {
    List<ChunkRow> chunkRows = new ArrayList<>();
    for (ChunkKind k : statements) {
      chunkRows.add(chunkRow(k, bench(k, realSetup, 1)));
    }
    List<ModelRow> models = new ArrayList<>();
    for (long n : params) {
      int chunks = ZkDigest.chunkCount(n); // the tree's chunks, padding chunks (never changed) included
      int real = (int) ((n + ZkDigest.CHUNK_WEIGHTS - 1) / ZkDigest.CHUNK_WEIGHTS);
      for (ChunkRow c : chunkRows) {
        for (double f : touched) {
          int proven = (int) Math.min(real, Math.ceil(real * f));
          if (proven <= measureUpTo) {
            JsonNode m = bench(ChunkKind.parse(c.statement()), realSetup, proven);
            models.add(new ModelRow(c.statement(), n, chunks, f, proven, chunks - proven,
                round1(m.get("proveMsTotal").asLong() / 1000.0), round1(m.get("proveCpuMsTotal").asLong() / 1000.0),
                m.get("peakRssMiB").asLong(), (long) proven * m.get("proofBytes").asInt(), false));
          } else {
            models.add(new ModelRow(c.statement(), n, chunks, f, proven, chunks - proven,
                round1(proven * c.proveMillis() / 1000.0), round1(proven * c.proveCpuMillis() / 1000.0), c.peakRssMiB(),
                (long) proven * c.proofBytes(), true));
          }
        }
      }
    }
    return new Result(chunkRows, models, verify(keys, batch, runs));
  }

  private static ChunkRow chunkRow(ChunkKind kind, JsonNode j) {
    return new ChunkRow(kind.word(), j.get("constraints").asLong(), j.get("publicInputs").asInt(), j.get("setup").asText(),
        j.get("proveMs").asLong(), j.get("proveCpuMs").asLong(), j.get("peakRssMiB").asLong(), j.get("proofBytes").asInt(),
        j.get("cores").asInt());
  }

  /** {@code lethe-prover bench --chunk KIND --chunks COUNT --json}: COUNT distinct chunks proven with one key. */
  static JsonNode bench(ChunkKind kind, boolean realSetup, int count) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(ProverSidecar.binary().toString(), "bench", "--chunk", kind.word(),
        "--chunks", Integer.toString(count), "--json"));
    if (!realSetup) {
      cmd.add("--dummy-setup");
    }
    System.err.println("lethe bench zk: proving " + count + " " + kind.keyId() + " chunk(s) ("
        + (realSetup ? "dev setup" : "dummy setup") + ")...");
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (p.waitFor() != 0) {
      throw new IOException("lethe-prover bench --chunk " + kind.word() + " --chunks " + count + " failed");
    }
    return JsonText.COMPACT.readTree(new String(out, StandardCharsets.UTF_8));
  }

  /**
   * One real chunk-delta proof through a local sidecar (keys in {@code keys}: ceremony keys when
   * installed, else an insecure dev setup), then {@code batch} copies verified one by one and
   * batched. Copies cost what distinct proofs cost: the batch weights differ per proof and no
   * work is shared between equal proofs.
   */
  static VerifyRow verify(Path keys, int batch, int runs) throws IOException, InterruptedException {
    Random rnd = new Random(1);
    long[] w = new long[2 * ZkDigest.CHUNK_WEIGHTS];
    for (int i = 0; i < w.length; i++) {
      w[i] = rnd.nextInt(1 << 18) - (1 << 17);
    }
    long[] wNew = w.clone();
    for (int i = 0; i < ZkDigest.CHUNK_WEIGHTS; i++) {
      wNew[i] += rnd.nextInt(1 << 10) - (1 << 9);
    }
    BigInteger bind = ChunkBind.bind("bench", "r", "m", 1);
    String witness = "{\"index\":0,\"bind\":\"" + FieldBytes.toHex(bind) + "\",\"w\":" + Arrays.toString(Arrays.copyOf(w, ZkDigest.CHUNK_WEIGHTS))
        + ",\"w_new\":" + Arrays.toString(Arrays.copyOf(wNew, ZkDigest.CHUNK_WEIGHTS)) + "}";
    System.err.println("lethe bench zk: one real chunk-delta proof for the Java verifier (keys " + keys + ")...");
    ProofResult res;
    byte[] vkBytes;
    try (ProverSidecar sidecar = ProverSidecar.start(keys, true);
        ProverClient client = new ProverClient(sidecar.address(), new ProverDeadlines(Duration.ofSeconds(120), Duration.ofHours(1)))) {
      res = client.proveChunk(ChunkKind.DELTA.keyId(), witness.getBytes(StandardCharsets.UTF_8), (s, f) -> { });
      vkBytes = client.getKey(ChunkKind.DELTA.keyId()).getVk().toByteArray();
    }
    VerifyingKey vk = VerifyingKey.parse(vkBytes);
    List<BigInteger> inputs = new ArrayList<>();
    res.getPublicInputsList().forEach(b -> inputs.add(new BigInteger(1, b.toByteArray())));
    List<Groth16BatchVerifier.Statement> statements = new ArrayList<>();
    for (int i = 0; i < batch; i++) {
      statements.add(new Groth16BatchVerifier.Statement(Proof.parse(res.getProof().toByteArray()), inputs));
    }
    double[] single = new double[runs];
    double[] batched = new double[runs];
    double[] singleCpu = new double[runs];
    double[] batchedCpu = new double[runs];
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < runs + 1; i++) { // 1 warm-up run
      long t = System.nanoTime();
      long tc = cpu.getCurrentThreadCpuTime();
      for (Groth16BatchVerifier.Statement st : statements) {
        if (!Groth16Verifier.verify(vk, st.proof(), st.publicInputs())) {
          throw new IllegalStateException("Java verifier rejected the chunk proof");
        }
      }
      long u = System.nanoTime();
      long uc = cpu.getCurrentThreadCpuTime();
      if (!Groth16BatchVerifier.check(vk, statements).valid()) {
        throw new IllegalStateException("batched verifier rejected valid proofs");
      }
      long v = System.nanoTime();
      long vc = cpu.getCurrentThreadCpuTime();
      if (i >= 1) {
        single[i - 1] = (u - t) / 1e6;
        batched[i - 1] = (v - u) / 1e6;
        singleCpu[i - 1] = (uc - tc) / 1e6;
        batchedCpu[i - 1] = (vc - uc) / 1e6;
      }
    }
    double s = median(single);
    double b = median(batched);
    return new VerifyRow("delta", batch, s, b, Math.round(s / b * 100) / 100.0, false, median(singleCpu), median(batchedCpu));
  }

  private static double median(double[] xs) {
    double[] sorted = xs.clone();
    Arrays.sort(sorted);
    return round1(sorted[sorted.length / 2]);
  }

  private static double round1(double x) {
    return Math.round(x * 10) / 10.0;
  }
}
