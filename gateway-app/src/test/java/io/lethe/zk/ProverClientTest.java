package io.lethe.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.lethe.proto.Circuit;
import io.lethe.proto.ListKeysRequest;
import io.lethe.proto.ListKeysResponse;
import io.lethe.proto.ObsShape;
import io.lethe.proto.Problem;
import io.lethe.proto.ProofResult;
import io.lethe.proto.ProveEvent;
import io.lethe.proto.ProveRequest;
import io.lethe.proto.ProverGrpc;
import io.lethe.proto.Progress;
import io.lethe.proto.SampleObsInstanceRequest;
import io.lethe.proto.SampleObsInstanceResponse;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Deadlines and error reporting of the prover client, against a scripted sidecar on loopback. */
class ProverClientTest {
  private static final ProverDeadlines SHORT = new ProverDeadlines(Duration.ofSeconds(2), Duration.ofSeconds(2));
  private static final byte[] WITNESS = "{}".getBytes();

  private Server server;
  private final CountDownLatch cancelled = new CountDownLatch(1);

  /** A sidecar whose answers the test scripts. */
  private class Scripted extends ProverGrpc.ProverImplBase {
    List<ProveEvent> events = List.of();
    boolean hang;

    @Override
    public void prove(ProveRequest request, StreamObserver<ProveEvent> out) {
      var call = (io.grpc.stub.ServerCallStreamObserver<ProveEvent>) out;
      call.setOnCancelHandler(cancelled::countDown);
      events.forEach(out::onNext);
      if (!hang) {
        out.onCompleted();
      }
    }

    @Override
    public void listKeys(ListKeysRequest request, StreamObserver<ListKeysResponse> out) {
      if (!hang) {
        out.onNext(ListKeysResponse.getDefaultInstance());
        out.onCompleted();
      }
    }

    @Override
    public void sampleObsInstance(SampleObsInstanceRequest request, StreamObserver<SampleObsInstanceResponse> out) {
      out.onError(Status.INVALID_ARGUMENT.withDescription("invalid OBS shape").asRuntimeException());
    }
  }

  private ProverClient client(Scripted sidecar) throws IOException {
    server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).addService(sidecar).build().start();
    return new ProverClient("127.0.0.1:" + server.getPort(), SHORT);
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static ProverException fails(ProverException.Reason reason, Executable call) {
    ProverException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(ProverException.class, call));
    assertEquals(reason, e.reason(), e.getMessage());
    return e;
  }

  private static ProveEvent progress(String stage) {
    return ProveEvent.newBuilder().setProgress(Progress.newBuilder().setStage(stage).setFraction(0.2)).build();
  }

  @Test
  void aSidecarThatIsDownIsReportedAsUnavailable() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    try (ProverClient c = new ProverClient("127.0.0.1:" + port, SHORT)) {
      ProverException e = fails(ProverException.Reason.UNAVAILABLE, c::listKeys);
      assertTrue(e.getMessage().contains("127.0.0.1:" + port) && e.getMessage().contains("running"), e.getMessage());
      fails(ProverException.Reason.UNAVAILABLE, () -> c.prove(Circuit.CIRCUIT_OBS_UNLEARNING, WITNESS, false, (s, f) -> { }));
    }
  }

  @Test
  void aUnaryCallThatGetsNoAnswerTimesOut() throws IOException {
    Scripted sidecar = new Scripted();
    sidecar.hang = true;
    try (ProverClient c = client(sidecar)) {
      ProverException e = fails(ProverException.Reason.TIMED_OUT, c::listKeys);
      assertTrue(e.getMessage().contains("ListKeys") && e.getMessage().contains("2 s"), e.getMessage());
    }
  }

  @Test
  void aSilentProveStreamTimesOutAndIsCancelled() throws Exception {
    Scripted sidecar = new Scripted();
    sidecar.events = List.of(progress("witness"));
    sidecar.hang = true;
    List<String> seen = new ArrayList<>();
    try (ProverClient c = client(sidecar)) {
      ProverException e = fails(ProverException.Reason.TIMED_OUT,
          () -> c.prove(Circuit.CIRCUIT_OBS_UNLEARNING, WITNESS, false, (stage, f) -> seen.add(stage)));
      assertTrue(e.getMessage().contains("last stage: witness"), e.getMessage());
    }
    assertEquals(List.of("witness"), seen);
    assertTrue(cancelled.await(5, TimeUnit.SECONDS), "the sidecar was not told to stop");
  }

  @Test
  void aFalseStatementIsRefusedWithTheProversReason() throws IOException {
    Scripted sidecar = new Scripted();
    sidecar.events = List.of(progress("queued"), ProveEvent.newBuilder()
        .setProblem(Problem.newBuilder().setCode("UNSATISFIED").setMessage("relation violated at weight 3")).build());
    try (ProverClient c = client(sidecar)) {
      ProverException e = fails(ProverException.Reason.REFUSED,
          () -> c.prove(Circuit.CIRCUIT_OBS_UNLEARNING, WITNESS, false, (s, f) -> { }));
      assertTrue(e.getMessage().contains("relation violated at weight 3"), e.getMessage());
      fails(ProverException.Reason.REFUSED, () -> c.sampleObs(ObsShape.getDefaultInstance(), 1));
    }
  }

  @Test
  void aStreamWithoutResultFails() throws IOException {
    Scripted sidecar = new Scripted();
    sidecar.events = List.of(progress("queued"));
    try (ProverClient c = client(sidecar)) {
      fails(ProverException.Reason.FAILED, () -> c.prove(Circuit.CIRCUIT_OBS_UNLEARNING, WITNESS, false, (s, f) -> { }));
    }
  }

  @Test
  void aResultEndsTheStream() throws IOException {
    Scripted sidecar = new Scripted();
    sidecar.events = List.of(progress("queued"), ProveEvent.newBuilder()
        .setResult(ProofResult.newBuilder().setKeyId("obs-n8-b8-p1")).build());
    try (ProverClient c = client(sidecar)) {
      ProofResult r = assertTimeoutPreemptively(Duration.ofSeconds(10),
          () -> c.prove(Circuit.CIRCUIT_OBS_UNLEARNING, WITNESS, false, (s, f) -> { }));
      assertEquals("obs-n8-b8-p1", r.getKeyId());
    }
  }
}
