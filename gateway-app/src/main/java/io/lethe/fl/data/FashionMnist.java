package io.lethe.fl.data;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Loader for the IDX files of Debian's {@code dataset-fashion-mnist} package (gzip-compressed,
 * big-endian IDX: magic 0x00000803 for images, 0x00000801 for labels). Pixels are scaled to
 * [0,1].
 */
public final class FashionMnist {
  public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
  public static final int ROWS = 28;
  public static final int COLS = 28;
  public static final int CLASSES = 10;
  public static final String[] CLASS_NAMES = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
      "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};

  private FashionMnist() {}

  public static Path directory() {
    String env = System.getenv("LETHE_FASHION_MNIST_DIR");
    return env == null || env.isBlank() ? DEFAULT_DIR : Path.of(env);
  }

  public static boolean available(Path dir) {
    return Files.isReadable(dir.resolve("train-images-idx3-ubyte.gz"));
  }

  public static Dataset train(Path dir) throws IOException {
    return load(dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte.gz"));
  }

  public static Dataset test(Path dir) throws IOException {
    return load(dir.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("t10k-labels-idx1-ubyte.gz"));
  }

  public static Dataset load(Path images, Path labels) throws IOException {
    if (!Files.isReadable(images) || !Files.isReadable(labels)) {
      throw new IOException("Fashion-MNIST not found at " + images.getParent()
          + " (install it: apt-get install -y dataset-fashion-mnist, or set LETHE_FASHION_MNIST_DIR)");
    }
    int[] lb = readLabels(labels);
    float[] px = readImages(images, lb.length);
    return new Dataset(px, lb, ROWS * COLS);
  }

  static int[] readLabels(Path file) throws IOException {
    try (DataInputStream in = open(file)) {
      int magic = in.readInt();
      if (magic != 0x00000801) {
        throw new IOException(file + ": not an IDX label file (magic " + Integer.toHexString(magic) + ")");
      }
      int n = in.readInt();
      byte[] raw = in.readNBytes(n);
      if (raw.length != n) {
        throw new IOException(file + ": truncated");
      }
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) {
        labels[i] = raw[i] & 0xFF;
        if (labels[i] >= CLASSES) {
          throw new IOException(file + ": label out of range at " + i);
        }
      }
      return labels;
    }
  }

  static float[] readImages(Path file, int expected) throws IOException {
    try (DataInputStream in = open(file)) {
      int magic = in.readInt();
      if (magic != 0x00000803) {
        throw new IOException(file + ": not an IDX image file (magic " + Integer.toHexString(magic) + ")");
      }
      int n = in.readInt();
      int rows = in.readInt();
      int cols = in.readInt();
      if (n != expected || rows != ROWS || cols != COLS) {
        throw new IOException(file + ": unexpected shape " + n + "x" + rows + "x" + cols);
      }
      byte[] raw = in.readNBytes(n * rows * cols);
      if (raw.length != n * rows * cols) {
        throw new IOException(file + ": truncated");
      }
      float[] px = new float[raw.length];
      for (int i = 0; i < raw.length; i++) {
        px[i] = (raw[i] & 0xFF) / 255f;
      }
      return px;
    }
  }

  private static DataInputStream open(Path file) throws IOException {
    InputStream raw = Files.newInputStream(file);
    InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
    return new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
  }
}
