package io.lethe.redaction;

import io.lethe.committee.CommitteeFiles;
import io.lethe.committee.service.MemberFault;
import io.lethe.committee.service.RemoteCommittee;
import io.lethe.ledger.LedgerRequests;
import io.lethe.ledger.Records.KeyEpoch;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Where a redaction's chameleon collisions come from (DESIGN §4). The product uses the
 * committee member services ({@link #services}): each member holds only its own share, validates
 * the request on the ledger before signing, and t of n must answer. {@link #insecureShareFiles}
 * computes them in this process from every share of one folder (whoever reads that folder holds
 * the trapdoor): offline and development use only.
 */
public interface CommitteeSigner extends AutoCloseable {
  /**
   * Runs {@code build} with a collider for the request's targets and returns what it built. The
   * builder must be deterministic: the services implementation runs it twice (record the
   * targets, one batched committee run, replay).
   */
  <T> T collide(String requestId, Function<LedgerRequests.Collider, T> build);

  /** "services" or "insecure-share-files". */
  String kind();

  @Override
  void close();

  /**
   * Through the member services; every member left out of a successful run (down, refused,
   * cheated) is reported to {@code leftOut}; fewer than t answering throws
   * {@link io.lethe.committee.service.CommitteeUnavailableException} naming them.
   */
  static CommitteeSigner services(RemoteCommittee committee, Consumer<MemberFault> leftOut) {
    return new CommitteeSigner() {
      @Override
      public <T> T collide(String requestId, Function<LedgerRequests.Collider, T> build) {
        RemoteCommittee.Batched<T> b = committee.batched(requestId, build);
        b.batch().faults().forEach(leftOut);
        return b.value();
      }

      @Override
      public String kind() {
        return "services";
      }

      @Override
      public void close() {
        committee.close();
      }
    };
  }

  /**
   * INSECURE (offline/dev): collisions in this process from the share files of one folder. The
   * folder holds one committee key; a target hashed under a key index whose ledger key is not
   * the folder's is refused with a clear error (see {@link CommitteeFiles#collider}).
   */
  static CommitteeSigner insecureShareFiles(CommitteeFiles files, List<KeyEpoch> ledgerEpochs, SecureRandom rnd) {
    LedgerRequests.Collider collider = files.collider(rnd, ledgerEpochs);
    return new CommitteeSigner() {
      @Override
      public <T> T collide(String requestId, Function<LedgerRequests.Collider, T> build) {
        return build.apply(collider);
      }

      @Override
      public String kind() {
        return "insecure-share-files";
      }

      @Override
      public void close() {}
    };
  }
}
