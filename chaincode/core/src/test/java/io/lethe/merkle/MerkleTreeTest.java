package io.lethe.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final String[] LEAVES = {
    "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"
  };

  @Test
  void matchesRfc6962KnownAnswers() throws IOException {
    int checked = 0;
    try (InputStream in = getClass().getResourceAsStream("/vectors/rfc6962.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.trim().split(" ");
        int n = Integer.parseInt(parts[0]);
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          leaves.add(HEX.parseHex(LEAVES[i]));
        }
        assertEquals(parts[1], HEX.formatHex(MerkleTree.root(leaves)), "root of " + n + " leaves");
        checked++;
      }
    }
    assertEquals(9, checked);
  }

  @Test
  void agreesWithNaiveDefinitionAndDetectsAnyLeafChange() {
    Random rnd = new Random(6962);
    for (int n = 1; n <= 70; n++) {
      List<byte[]> leaves = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        byte[] b = new byte[33];
        rnd.nextBytes(b);
        leaves.add(b);
      }
      byte[] root = MerkleTree.root(leaves);
      assertArrayEquals(naive(leaves), root);
      int victim = rnd.nextInt(n);
      List<byte[]> changed = new ArrayList<>(leaves);
      byte[] b = leaves.get(victim).clone();
      b[rnd.nextInt(b.length)] ^= 1;
      changed.set(victim, b);
      assertFalse(Arrays.equals(root, MerkleTree.root(changed)));
      if (n > 1) {
        List<byte[]> swapped = new ArrayList<>(leaves);
        swapped.set(0, leaves.get(n - 1));
        swapped.set(n - 1, leaves.get(0));
        assertFalse(Arrays.equals(root, MerkleTree.root(swapped)), "order matters");
      }
    }
  }

  private static byte[] naive(List<byte[]> d) {
    if (d.size() == 1) {
      return MerkleTree.leafHash(d.get(0));
    }
    int k = 1;
    while (k * 2 < d.size()) {
      k *= 2;
    }
    return MerkleTree.nodeHash(naive(d.subList(0, k)), naive(d.subList(k, d.size())));
  }
}
