package io.lethe.committee.service;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.lethe.proto.CommitRequest;
import io.lethe.proto.CommitteeMemberGrpc;
import io.lethe.proto.StatusRequest;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Test only (e2e/25): calls a running member service as a client that is not of a committee org
 * (e.g. {@code User1@users.lethe.local}'s or the auditor's TLS certificate), trusting the
 * committee CAs for the server. Exit 0 when every call is refused, 1 when the service answered.
 *
 * <pre>ForeignCaller CRYPTO_DIR PORT CLIENT_CERT CLIENT_KEY</pre>
 */
public final class ForeignCaller {
  private ForeignCaller() {}

  public static void main(String[] args) {
    CryptogenLayout layout = new CryptogenLayout(Path.of(args[0]));
    int port = Integer.parseInt(args[1]);
    TlsIdentity foreign = new TlsIdentity(Path.of(args[2]), Path.of(args[3]));
    ManagedChannel ch = Grpc.newChannelBuilderForAddress("127.0.0.1", port,
        MutualTls.client(foreign, layout.trust(CommitteeServices.MEMBERS))).build();
    int answered = 0;
    try {
      var stub = CommitteeMemberGrpc.newBlockingStub(ch);
      try {
        stub.withDeadlineAfter(10, TimeUnit.SECONDS).status(StatusRequest.getDefaultInstance());
        System.out.println("ANSWERED Status");
        answered++;
      } catch (StatusRuntimeException e) {
        System.out.println("REFUSED Status: " + e.getStatus().getCode() + " " + e.getStatus().getDescription());
      }
      try {
        stub.withDeadlineAfter(10, TimeUnit.SECONDS).commit(CommitRequest.newBuilder().setRequestId("any").build());
        System.out.println("ANSWERED Commit");
        answered++;
      } catch (StatusRuntimeException e) {
        System.out.println("REFUSED Commit: " + e.getStatus().getCode() + " " + e.getStatus().getDescription());
      }
    } finally {
      ch.shutdownNow();
    }
    System.exit(answered == 0 ? 0 : 1);
  }
}
