package io.lethe.fl.data;

import java.util.Arrays;
import java.util.function.IntPredicate;

/** Images (row-major, values in [0,1]) with integer labels. Immutable once built. */
public final class Dataset {
  private final float[] pixels;
  private final int[] labels;
  private final int featureCount;

  public Dataset(float[] pixels, int[] labels, int featureCount) {
    if (pixels.length != (long) labels.length * featureCount) {
      throw new IllegalArgumentException("pixels/labels size mismatch");
    }
    this.pixels = pixels;
    this.labels = labels;
    this.featureCount = featureCount;
  }

  public int size() {
    return labels.length;
  }

  public int featureCount() {
    return featureCount;
  }

  public int label(int i) {
    return labels[i];
  }

  public float pixel(int i, int feature) {
    return pixels[i * featureCount + feature];
  }

  /** Copies sample {@code i} into {@code dst} at {@code offset}. */
  public void copyFeatures(int i, double[] dst, int offset) {
    int base = i * featureCount;
    for (int f = 0; f < featureCount; f++) {
      dst[offset + f] = pixels[base + f];
    }
  }

  public Dataset select(int[] indices) {
    float[] px = new float[indices.length * featureCount];
    int[] lb = new int[indices.length];
    for (int k = 0; k < indices.length; k++) {
      System.arraycopy(pixels, indices[k] * featureCount, px, k * featureCount, featureCount);
      lb[k] = labels[indices[k]];
    }
    return new Dataset(px, lb, featureCount);
  }

  public Dataset filterLabels(IntPredicate keep) {
    return select(java.util.stream.IntStream.range(0, size()).filter(i -> keep.test(labels[i])).toArray());
  }

  public Dataset concat(Dataset other) {
    float[] px = Arrays.copyOf(pixels, pixels.length + other.pixels.length);
    System.arraycopy(other.pixels, 0, px, pixels.length, other.pixels.length);
    int[] lb = Arrays.copyOf(labels, labels.length + other.labels.length);
    System.arraycopy(other.labels, 0, lb, labels.length, other.labels.length);
    return new Dataset(px, lb, featureCount);
  }

  /** The same images with other labels. */
  public Dataset withLabels(int[] newLabels) {
    if (newLabels.length != labels.length) {
      throw new IllegalArgumentException("label count mismatch");
    }
    return new Dataset(pixels, newLabels.clone(), featureCount);
  }

  /** The last {@code n} samples (all when fewer). */
  public Dataset tail(int n) {
    int from = Math.max(0, size() - n);
    return select(java.util.stream.IntStream.range(from, size()).toArray());
  }

  public Dataset head(int n) {
    return select(java.util.stream.IntStream.range(0, Math.min(n, size())).toArray());
  }
}
