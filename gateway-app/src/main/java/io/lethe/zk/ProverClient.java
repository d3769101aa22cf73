package io.lethe.zk;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.lethe.proto.Circuit;
import io.lethe.proto.ListKeysRequest;
import io.lethe.proto.ListKeysResponse;
import io.lethe.proto.ObsShape;
import io.lethe.proto.ProofResult;
import io.lethe.proto.ProveEvent;
import io.lethe.proto.ProveRequest;
import io.lethe.proto.ProverGrpc;
import io.lethe.proto.SampleObsInstanceRequest;
import io.lethe.proto.SampleObsInstanceResponse;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * gRPC client of the prover sidecar (proto/prover.proto). Every call has a deadline
 * ({@link ProverDeadlines}); failures surface as {@link ProverException}s that say which
 * sidecar and why.
 */
public final class ProverClient implements AutoCloseable {
  /** Receives the sidecar's progress events while it proves. */
  @FunctionalInterface
  public interface Progress {
    void update(String stage, double fraction);
  }

  private final String address;
  private final ProverDeadlines deadlines;
  private final ManagedChannel channel;

  public ProverClient(String address) {
    this(address, ProverDeadlines.DEFAULT);
  }

  public ProverClient(String address, ProverDeadlines deadlines) {
    this.address = address;
    this.deadlines = deadlines;
    this.channel = ManagedChannelBuilder.forTarget(address).usePlaintext()
        .maxInboundMessageSize(64 << 20).build();
  }

  /** Proves; throws {@link ProverException} (REFUSED with the prover's reason for a false statement). */
  public ProofResult prove(Circuit circuit, byte[] witnessJson, boolean includeVk, Progress progress) {
    return prove(ProveRequest.newBuilder().setCircuit(circuit)
        .setWitness(ByteString.copyFrom(witnessJson)).setIncludeVk(includeVk).build(), progress);
  }

  /** Proves one universal chunk statement (key id {@code chunk-<kind>}, circuit unspecified). */
  public ProofResult proveChunk(String keyId, byte[] witnessJson, Progress progress) {
    return prove(ProveRequest.newBuilder().setCircuit(Circuit.CIRCUIT_UNSPECIFIED).setKeyId(keyId)
        .setWitness(ByteString.copyFrom(witnessJson)).build(), progress);
  }

  private ProofResult prove(ProveRequest request, Progress progress) {
    ProveStream stream = new ProveStream();
    ProverGrpc.newStub(channel).withMaxOutboundMessageSize(513 << 20).prove(request, stream);
    String stage = "connecting";
    try {
      while (true) {
        Object next = stream.events.poll(deadlines.proveIdle().toMillis(), TimeUnit.MILLISECONDS);
        if (next == null) {
          stream.cancel();
          throw new ProverException(ProverException.Reason.TIMED_OUT, "prover sidecar at " + address
              + " sent nothing for " + seconds(deadlines.proveIdle()) + " while proving (last stage: " + stage + ")", null);
        }
        if (next instanceof Throwable t) {
          throw failure("Prove", t);
        }
        if (next == ProveStream.END) {
          throw new ProverException(ProverException.Reason.FAILED,
              "prover sidecar at " + address + " closed the stream without a result", null);
        }
        ProveEvent e = (ProveEvent) next;
        switch (e.getEventCase()) {
          case PROGRESS -> {
            stage = e.getProgress().getStage();
            progress.update(stage, e.getProgress().getFraction());
          }
          case RESULT -> {
            stream.cancel();
            return e.getResult();
          }
          case PROBLEM -> {
            stream.cancel();
            throw new ProverException(ProverException.Reason.REFUSED,
                "prover refused: " + e.getProblem().getCode() + ": " + e.getProblem().getMessage(), null);
          }
          default -> { }
        }
      }
    } catch (InterruptedException ie) {
      stream.cancel();
      Thread.currentThread().interrupt();
      throw new ProverException(ProverException.Reason.FAILED, "interrupted while proving", ie);
    }
  }

  /** The sidecar's random OBS instance of a shape and seed (the project's one generator). */
  public SampleObsInstanceResponse sampleObs(ObsShape shape, long seed) {
    return unary("SampleObsInstance", () -> blocking().sampleObsInstance(
        SampleObsInstanceRequest.newBuilder().setShape(shape).setSeed(seed).build()));
  }

  /** One verifying key the sidecar holds (gnark encoding) and what it says about it. */
  public io.lethe.proto.GetKeyResponse getKey(String keyId) {
    return unary("GetKey", () -> blocking().getKey(io.lethe.proto.GetKeyRequest.newBuilder().setKeyId(keyId).build()));
  }

  public ListKeysResponse listKeys() {
    return unary("ListKeys", () -> blocking().listKeys(ListKeysRequest.getDefaultInstance()));
  }

  public String address() {
    return address;
  }

  private ProverGrpc.ProverBlockingStub blocking() {
    return ProverGrpc.newBlockingStub(channel).withDeadlineAfter(deadlines.call().toMillis(), TimeUnit.MILLISECONDS);
  }

  private <T> T unary(String method, Supplier<T> call) {
    try {
      return call.get();
    } catch (StatusRuntimeException e) {
      throw failure(method, e);
    }
  }

  private ProverException failure(String method, Throwable t) {
    Status s = Status.fromThrowable(t);
    String detail = s.getDescription() == null ? s.getCode().toString() : s.getCode() + ": " + s.getDescription();
    return switch (s.getCode()) {
      case UNAVAILABLE -> new ProverException(ProverException.Reason.UNAVAILABLE, "prover sidecar at " + address
          + " is unavailable (" + detail + "); is it running? (lethe-prover serve, or unset LETHE_PROVER_ADDR to start one)", t);
      case DEADLINE_EXCEEDED -> new ProverException(ProverException.Reason.TIMED_OUT, "prover sidecar at " + address
          + " did not answer " + method + " within " + seconds(deadlines.call()), t);
      case INVALID_ARGUMENT, FAILED_PRECONDITION, NOT_FOUND, RESOURCE_EXHAUSTED, OUT_OF_RANGE ->
          new ProverException(ProverException.Reason.REFUSED, "prover refused " + method + ": " + detail, t);
      default -> new ProverException(ProverException.Reason.FAILED, "prover " + method + " failed: " + detail, t);
    };
  }

  private static String seconds(java.time.Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Hands the stream's events to the calling thread, which waits for each with the idle timeout. */
  private static final class ProveStream implements ClientResponseObserver<ProveRequest, ProveEvent> {
    static final Object END = new Object();
    final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private volatile ClientCallStreamObserver<ProveRequest> call;

    @Override
    public void beforeStart(ClientCallStreamObserver<ProveRequest> requestStream) {
      call = requestStream;
    }

    void cancel() {
      if (call != null) {
        call.cancel("client done", null);
      }
    }

    @Override
    public void onNext(ProveEvent value) {
      events.add(value);
    }

    @Override
    public void onError(Throwable t) {
      events.add(t);
    }

    @Override
    public void onCompleted() {
      events.add(END);
    }
  }
}
