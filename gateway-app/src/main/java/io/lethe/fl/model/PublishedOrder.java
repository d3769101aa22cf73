package io.lethe.fl.model;

import io.lethe.fixedpoint.FixedPoint;

/**
 * The order in which a model file ({@link ModelFile} v2) lists a network's parameters, and with
 * it everything the ledger computes on published weights: the zkDigest, the chunk proofs, the
 * zero-shot provider's masks and block Fishers. Layer by layer as in the network; a dense layer
 * <em>input-major</em> — weights {@code [in][out]} row-major, then its biases — where the network
 * computes with them {@code [out][in]}; every other layer as in the network.
 *
 * <p>Why input-major: the {@code chunk-obs} circuit removes at most two weights per Fisher block
 * of 16 consecutive published weights. Stored {@code [out][in]}, one class's output weights are
 * consecutive (all 16 of {@code mlp-tiny}'s in one block, {@code mlp}'s in 8 blocks), so no
 * provable mask could remove a class's output row; input-major they are {@code out} positions
 * apart, at most two per block when {@code out ≥ 8}.
 */
public final class PublishedOrder {
  private final int[] networkIndex;
  private final int[] position;

  private PublishedOrder(int[] networkIndex) {
    this.networkIndex = networkIndex;
    this.position = new int[networkIndex.length];
    for (int p = 0; p < networkIndex.length; p++) {
      position[networkIndex[p]] = p;
    }
  }

  /** The published order of {@code net}'s architecture. */
  public static PublishedOrder of(Network net) {
    return new PublishedOrder(net.publishedToNetwork());
  }

  public int size() {
    return networkIndex.length;
  }

  /** The index in {@link Network#params} of the parameter at published position {@code p}. */
  public int networkIndex(int p) {
    return networkIndex[p];
  }

  /** The published position of the network's parameter {@code i}. */
  public int position(int i) {
    return position[i];
  }

  /** {@code params} (network order) listed in published order. */
  public double[] toPublished(double[] params) {
    requireSize(params.length);
    double[] out = new double[params.length];
    for (int p = 0; p < out.length; p++) {
      out[p] = params[networkIndex[p]];
    }
    return out;
  }

  /** {@code published} (published order) back in network order. */
  public double[] toNetwork(double[] published) {
    requireSize(published.length);
    double[] out = new double[published.length];
    for (int p = 0; p < out.length; p++) {
      out[networkIndex[p]] = published[p];
    }
    return out;
  }

  /** The network whose published fixed-point weights are {@code raws}, shaped like {@code like}. */
  public Network fromRaws(Network like, long[] raws) {
    double[] w = new double[raws.length];
    for (int p = 0; p < w.length; p++) {
      w[p] = FixedPoint.fromRaw(raws[p]);
    }
    return like.withParams(toNetwork(w));
  }

  private void requireSize(int n) {
    if (n != networkIndex.length) {
      throw new IllegalArgumentException("the published order covers " + networkIndex.length + " parameters, got " + n);
    }
  }
}
