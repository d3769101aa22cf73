package io.lethe.fl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {

  @Test
  void realFilesHaveKnownLabelsAndPixels() throws IOException {
    Path dir = FashionMnist.directory();
    assumeTrue(FashionMnist.available(dir), "dataset-fashion-mnist not installed");
    Dataset train = FashionMnist.train(dir);
    Dataset test = FashionMnist.test(dir);
    assertEquals(60000, train.size());
    assertEquals(10000, test.size());
    int[] first = new int[10];
    int[] firstTest = new int[10];
    for (int i = 0; i < 10; i++) {
      first[i] = train.label(i);
      firstTest[i] = test.label(i);
    }
    assertArrayEquals(new int[] {9, 0, 0, 3, 0, 2, 7, 2, 5, 5}, first);
    assertArrayEquals(new int[] {9, 2, 1, 1, 6, 1, 4, 6, 5, 7}, firstTest);
    int[] centre = {217, 204, 85, 137, 217};
    for (int i = 0; i < centre.length; i++) {
      assertEquals(centre[i] / 255f, train.pixel(i, 14 * 28 + 14), 1e-7);
    }
    assertEquals(76247, Math.round(sum(train, 0) * 255));
    assertEquals(16684, Math.round(sum(train, 59999) * 255));
    assertEquals(6000, train.filterLabels(l -> l == 5).size());
    assertEquals(1000, test.filterLabels(l -> l == 5).size());
  }

  private static double sum(Dataset d, int i) {
    double s = 0;
    for (int f = 0; f < d.featureCount(); f++) {
      s += d.pixel(i, f);
    }
    return s;
  }

  @Test
  void readsHandWrittenIdxAndRejectsBadMagic(@TempDir Path dir) throws IOException {
    Path images = dir.resolve("img.gz");
    Path labels = dir.resolve("lbl.gz");
    try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(images)))) {
      out.writeInt(0x803);
      out.writeInt(2);
      out.writeInt(28);
      out.writeInt(28);
      for (int i = 0; i < 2 * 784; i++) {
        out.writeByte(i % 256);
      }
    }
    try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(labels)))) {
      out.writeInt(0x801);
      out.writeInt(2);
      out.writeByte(7);
      out.writeByte(3);
    }
    Dataset d = FashionMnist.load(images, labels);
    assertEquals(2, d.size());
    assertEquals(7, d.label(0));
    assertEquals(3, d.label(1));
    assertEquals(255 / 255f, d.pixel(0, 255));
    assertEquals((784 + 1) % 256 / 255f, d.pixel(1, 1));
    assertThrows(IOException.class, () -> FashionMnist.load(labels, labels));
  }

  @Test
  void partitionsAreDisjointSeededAndCover() {
    int n = 1000;
    float[] px = new float[n];
    int[] lb = new int[n];
    for (int i = 0; i < n; i++) {
      lb[i] = i % 10;
      px[i] = i;
    }
    Dataset d = new Dataset(px, lb, 1);
    int[][] iid = Partitioner.iid(d, 7, 3);
    assertArrayEquals(iid[2], Partitioner.iid(d, 7, 3)[2]);
    boolean[] seen = new boolean[n];
    int total = 0;
    for (int[] part : iid) {
      for (int i : part) {
        assertEquals(false, seen[i]);
        seen[i] = true;
        total++;
      }
    }
    assertEquals(n, total);
    int[][] byClass = Partitioner.byClass(d, 5, 2, 10, 9);
    for (int[] part : byClass) {
      long classes = java.util.Arrays.stream(part).map(d::label).distinct().count();
      assertEquals(2, classes);
    }
    Partitioner.UserData ud = Partitioner.split(d, iid[0], 0.25, 1);
    assertEquals(iid[0].length, ud.train().size() + ud.test().size());
    assertEquals(Math.round(iid[0].length * 0.25), ud.test().size());
  }
}
