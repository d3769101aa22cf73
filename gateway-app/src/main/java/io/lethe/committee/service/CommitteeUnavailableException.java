package io.lethe.committee.service;

import java.util.List;

/** Fewer than t members could take part: nothing was signed; {@link #faults()} names every missing member. */
public final class CommitteeUnavailableException extends RuntimeException {
  private final List<MemberFault> faults;

  public CommitteeUnavailableException(int available, int threshold, int members, List<MemberFault> faults) {
    super("committee unavailable: " + available + " of " + members + " members can sign, " + threshold
        + " are needed; " + String.join("; ", faults.stream().map(MemberFault::toString).toList()));
    this.faults = List.copyOf(faults);
  }

  public List<MemberFault> faults() {
    return faults;
  }

  public List<Integer> missingMembers() {
    return faults.stream().map(MemberFault::member).distinct().sorted().toList();
  }
}
