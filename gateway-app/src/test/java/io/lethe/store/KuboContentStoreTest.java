package io.lethe.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client side of {@link KuboContentStore}: what it sends and how it reads answers and
 * failures. A small HTTP server on 127.0.0.1 plays the node's answers; the store against a
 * real Kubo daemon is tested end to end by test-network-scripts/e2e/55-kubo-store.sh.
 */
class KuboContentStoreTest {
  private HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();

  private record Answer(int status, byte[] body, long delayMillis) {
    static Answer of(int status, String body) {
      return new Answer(status, body.getBytes(StandardCharsets.UTF_8), 0);
    }
  }

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    requests.add(ex.getRequestMethod() + " " + ex.getRequestURI());
    bodies.put(path, ex.getRequestBody().readAllBytes());
    Answer a = answers.getOrDefault(path, Answer.of(404, "404 page not found"));
    if (a.delayMillis() > 0) {
      try {
        Thread.sleep(a.delayMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    ex.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
    if (a.body().length > 0) {
      ex.getResponseBody().write(a.body());
    }
    ex.close();
  }

  private URI api() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private KuboContentStore store() {
    return new KuboContentStore(api(), Duration.ofSeconds(10));
  }

  @Test
  void addressForms() {
    assertEquals(URI.create("http://127.0.0.1:5001"), KuboContentStore.normalise("http://127.0.0.1:5001"));
    assertEquals(URI.create("http://127.0.0.1:5001"), KuboContentStore.normalise("http://127.0.0.1:5001/"));
    assertEquals(URI.create("http://127.0.0.1:5001"), KuboContentStore.normalise("http://127.0.0.1:5001/api/v0/"));
    assertEquals(URI.create("http://127.0.0.1:5001"), KuboContentStore.normalise("/ip4/127.0.0.1/tcp/5001"));
    assertEquals(URI.create("http://[::1]:5001"), KuboContentStore.normalise("/ip6/::1/tcp/5001/http"));
    assertEquals(URI.create("https://node.example:443/kubo"), KuboContentStore.normalise("https://node.example:443/kubo/api/v0"));
    for (String bad : new String[] {"ftp://127.0.0.1:5001", "127.0.0.1:5001", "http://", "http://h:1/?x=1", "not a url"}) {
      assertThrows(IllegalArgumentException.class, () -> KuboContentStore.normalise(bad), bad);
    }
  }

  @Test
  void pinsAreAddressedByTheirCidV0() {
    // pairs printed by Debian's ipfs_cid (empty file; "hello")
    assertEquals("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH",
        KuboContentStore.cidV0("bafybeif7ztnhq65lumvvtr4ekcwd2ifwgm3awq4zfr3srh462rwyinlb4y"));
    assertEquals("QmWfVY9y3xjsixTgbd9AorQxH7VtMpzfx2HaWtsoUYecaX",
        KuboContentStore.cidV0("bafybeid3weurg3gvyoi7nisadzolomlvoxoppe2sesktnpvdve3256n5tq"));
  }

  @Test
  void connectionRefusedNamesTheAddress() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    KuboContentStore store = KuboContentStore.of("http://127.0.0.1:" + port);
    IOException e = assertThrows(IOException.class, store::version);
    assertTrue(e.getMessage().contains("http://127.0.0.1:" + port), e.getMessage());
    assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
  }

  @Test
  void slowNodeTimesOut() {
    answers.put("/api/v0/version", new Answer(200, "{\"Version\":\"0.39.0\"}".getBytes(StandardCharsets.UTF_8), 1500));
    KuboContentStore store = new KuboContentStore(api(), Duration.ofMillis(300));
    // the answer would come after 1.5 s and succeed; only the 0.3 s limit makes this throw
    IOException e = assertThrows(IOException.class, store::version);
    assertTrue(e.getMessage().contains("did not answer 'version' within 0.3 s"), e.getMessage());
  }

  @Test
  void kuboErrorMessagesArePassedOn() {
    answers.put("/api/v0/version", Answer.of(500, "{\"Message\":\"repo is locked\",\"Code\":0,\"Type\":\"error\"}"));
    KuboContentStore.KuboApiException e = assertThrows(KuboContentStore.KuboApiException.class, () -> store().version());
    assertEquals(500, e.status());
    assertEquals("repo is locked", e.kuboMessage());
    assertTrue(e.getMessage().contains("refused 'version' (HTTP 500): repo is locked"), e.getMessage());
    answers.clear();
    IOException notKubo = assertThrows(IOException.class, () -> store().version());
    assertTrue(notKubo.getMessage().contains("not a gateway"), notKubo.getMessage());
  }

  @Test
  void putSendsTheUnixFsLayoutAndChecksTheCid() throws IOException {
    byte[] content = UnixFsCidTest.pattern(300_000);
    String expected = UnixFsCid.of(content);
    answers.put("/api/v0/add", Answer.of(200, "{\"Name\":\"model\",\"Hash\":\"QmRoot\",\"Size\":\"300123\"}\n"));
    answers.put("/api/v0/cid/base32", Answer.of(200, "{\"CidStr\":\"QmRoot\",\"Formatted\":\"" + expected + "\",\"ErrorMsg\":\"\"}"));
    assertEquals(expected, store().put(content));
    String add = requests.get(0);
    for (String opt : new String[] {"pin=true", "cid-version=0", "raw-leaves=false", "hash=sha2-256",
        "chunker=size-262144", "trickle=false", "max-file-links=174"}) {
      assertTrue(add.contains(opt), add + " lacks " + opt);
    }
    assertTrue(requests.get(1).startsWith("POST /api/v0/cid/base32?arg=QmRoot"), requests.get(1));

    // the multipart body carries exactly the content
    requests.clear();
    answers.put("/api/v0/cid/base32", Answer.of(200, "{\"CidStr\":\"QmRoot\",\"Formatted\":\"" + UnixFsCid.of(new byte[1]) + "\"}"));
    IOException e = assertThrows(IOException.class, () -> store().put(content));
    assertTrue(e.getMessage().contains("but its UnixFS CID is " + expected), e.getMessage());
    byte[] sent = bodies.get("/api/v0/add");
    String body = new String(sent, StandardCharsets.ISO_8859_1);
    int start = body.indexOf("\r\n\r\n", body.indexOf("name=\"file\"")) + 4;
    int end = body.lastIndexOf("\r\n--");
    assertArrayEquals(content, Arrays.copyOfRange(sent, start, end));
  }

  @Test
  void getReadsLocalBlocksAndRehashes() throws IOException {
    byte[] content = "model bytes".getBytes(StandardCharsets.UTF_8);
    String cid = UnixFsCid.of(content);
    answers.put("/api/v0/cat", new Answer(200, content, 0));
    assertArrayEquals(content, store().get(cid).orElseThrow());
    assertTrue(requests.get(0).contains("offline=true") && requests.get(0).contains("arg=" + cid), requests.get(0));

    answers.put("/api/v0/cat", new Answer(200, Arrays.copyOf(content, 5), 0));
    IOException cut = assertThrows(IOException.class, () -> store().get(cid));
    assertTrue(cut.getMessage().contains("truncated or corrupt"), cut.getMessage());

    answers.put("/api/v0/cat", Answer.of(500,
        "{\"Message\":\"block was not found locally (offline): ipld: could not find " + cid + "\",\"Code\":0,\"Type\":\"error\"}"));
    assertTrue(store().get(cid).isEmpty());

    answers.put("/api/v0/cat", Answer.of(500, "{\"Message\":\"this dag node is a directory\",\"Code\":0,\"Type\":\"error\"}"));
    IOException other = assertThrows(IOException.class, () -> store().get(cid));
    assertTrue(other.getMessage().contains("this dag node is a directory"), other.getMessage());

    assertThrows(IllegalArgumentException.class, () -> store().get("QmWfVY9y3xjsixTgbd9AorQxH7VtMpzfx2HaWtsoUYecaX"));
  }

  @Test
  void containsAndDeleteTellMissingFromFailure() throws IOException {
    String cid = UnixFsCid.of(new byte[] {1});
    answers.put("/api/v0/pin/ls", Answer.of(200, "{\"Keys\":{\"" + cid + "\":{\"Type\":\"recursive\"}}}"));
    assertTrue(store().contains(cid));
    assertTrue(requests.get(0).contains("arg=" + KuboContentStore.cidV0(cid)), requests.get(0));
    answers.put("/api/v0/pin/ls", Answer.of(500, "{\"Message\":\"path '" + cid + "' is not pinned\",\"Code\":0,\"Type\":\"error\"}"));
    assertFalse(store().contains(cid));
    answers.put("/api/v0/pin/ls", Answer.of(500, "{\"Message\":\"context deadline exceeded\",\"Code\":0,\"Type\":\"error\"}"));
    assertThrows(IOException.class, () -> store().contains(cid));

    answers.put("/api/v0/pin/rm", Answer.of(500, "{\"Message\":\"not pinned or pinned indirectly\",\"Code\":0,\"Type\":\"error\"}"));
    assertFalse(store().delete(cid));
    requests.clear();
    answers.put("/api/v0/pin/rm", Answer.of(200, "{\"Pins\":[\"" + cid + "\"]}"));
    answers.put("/api/v0/repo/gc", Answer.of(200, ""));
    assertTrue(store().delete(cid));
    assertEquals(2, requests.size(), requests.toString());
    assertTrue(requests.get(0).startsWith("POST /api/v0/pin/rm?arg=" + KuboContentStore.cidV0(cid)), requests.toString());
    assertTrue(requests.get(1).startsWith("POST /api/v0/repo/gc"), requests.toString());
  }
}
