package io.lethe.chameleon.committee;

import java.util.List;

/** Some signature shares failed their check; {@link #members()} names who sent them. */
public final class CheatingMembersException extends RuntimeException {
  private final List<Integer> members;

  public CheatingMembersException(List<Integer> members) {
    this("invalid signature share", members);
  }

  /** {@code what} names the misbehaviour, e.g. "invalid DKG share". */
  public CheatingMembersException(String what, List<Integer> members) {
    super(what + " from member" + (members.size() == 1 ? " " : "s ") + members);
    this.members = List.copyOf(members);
  }

  public List<Integer> members() {
    return members;
  }
}
