package io.lethe.fl.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PublishedOrderTest {
  @Test
  void aDenseLayerIsPublishedInputMajorThenItsBiases() {
    // in = 2, out = 3: network [o][i] = o·2 + i; published i·3 + o
    assertArrayEquals(new int[] {0, 2, 4, 1, 3, 5, 6, 7, 8}, new DenseLayer(2, 3).publishedOrder());
    assertArrayEquals(new DenseLayer(2, 3).publishedOrder(), new Nd4jDenseLayer(2, 3).publishedOrder());
  }

  @ParameterizedTest
  @ValueSource(strings = {"mlp", "mlp-small", "mlp-tiny", "cnn"})
  void isAPermutationThatRoundTrips(String arch) {
    Network net = Network.create(arch, 3, Backend.JAVA);
    PublishedOrder order = PublishedOrder.of(net);
    boolean[] seen = new boolean[net.paramCount()];
    for (int p = 0; p < order.size(); p++) {
      int i = order.networkIndex(p);
      assertTrue(!seen[i], "index " + i + " twice");
      seen[i] = true;
      assertEquals(p, order.position(i));
    }
    double[] published = order.toPublished(net.params());
    assertArrayEquals(net.params(), order.toNetwork(published));
    assertThrows(IllegalArgumentException.class, () -> order.toPublished(new double[3]));
  }

  /**
   * What the order is for: the chunk-obs circuit removes at most two weights per 16 consecutive
   * published weights, so each class's whole output row (and its bias) must be removable.
   */
  @ParameterizedTest
  @ValueSource(strings = {"mlp", "mlp-small", "mlp-tiny", "cnn"})
  void everyClassOutputRowHasAtMostTwoWeightsPerFisherBlock(String arch) {
    Network net = Network.create(arch, 3, Backend.JAVA);
    PublishedOrder order = PublishedOrder.of(net);
    int in = net.featureSize();
    int classes = net.classes();
    int first = net.paramCount() - (in * classes + classes);
    for (int c = 0; c < classes; c++) {
      int[] perBlock = new int[(net.paramCount() + 15) / 16];
      for (int i = 0; i < in; i++) {
        perBlock[order.position(first + c * in + i) / 16]++;
      }
      perBlock[order.position(first + in * classes + c) / 16]++;
      for (int b = 0; b < perBlock.length; b++) {
        assertTrue(perBlock[b] <= 2, arch + ": class " + c + " has " + perBlock[b] + " output weights in block " + b);
      }
    }
  }

  @Test
  void modelFilesListThePublishedOrderAndVersionOneFilesStillRead() throws IOException {
    Network net = Network.create("mlp-tiny", 9, Backend.JAVA);
    byte[] v2 = ModelFile.write(net);
    double[] published = PublishedOrder.of(net).toPublished(net.params());
    int header = ModelFile.MAGIC.length + 4 + 4 + "mlp-tiny".length() + 4;
    assertEquals(ModelFile.VERSION, java.nio.ByteBuffer.wrap(v2, ModelFile.MAGIC.length, 4).getInt());
    for (int p = 0; p < published.length; p++) {
      assertEquals(published[p], java.nio.ByteBuffer.wrap(v2, header + 8 * p, 8).getDouble(), "position " + p);
    }
    assertArrayEquals(net.params(), ModelFile.read(v2).params());
    assertArrayEquals(net.params(), ModelFile.read(versionOne(net)).params());
  }

  private static byte[] versionOne(Network net) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(ModelFile.MAGIC);
    out.writeInt(ModelFile.VERSION_NETWORK_ORDER);
    byte[] arch = net.architecture().getBytes(StandardCharsets.UTF_8);
    out.writeInt(arch.length);
    out.write(arch);
    out.writeInt(net.paramCount());
    for (double p : net.params()) {
      out.writeDouble(p);
    }
    return bytes.toByteArray();
  }

  @Test
  void anUnknownVersionIsRefused() {
    byte[] file = ModelFile.write(Network.create("mlp-tiny", 9, Backend.JAVA));
    java.nio.ByteBuffer.wrap(file, ModelFile.MAGIC.length, 4).putInt(3);
    IOException e = assertThrows(IOException.class, () -> ModelFile.read(file));
    assertTrue(e.getMessage().contains("version 3"), e.getMessage());
  }
}
