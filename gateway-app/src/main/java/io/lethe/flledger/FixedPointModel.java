package io.lethe.flledger;

import io.lethe.fixedpoint.FixedPoint;
import io.lethe.fl.model.ModelFile;
import io.lethe.fl.model.Network;
import io.lethe.fl.model.PublishedOrder;
import io.lethe.store.UnixFsCid;
import io.lethe.zk.ZkDigest;
import java.io.IOException;
import java.util.HexFormat;

/**
 * A model as it is published: its weights rounded to fixed point first ({@link FixedPoint}'s
 * one rule), so the model file, its zkDigest and any later proof agree bit for bit. The file is
 * an ordinary model file v2 whose float64 weights are exactly {@code raw / 2^16}.
 *
 * @param network the fixed-point model (what the client keeps training or unlearning from)
 * @param raws its raw fixed-point weights in the published order ({@link PublishedOrder}, the
 *     file's): what the zkDigest, the chunk proofs and the zero-shot masks index
 * @param file the model file written to the live store
 * @param cid the file's CIDv1
 * @param zkDigest the zkDigest of {@code raws}, 32 bytes
 */
public record FixedPointModel(Network network, long[] raws, byte[] file, String cid, byte[] zkDigest) {

  /** Rounds {@code net} to fixed point and derives file, CID and digest from the rounded weights. */
  public static FixedPointModel of(Network net) {
    PublishedOrder order = PublishedOrder.of(net);
    long[] raws = FixedPoint.toRaw(order.toPublished(net.params()));
    Network fixed = order.fromRaws(net, raws);
    byte[] file = ModelFile.write(fixed);
    String cid = UnixFsCid.of(file);
    return new FixedPointModel(fixed, raws, file, cid, digestOf(cid, raws));
  }

  /** The model whose published fixed-point weights are {@code raws}, shaped like {@code like}. */
  public static FixedPointModel ofRaws(Network like, long[] raws) {
    return of(PublishedOrder.of(like).fromRaws(like, raws));
  }

  /**
   * Reads a published model file; refuses one whose weights are not exactly fixed-point values
   * (a file that was not rounded before it was published has no well-defined digest).
   */
  public static FixedPointModel read(byte[] file) throws IOException {
    return read(file, UnixFsCid.of(file));
  }

  // digests of files already hashed in this process, by CID (a CID binds the bytes)
  private static final java.util.Map<String, byte[]> DIGESTS = new java.util.concurrent.ConcurrentHashMap<>();

  private static byte[] digestOf(String cid, long[] raws) {
    return DIGESTS.computeIfAbsent(cid, c -> ZkDigest.toBytes(ZkDigest.digest(raws))).clone();
  }

  private static FixedPointModel read(byte[] file, String cid) throws IOException {
    Network net = ModelFile.read(file);
    double[] w = PublishedOrder.of(net).toPublished(net.params());
    long[] raws = new long[w.length];
    for (int i = 0; i < w.length; i++) {
      raws[i] = FixedPoint.toRaw(w[i]);
      if (FixedPoint.fromRaw(raws[i]) != w[i]) {
        throw new IOException("weight " + i + " (" + w[i] + ") is not a fixed-point value: the file was not rounded before publishing");
      }
    }
    return new FixedPointModel(net, raws, file, cid, digestOf(cid, raws));
  }

  /** The digest as lowercase hex, the ledger's form. */
  public String zkDigestHex() {
    return HexFormat.of().formatHex(zkDigest);
  }
}
