package io.lethe.zk;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * Checks a {@link ChunkBundle} against what the verifier itself knows (DESIGN §5): the old
 * and new zkDigests come from the ledger, {@code bind} from the request, model and version,
 * and every statement input from the verifier's own records — never from the bundle. The
 * subroots must rebuild both digests; exactly the changed chunks and those the statement
 * touches carry a proof; all proofs are
 * checked with one batched pairing equation. Every refusal is a {@link Verdict} with a reason,
 * never an exception.
 *
 * <p>Public inputs of chunk proof {@code i}, in order: old subroot, new subroot, {@code i},
 * kind, bind, the number of real weights in the chunk, then the statement's own inputs.
 */
public final class ChunkBundleVerifier {
  /** Weights per chunk (16 leaves of 64). */
  public static final int CHUNK_WEIGHTS = ZkDigest.CHUNK_WEIGHTS;
  /** Most chunks one bundle may hold (a 2²⁴-weight model). */
  public static final int MAX_CHUNKS = 1 << 14;

  private ChunkBundleVerifier() {}

  /**
   * What the bundle must prove.
   *
   * @param oldDigest zkDigest of the version being replaced, as the ledger stores it
   * @param newDigest zkDigest of the rewrite
   * @param bind {@code ChunkBind} of (channel, request, model, new version)
   * @param statementInputs the statement's own public inputs of chunk {@code i}
   * @param mustProve chunks the statement touches, which need a proof even when unchanged (e.g.
   *     a cascade chunk whose Δ is not zero: leaving it unchanged is a claim to be proven)
   * @param weights the weight count the statement is about (its mask's), or null when it
   *     follows from the digests alone; a bundle for another count is refused
   */
  public record Expected(BigInteger oldDigest, BigInteger newDigest, BigInteger bind,
      IntFunction<List<BigInteger>> statementInputs, IntPredicate mustProve, Long weights) {
    /** Any weight count (the digests bind it). */
    public Expected(BigInteger oldDigest, BigInteger newDigest, BigInteger bind,
        IntFunction<List<BigInteger>> statementInputs, IntPredicate mustProve) {
      this(oldDigest, newDigest, bind, statementInputs, mustProve, null);
    }

    /** Only the changed chunks need a proof. */
    public Expected(BigInteger oldDigest, BigInteger newDigest, BigInteger bind,
        IntFunction<List<BigInteger>> statementInputs) {
      this(oldDigest, newDigest, bind, statementInputs, i -> false);
    }

    /**
     * The {@code obs} (zero-shot Group-OBS) statement: per chunk, {@code mask.chunkInputs(i)}
     * (removed then frozen bit masks) then the chunk's Fisher digest, the commitment to the
     * {@code H} the compensation used. A chunk with a removed weight needs a proof even
     * if unchanged; a chunk without one cannot change under the circuit (blocks without removed
     * weights stay as they are), so changing it is refused for want of a valid proof.
     *
     * @param fisherDigestOfChunk the Fisher input of chunk {@code i}'s proof: on the ledger the
     *     digest of the provider's recorded block Fisher ({@link ObsFisher#chunkDigest}); null:
     *     none, refused
     */
    public static Expected obs(BigInteger oldDigest, BigInteger newDigest, BigInteger bind, ObsMask mask,
        IntFunction<BigInteger> fisherDigestOfChunk) {
      return new Expected(oldDigest, newDigest, bind, i -> {
        BigInteger fisher = fisherDigestOfChunk.apply(i);
        if (fisher == null) {
          throw new IllegalArgumentException("chunk " + i + " carries no Fisher digest");
        }
        if (fisher.signum() < 0 || fisher.compareTo(Bls12381.SCALAR_FIELD_ORDER) >= 0) {
          throw new IllegalArgumentException("the Fisher digest of chunk " + i + " is not a canonical scalar");
        }
        List<BigInteger> inputs = new ArrayList<>(mask.chunkInputs(i));
        inputs.add(fisher);
        return inputs;
      }, mask::touches, mask.weights());
    }

    /**
     * The {@code cascade} statement of an n-weight model: per chunk, the starts' {@code k} then
     * their Δ subroots ({@code deltas.get(s) == null}: a start with {@code k = 0}, whose Δ is the
     * zero chunk's subroot); a chunk where some Δ is not zero needs a proof even if unchanged.
     * One definition for the chaincode and the auditor, so both check the same statement.
     */
    public static Expected cascade(BigInteger oldDigest, BigInteger newDigest, BigInteger bind, long n, long[] k,
        List<List<BigInteger>> deltas) {
      if (k.length != deltas.size()) {
        throw new IllegalArgumentException(k.length + " coefficients for " + deltas.size() + " deltas");
      }
      return new Expected(oldDigest, newDigest, bind, i -> {
        List<BigInteger> inputs = new ArrayList<>();
        for (long ks : k) {
          inputs.add(BigInteger.valueOf(ks));
        }
        for (List<BigInteger> d : deltas) {
          inputs.add(d == null ? ZkDigest.zeroChunkSubroot(n, i) : d.get(i));
        }
        return inputs;
      }, i -> {
        for (List<BigInteger> d : deltas) {
          if (d != null && !d.get(i).equals(ZkDigest.zeroChunkSubroot(n, i))) {
            return true;
          }
        }
        return false;
      });
    }
  }

  /** The verdict, with how many chunks were proven and how many were unchanged. */
  public record Verdict(boolean valid, String reason, int chunksProven, int chunksUnchanged) {
    static Verdict refused(String reason) {
      return new Verdict(false, reason, 0, 0);
    }
  }

  /** Number of real (unpadded) weights in chunk {@code index} of an {@code n}-weight model. */
  public static long count(long n, int index) {
    return Math.max(0, Math.min(CHUNK_WEIGHTS, n - (long) index * CHUNK_WEIGHTS));
  }

  public static Verdict check(VerifyingKey vk, ChunkBundle bundle, Expected expected) {
    if (bundle == null || bundle.kind() == null) {
      return Verdict.refused("no proof bundle");
    }
    long n = bundle.weights();
    if (n < 1 || n > (long) MAX_CHUNKS * CHUNK_WEIGHTS) {
      return Verdict.refused("weight count " + n + " outside 1.." + (long) MAX_CHUNKS * CHUNK_WEIGHTS);
    }
    if (expected.weights() != null && expected.weights() != n) {
      return Verdict.refused("the bundle is for " + n + " weights, the statement for " + expected.weights());
    }
    int chunks = ZkDigest.chunkCount(n);
    BigInteger oldRoot;
    BigInteger newRoot;
    try {
      oldRoot = ZkDigest.fromChunkSubroots(bundle.oldSubroots(), n);
      newRoot = ZkDigest.fromChunkSubroots(bundle.newSubroots(), n);
    } catch (IllegalArgumentException e) {
      return Verdict.refused("subroots: " + e.getMessage());
    }
    if (!oldRoot.equals(expected.oldDigest())) {
      return Verdict.refused("the old subroots do not rebuild the ledger's zkDigest of the replaced version");
    }
    if (!newRoot.equals(expected.newDigest())) {
      return Verdict.refused("the new subroots do not rebuild the rewrite's zkDigest");
    }
    boolean[] required = new boolean[chunks];
    int requiredCount = 0;
    for (int i = 0; i < chunks; i++) {
      required[i] = !bundle.oldSubroots().get(i).equals(bundle.newSubroots().get(i)) || expected.mustProve().test(i);
      requiredCount += required[i] ? 1 : 0;
    }
    if (requiredCount == 0) {
      return Verdict.refused("the rewrite changes no chunk");
    }
    List<ChunkBundle.ChunkProof> proofs = bundle.proofs();
    for (int j = 0; j < proofs.size(); j++) {
      ChunkBundle.ChunkProof p = proofs.get(j);
      if (p == null || p.proof() == null) {
        return Verdict.refused("proof " + j + " is empty");
      }
      if (j > 0 && p.index() <= proofs.get(j - 1).index()) {
        return Verdict.refused("proofs must be in increasing chunk order, without repeats (chunk " + p.index() + ")");
      }
      if (p.index() < 0 || p.index() >= chunks) {
        return Verdict.refused("chunk " + p.index() + " is outside the model's " + chunks + " chunks");
      }
      if (!required[p.index()]) {
        return Verdict.refused("chunk " + p.index() + " is unchanged and untouched by the statement; it must not carry a proof");
      }
    }
    if (proofs.size() != requiredCount) {
      boolean[] proven = new boolean[chunks];
      proofs.forEach(p -> proven[p.index()] = true);
      List<Integer> missing = new ArrayList<>();
      for (int i = 0; i < chunks; i++) {
        if (required[i] && !proven[i]) {
          missing.add(i);
        }
      }
      return Verdict.refused("chunk(s) " + abbreviate(missing) + " need a proof and carry none");
    }
    BigInteger kind = BigInteger.valueOf(bundle.kind().code());
    List<Groth16BatchVerifier.Statement> statements = new ArrayList<>();
    for (ChunkBundle.ChunkProof p : proofs) {
      Proof proof;
      try {
        proof = Proof.parse(p.proof());
      } catch (RuntimeException e) {
        return Verdict.refused("proof of chunk " + p.index() + " is malformed: " + e.getMessage());
      }
      List<BigInteger> inputs = new ArrayList<>(List.of(bundle.oldSubroots().get(p.index()),
          bundle.newSubroots().get(p.index()), BigInteger.valueOf(p.index()), kind, expected.bind(),
          BigInteger.valueOf(count(n, p.index()))));
      try {
        inputs.addAll(expected.statementInputs().apply(p.index()));
      } catch (IllegalArgumentException e) {
        return Verdict.refused("statement of chunk " + p.index() + ": " + e.getMessage());
      }
      statements.add(new Groth16BatchVerifier.Statement(proof, inputs));
    }
    Groth16BatchVerifier.Result r = Groth16BatchVerifier.check(vk, statements);
    if (!r.valid()) {
      String which = r.firstInvalid() >= 0 ? " (chunk " + proofs.get(r.firstInvalid()).index() + ")" : "";
      return Verdict.refused(r.reason() + which);
    }
    return new Verdict(true, "ok", proofs.size(), chunks - proofs.size());
  }

  private static String abbreviate(List<Integer> ids) {
    return ids.size() <= 8 ? ids.toString() : ids.subList(0, 8) + " and " + (ids.size() - 8) + " more";
  }
}
