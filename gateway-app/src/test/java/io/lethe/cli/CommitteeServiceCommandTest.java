package io.lethe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.chameleon.committee.CommitteePublicKey;
import io.lethe.committee.CommitteeKeys;
import io.lethe.committee.service.CryptogenLayout;
import io.lethe.committee.service.EphemeralPki;
import io.lethe.committee.service.Endpoint;
import io.lethe.committee.service.InMemoryLedgerView;
import io.lethe.committee.service.RemoteCommittee;
import io.lethe.committee.service.SyntheticLedger;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code lethe committee serve|dkg|status} as three in-JVM services on real ports and mutual TLS. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CommitteeServiceCommandTest {
  @TempDir Path dir;
  private final Map<Integer, Thread> servers = new TreeMap<>();
  private final InMemoryLedgerView view = new InMemoryLedgerView("lethe");

  @AfterEach
  void stopAll() throws InterruptedException {
    for (int i : List.copyOf(servers.keySet())) {
      stop(i);
    }
  }

  private void stop(int member) throws InterruptedException {
    Thread t = servers.remove(member);
    t.interrupt();
    t.join(10_000);
  }

  private record Run(int exit, String out, String err) {}

  private Run lethe(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    picocli.CommandLine cli = new picocli.CommandLine(new CommitteeServiceCommand((m, channel) -> view));
    cli.setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    cli.setExecutionExceptionHandler(new ErrorReporter());
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private List<String> common() {
    return List.of("--network-dir", dir.toString(), "--crypto", dir.resolve("crypto").toString());
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private String[] args(List<String> head, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all.toArray(String[]::new);
  }

  @Test
  void serveDkgStatusAndARedactionThroughTheServices() throws Exception {
    CryptogenLayout layout = EphemeralPki.create(dir.resolve("crypto"), 3);
    List<String> endpointArgs = new ArrayList<>();
    List<Endpoint> endpoints = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      int port = freePort();
      endpoints.add(new Endpoint(i, "127.0.0.1", port));
      endpointArgs.add("--endpoint");
      endpointArgs.add(i + "=127.0.0.1:" + port);
      String[] serve = args(common(), "serve", "--org", "committee" + i, "--port", Integer.toString(port));
      Thread t = new Thread(() -> lethe(serve), "serve-" + i);
      t.setDaemon(true);
      t.start();
      servers.put(i, t);
    }
    Run status = null;
    for (int attempt = 0; attempt < 100; attempt++) {
      status = lethe(args(common(), args(List.of("status"), endpointArgs.toArray(String[]::new))));
      if (status.exit() == 0) {
        break;
      }
      Thread.sleep(100);
    }
    assertEquals(0, status.exit(), status.out() + status.err());

    Path pub = dir.resolve("governance/public.json");
    Run dkg = lethe(args(common(), args(List.of("dkg", "--threshold", "2", "--out", pub.toString()),
        endpointArgs.toArray(String[]::new))));
    assertEquals(0, dkg.exit(), dkg.err());
    JsonNode result = new ObjectMapper().readTree(dkg.out());
    assertEquals(2, result.get("threshold").asInt());
    CommitteePublicKey pk = CommitteeKeys.readPublic(pub);
    for (int i = 1; i <= 3; i++) {
      assertTrue(Files.exists(dir.resolve("committee/committee" + i + "/keys/0/share-" + i + ".json")));
    }

    SyntheticLedger l = new SyntheticLedger("lethe", "req-1", new SecureRandom());
    l.addBlock(0, pk.groupKey(), List.of("m1"), true);
    l.txs().values().forEach(view::put);
    l.blocks().values().forEach(view::put);
    view.put(l.view().request("req-1").orElseThrow());

    stop(3);
    Run down = lethe(args(common(), args(List.of("status"), endpointArgs.toArray(String[]::new))));
    assertEquals(1, down.exit());
    JsonNode rows = new ObjectMapper().readTree(down.out());
    assertTrue(rows.get(2).get("up").asBoolean() == false && rows.get(0).get("up").asBoolean(), down.out());

    try (RemoteCommittee c = new RemoteCommittee(endpoints, layout.clientIdentity(2, "User1"), layout.trust(3),
        Map.of(0, pk), Duration.ofSeconds(5))) {
      var r = c.batched("req-1", col -> l.redaction(List.of("m1"), col));
      assertNull(l.verify(r.value(), Map.of(0, pk.groupKey())));
      assertEquals(3, r.batch().faults().get(0).member());
    }
  }

  @Test
  void serveRefusesAnUnknownOrgAndMissingCertificates() {
    Run bad = lethe(args(common(), "serve", "--org", "auditor"));
    assertEquals(2, bad.exit(), bad.err());
    assertTrue(bad.err().contains("--org must be committee<i>"), bad.err());
    Run missing = lethe(args(common(), "serve", "--org", "committee1", "--port", "0"));
    assertTrue(missing.exit() != 0);
    assertTrue(missing.err().contains("does not exist") || missing.err().contains("cannot"), missing.err());
  }
}
