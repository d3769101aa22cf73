package io.lethe.chameleon.committee;

import java.util.List;

/** Some signature shares failed their check; {@link #members()} names who sent them. */
public final class CheatingMembersException extends RuntimeException {
  private final List<Integer> members;

  public CheatingMembersException(List<Integer> members) {
    super("invalid signature share from member" + (members.size() == 1 ? " " : "s ") + members);
    this.members = List.copyOf(members);
  }

  public List<Integer> members() {
    return members;
  }
}
