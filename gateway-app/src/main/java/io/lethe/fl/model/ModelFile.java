package io.lethe.fl.model;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Model file, version 2 (all integers big-endian, as every Lethe canonical format):
 *
 * <pre>
 *   magic   8 bytes  "LETHEMDL"
 *   version u32      2
 *   arch    u32 length ‖ UTF-8 architecture name ({@link Architectures})
 *   count   u32      number of parameters
 *   params  count × IEEE-754 binary64, big-endian, in the published order
 * </pre>
 *
 * The file's IPFS CID is the model URI published on the live chain. The published order
 * ({@link PublishedOrder}) is layer by layer; dense layers store weights input-major
 * {@code [in][out]} row-major then biases; convolutions kernels {@code [filters][channels][k][k]}
 * then biases. Version 1 files (read, never written) list the parameters in the network's own
 * order (dense {@code [out][in]}).
 */
public final class ModelFile {
  public static final byte[] MAGIC = "LETHEMDL".getBytes(StandardCharsets.US_ASCII);
  public static final int VERSION = 2;
  /** The first version: parameters in the network's own order. Read, never written. */
  public static final int VERSION_NETWORK_ORDER = 1;

  private ModelFile() {}

  public static byte[] write(Network net) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + net.paramCount() * 8);
      DataOutputStream out = new DataOutputStream(bytes);
      out.write(MAGIC);
      out.writeInt(VERSION);
      byte[] arch = net.architecture().getBytes(StandardCharsets.UTF_8);
      out.writeInt(arch.length);
      out.write(arch);
      out.writeInt(net.paramCount());
      for (double p : PublishedOrder.of(net).toPublished(net.params())) {
        out.writeDouble(p);
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Network read(byte[] file) throws IOException {
    DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(file));
    byte[] magic = in.readNBytes(MAGIC.length);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new IOException("not a Lethe model file (bad magic)");
    }
    int version = in.readInt();
    if (version != VERSION && version != VERSION_NETWORK_ORDER) {
      throw new IOException("unsupported model file version " + version);
    }
    int archLen = in.readInt();
    if (archLen <= 0 || archLen > 256) {
      throw new IOException("bad architecture name length " + archLen);
    }
    String arch = new String(in.readNBytes(archLen), StandardCharsets.UTF_8);
    int count = in.readInt();
    if (count < 0 || (long) count * 8 != in.available()) {
      throw new IOException("parameter count " + count + " does not match the file size");
    }
    double[] p = new double[count];
    for (int i = 0; i < count; i++) {
      p[i] = in.readDouble();
    }
    try {
      Network net = Network.of(arch, p);
      return version == VERSION ? net.withParams(PublishedOrder.of(net).toNetwork(p)) : net;
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
  }
}
