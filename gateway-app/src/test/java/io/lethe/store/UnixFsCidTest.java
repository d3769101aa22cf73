package io.lethe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixFsCidTest {

  static byte[] pattern(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) ((i * 2654435761L) >>> 13);
    }
    return b;
  }

  @Test
  void knownAnswersFromIpfsCid() throws Exception {
    int checked = 0;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        getClass().getResourceAsStream("unixfs-cid-kat.txt"), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        String[] f = line.split(" ");
        assertEquals(f[1], UnixFsCid.of(pattern(Integer.parseInt(f[0]))), "size " + f[0]);
        checked++;
      }
    }
    assertEquals(7, checked);
  }

  @Test
  void helloMatchesPublishedCid() {
    assertEquals("bafybeid3weurg3gvyoi7nisadzolomlvoxoppe2sesktnpvdve3256n5tq",
        UnixFsCid.of("hello".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void matchesIpfsCidToolOnRandomFiles(@TempDir Path dir) throws Exception {
    Path tool = Path.of("/usr/bin/ipfs_cid");
    assumeTrue(Files.isExecutable(tool), "ipfs_cid not installed");
    Random rnd = new Random(42);
    int[] sizes = {3, 262143, 262144 * 2 + 17, 700_000 + rnd.nextInt(100_000)};
    Pattern v1 = Pattern.compile("\"CIDv1\"\\s*:\\s*\"([a-z2-7]+)\"");
    for (int size : sizes) {
      byte[] data = new byte[size];
      rnd.nextBytes(data);
      Path f = dir.resolve("f" + size);
      Files.write(f, data);
      Process p = new ProcessBuilder(tool.toString(), f.toString()).redirectErrorStream(false).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
      Matcher m = v1.matcher(out);
      assertTrue(m.find(), out);
      assertEquals(m.group(1), UnixFsCid.of(f), "size " + size);
    }
  }

  @Test
  void fileStoreRoundTripVerifiesAndDeletes(@TempDir Path dir) throws Exception {
    FileSystemContentStore store = new FileSystemContentStore(dir);
    byte[] data = pattern(300_000);
    String cid = store.put(data);
    assertEquals(UnixFsCid.of(data), cid);
    assertTrue(store.contains(cid));
    assertEquals(data.length, store.get(cid).orElseThrow().length);
    Files.write(dir.resolve(cid), pattern(10));
    assertThrows(java.io.IOException.class, () -> store.get(cid));
    assertTrue(store.delete(cid));
    assertFalse(store.contains(cid));
    assertTrue(store.get(cid).isEmpty());
    assertThrows(IllegalArgumentException.class, () -> store.get("../etc/passwd"));
  }

  @Test
  void recognisesItsOwnCidForm() {
    Random rnd = new Random(7);
    for (int i = 0; i < 200; i++) {
      byte[] b = new byte[rnd.nextInt(2000)];
      rnd.nextBytes(b);
      assertTrue(UnixFsCid.isCid(UnixFsCid.of(b)));
    }
    String cid = UnixFsCid.of(new byte[0]);
    assertFalse(UnixFsCid.isCid(null));
    assertFalse(UnixFsCid.isCid("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH")); // CIDv0
    assertFalse(UnixFsCid.isCid(cid.toUpperCase()));
    assertFalse(UnixFsCid.isCid(cid.substring(0, 58)));
    assertFalse(UnixFsCid.isCid(cid + "a"));
    assertFalse(UnixFsCid.isCid("b" + "a".repeat(58))); // wrong version/codec bytes
    assertFalse(UnixFsCid.isCid(cid.substring(0, 58) + "1"));
    // raw-leaf CIDv1 (codec 0x55) of the same digest
    assertFalse(UnixFsCid.isCid("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"));
  }
}
