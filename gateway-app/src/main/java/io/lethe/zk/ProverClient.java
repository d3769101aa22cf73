package io.lethe.zk;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.lethe.proto.Circuit;
import io.lethe.proto.ListKeysRequest;
import io.lethe.proto.ListKeysResponse;
import io.lethe.proto.ProofResult;
import io.lethe.proto.ProveEvent;
import io.lethe.proto.ProveRequest;
import io.lethe.proto.ProverGrpc;
import com.google.protobuf.ByteString;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/** gRPC client of the prover sidecar (proto/prover.proto). */
public final class ProverClient implements AutoCloseable {
  private final ManagedChannel channel;
  private final ProverGrpc.ProverBlockingStub stub;

  public ProverClient(String address) {
    channel = ManagedChannelBuilder.forTarget(address).usePlaintext()
        .maxInboundMessageSize(64 << 20).build();
    stub = ProverGrpc.newBlockingStub(channel).withMaxOutboundMessageSize(513 << 20);
  }

  /** Proves; progress gets (stage, fraction). Throws ProverException with the prover's reason. */
  public ProofResult prove(Circuit circuit, byte[] witnessJson, boolean includeVk, BiConsumer<String, Double> progress) {
    Iterator<ProveEvent> events = stub.prove(ProveRequest.newBuilder().setCircuit(circuit)
        .setWitness(ByteString.copyFrom(witnessJson)).setIncludeVk(includeVk).build());
    while (events.hasNext()) {
      ProveEvent e = events.next();
      switch (e.getEventCase()) {
        case PROGRESS -> progress.accept(e.getProgress().getStage(), e.getProgress().getFraction());
        case RESULT -> {
          return e.getResult();
        }
        case PROBLEM -> throw new ProverException(e.getProblem().getCode() + ": " + e.getProblem().getMessage());
        default -> { }
      }
    }
    throw new ProverException("prover closed the stream without a result");
  }

  public ListKeysResponse listKeys() {
    return stub.listKeys(ListKeysRequest.getDefaultInstance());
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  /** The prover refused or failed. */
  public static final class ProverException extends RuntimeException {
    public ProverException(String message) {
      super(message);
    }
  }
}
