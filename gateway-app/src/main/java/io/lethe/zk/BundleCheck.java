package io.lethe.zk;

import io.lethe.fl.model.ModelFile;
import io.lethe.fixedpoint.FixedPoint;
import io.lethe.ledger.Inputs.ChunkProof;
import io.lethe.ledger.Inputs.ProofBundle;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Verifies a chunk-proof bundle the way the chaincode does ({@link ChunkBundleVerifier}, one
 * batched pairing equation), with every input the verifier must not take from the prover
 * recomputed: the old and new zkDigests from the model files, Δ's chunk subroots from the
 * model files (delta: new − old; cascade: the starting model's new − old), the bind value from
 * the statement (request, model, version), for {@code obs} the public mask from the statement
 * (the Fisher digests are the prover's commitments and travel with the proofs). Every refusal is a verdict with a reason.
 */
public final class BundleCheck {
  private static final int MAX_STARTS = 4;

  private BundleCheck() {}

  /**
   * Checks {@code file} against model weights the verifier holds.
   *
   * @param oldRaws the replaced version's fixed-point weights
   * @param newRaws the rewrite's
   * @param startDeltas cascade: each starting model's Δ (new − old), in the order of {@code k}; delta: ignored
   */
  public static ChunkBundleVerifier.Verdict check(VerifyingKey vk, BundleFile file, long[] oldRaws, long[] newRaws,
      List<long[]> startDeltas) {
    BundleFile.Statement st = file.statement();
    ProofBundle in = file.bundle();
    if (st == null || in == null) {
      return refused("bundle.json lacks its statement or its bundle");
    }
    ChunkKind kind;
    try {
      kind = ChunkKind.parse(st.kind());
    } catch (IllegalArgumentException e) {
      return refused(e.getMessage());
    }
    if (!kind.word().equals(in.kind())) {
      return refused("the statement is '" + kind.word() + "', the bundle proves '" + in.kind() + "'");
    }
    if (oldRaws.length != newRaws.length) {
      return refused("old and new model differ in length: " + oldRaws.length + " vs " + newRaws.length);
    }
    long n = oldRaws.length;
    if (in.weights() == null || in.weights() != n) {
      return refused("the bundle is for " + in.weights() + " weights, the model has " + n);
    }
    if (st.channel() == null || st.requestId() == null || st.modelId() == null) {
      return refused("the statement lacks channel, request or model");
    }
    BigInteger bind = ChunkBind.bind(st.channel(), st.requestId(), st.modelId(), st.version());
    ChunkBundle bundle;
    try {
      bundle = parse(kind, in);
    } catch (IllegalArgumentException e) {
      return refused(e.getMessage());
    }
    BigInteger oldDigest = ZkDigest.digest(oldRaws);
    BigInteger newDigest = ZkDigest.digest(newRaws);
    ChunkBundleVerifier.Expected expected;
    if (kind == ChunkKind.OBS) {
      ObsMask mask;
      try {
        mask = ObsMask.parse(st.mask());
      } catch (IllegalArgumentException e) {
        return refused("mask: " + e.getMessage());
      }
      java.util.Map<Integer, BigInteger> fisher = new java.util.HashMap<>();
      for (ChunkProof p : in.chunks() == null ? List.<ChunkProof>of() : in.chunks()) {
        if (p.fisherDigest() != null) {
          try {
            fisher.put(p.index(), FieldBytes.fromHex(p.fisherDigest()));
          } catch (RuntimeException e) {
            return refused("the Fisher digest of chunk " + p.index() + " is not 32-byte hex");
          }
        }
      }
      expected = ChunkBundleVerifier.Expected.obs(oldDigest, newDigest, bind, mask, fisher::get);
    } else if (kind == ChunkKind.DELTA) {
      long[] d = new long[oldRaws.length];
      for (int i = 0; i < d.length; i++) {
        d[i] = newRaws[i] - oldRaws[i];
      }
      List<BigInteger> delta = ZkDigest.chunkSubroots(d);
      expected = new ChunkBundleVerifier.Expected(oldDigest, newDigest, bind, i -> List.of(delta.get(i)),
          i -> !delta.get(i).equals(ZkDigest.zeroChunkSubroot(n, i)));
    } else {
      List<Long> k = st.k();
      if (k == null || k.isEmpty() || k.size() > MAX_STARTS || startDeltas.size() != k.size()) {
        return refused("a cascade statement needs 1.." + MAX_STARTS + " coefficients k, one per starting model's Δ");
      }
      List<List<BigInteger>> deltas = new ArrayList<>();
      for (int s = 0; s < MAX_STARTS; s++) {
        if (s >= k.size() || k.get(s) == 0) {
          deltas.add(null);
        } else if (startDeltas.get(s).length != n) {
          return refused("the Δ of start " + s + " has " + startDeltas.get(s).length + " weights, the model " + n);
        } else {
          deltas.add(ZkDigest.chunkSubroots(startDeltas.get(s)));
        }
      }
      expected = new ChunkBundleVerifier.Expected(oldDigest, newDigest, bind, i -> {
        List<BigInteger> inputs = new ArrayList<>();
        for (int s = 0; s < MAX_STARTS; s++) {
          inputs.add(BigInteger.valueOf(s < k.size() ? k.get(s) : 0));
        }
        for (int s = 0; s < MAX_STARTS; s++) {
          inputs.add(deltas.get(s) == null ? ZkDigest.zeroChunkSubroot(n, i) : deltas.get(s).get(i));
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
    ChunkBundleVerifier.Verdict v = ChunkBundleVerifier.check(vk, bundle, expected);
    if (v.valid() && kind == ChunkKind.DELTA && in.deltaSubroots() != null) {
      long[] d = new long[oldRaws.length];
      for (int i = 0; i < d.length; i++) {
        d[i] = newRaws[i] - oldRaws[i];
      }
      if (!in.deltaSubroots().equals(ZkDigest.chunkSubroots(d).stream().map(FieldBytes::toHex).toList())) {
        return refused("the bundle's deltaSubroots (what the ledger records for the cascade) are not those of new − old");
      }
    }
    return v;
  }

  /** Reads a demo directory ({@link BundleFile}) and checks it; {@code modelId}, when given, replaces the statement's. */
  public static ChunkBundleVerifier.Verdict checkDirectory(Path dir, String modelId) throws IOException {
    BundleFile file;
    try {
      file = BundleFile.read(dir, io.lethe.json.JsonText.COMPACT);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return refused("bundle.json is malformed: " + e.getOriginalMessage());
    }
    if (modelId != null && file.statement() != null) {
      BundleFile.Statement s = file.statement();
      file = new BundleFile(new BundleFile.Statement(s.kind(), s.channel(), s.requestId(), modelId, s.version(), s.k(),
          s.mask()),
          file.keySetup(), file.vkSha256(), file.bundle());
    }
    VerifyingKey vk;
    try {
      vk = VerifyingKey.parse(Files.readAllBytes(dir.resolve(BundleFile.VK)));
    } catch (IllegalArgumentException e) {
      return refused("vk.bin is malformed: " + e.getMessage());
    }
    long[] oldRaws;
    long[] newRaws;
    List<long[]> startDeltas = new ArrayList<>();
    try {
      oldRaws = raws(dir.resolve(BundleFile.OLD_MODEL));
      newRaws = raws(dir.resolve(BundleFile.NEW_MODEL));
      if (file.statement() != null && "cascade".equals(file.statement().kind())) {
        long[] s0 = raws(dir.resolve(BundleFile.START_OLD));
        long[] s1 = raws(dir.resolve(BundleFile.START_NEW));
        if (s0.length != s1.length) {
          return refused("the starting model's two versions differ in length");
        }
        long[] d = new long[s0.length];
        for (int i = 0; i < d.length; i++) {
          d[i] = s1[i] - s0[i];
        }
        startDeltas.add(d);
      }
    } catch (NoSuchFileException e) {
      return refused("missing file " + e.getFile());
    } catch (IOException e) {
      return refused(e.getMessage());
    }
    return check(vk, file, oldRaws, newRaws, startDeltas);
  }

  /**
   * The fixed-point weights of a model file in the file's order ({@link ModelFile} v2: the
   * published order the digest and the proofs use; v1: the network's, which its digest used),
   * read without building the network; refuses a weight that is not a fixed-point value.
   */
  static long[] raws(Path model) throws IOException {
    byte[] file = Files.readAllBytes(model);
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(file); // big-endian
    String name = model.getFileName().toString();
    try {
      byte[] magic = new byte[ModelFile.MAGIC.length];
      b.get(magic);
      int version = java.util.Arrays.equals(magic, ModelFile.MAGIC) ? b.getInt() : -1;
      if (version != ModelFile.VERSION && version != ModelFile.VERSION_NETWORK_ORDER) {
        throw new IOException(name + ": not a Lethe model file v" + ModelFile.VERSION_NETWORK_ORDER + " or v"
            + ModelFile.VERSION);
      }
      int archLen = b.getInt();
      if (archLen <= 0 || archLen > 256) {
        throw new IOException(name + ": bad architecture name length");
      }
      b.position(b.position() + archLen);
      int count = b.getInt();
      if (count < 1 || (long) count * 8 != b.remaining()) {
        throw new IOException(name + ": parameter count " + count + " does not match the file size");
      }
      long[] raws = new long[count];
      for (int i = 0; i < count; i++) {
        double w = b.getDouble();
        raws[i] = FixedPoint.toRaw(w);
        if (FixedPoint.fromRaw(raws[i]) != w) {
          throw new IOException(name + ": weight " + i + " (" + w + ") is not a fixed-point value");
        }
      }
      return raws;
    } catch (java.nio.BufferUnderflowException | IllegalArgumentException | ArithmeticException e) {
      throw new IOException(name + ": malformed model file (" + e.getMessage() + ")");
    }
  }

  private static ChunkBundle parse(ChunkKind kind, ProofBundle in) {
    int chunks = ZkDigest.chunkCount(in.weights());
    List<ChunkBundle.ChunkProof> proofs = new ArrayList<>();
    for (ChunkProof p : in.chunks() == null ? List.<ChunkProof>of() : in.chunks()) {
      if (p == null || p.index() == null || p.proof() == null) {
        throw new IllegalArgumentException("a chunk proof lacks its index or proof");
      }
      try {
        proofs.add(new ChunkBundle.ChunkProof(p.index(), Base64.getDecoder().decode(p.proof())));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the proof of chunk " + p.index() + " is not base64");
      }
    }
    return new ChunkBundle(kind, in.weights(), subroots(in.oldSubroots(), "oldSubroots", chunks),
        subroots(in.newSubroots(), "newSubroots", chunks), proofs);
  }

  private static List<BigInteger> subroots(List<String> hex, String what, int expected) {
    if (hex == null || hex.size() != expected) {
      throw new IllegalArgumentException(what + " must list " + expected + " chunk subroots");
    }
    List<BigInteger> out = new ArrayList<>();
    for (String h : hex) {
      BigInteger x;
      try {
        x = FieldBytes.fromHex(h);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(what + ": malformed subroot " + h);
      }
      out.add(x);
    }
    return out;
  }

  private static ChunkBundleVerifier.Verdict refused(String reason) {
    return new ChunkBundleVerifier.Verdict(false, reason, 0, 0);
  }
}
