package io.lethe.chameleon.committee;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Round 2 input, the same for every signer: the target and the commitment list {@code B} of the
 * signer set, sorted by member identifier, one entry per member.
 */
public record SigningPackage(AdaptTarget target, List<NonceCommitment> commitments) {
  public SigningPackage {
    if (target == null || commitments == null || commitments.isEmpty()) {
      throw new IllegalArgumentException("a signing package needs a target and at least one commitment");
    }
    List<NonceCommitment> sorted = new ArrayList<>(commitments);
    sorted.sort(Comparator.comparingInt(NonceCommitment::member));
    for (int k = 1; k < sorted.size(); k++) {
      if (sorted.get(k).member() == sorted.get(k - 1).member()) {
        throw new IllegalArgumentException("member " + sorted.get(k).member() + " appears twice in the commitment list");
      }
    }
    commitments = List.copyOf(sorted);
  }

  public List<Integer> signers() {
    return commitments.stream().map(NonceCommitment::member).toList();
  }

  public NonceCommitment commitmentOf(int member) {
    for (NonceCommitment c : commitments) {
      if (c.member() == member) {
        return c;
      }
    }
    throw new IllegalArgumentException("member " + member + " has no commitment in this package");
  }

  /** The encoded commitment list {@code B = ‖_i (I2OSP(i,32) ‖ SEC1c(D_i) ‖ SEC1c(E_i))}. */
  public byte[] encodedCommitmentList() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(commitments.size() * 98);
    for (NonceCommitment c : commitments) {
      out.writeBytes(c.encode());
    }
    return out.toByteArray();
  }
}
