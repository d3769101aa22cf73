package io.lethe.attack;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One transaction proposal: who signs it ({@code identity}: a connection-profile name such as
 * {@code committee1}, {@code committee1-admin}, {@code user7}, {@code auditor-admin}; the
 * in-memory peer also takes {@code MSP/name/nodeOU}), which contract and function, the orgs
 * whose peers endorse it (empty: the side's default), the transient {@code redaction} bytes
 * (null: none) and the plain arguments (an element may be null where only the in-memory peer
 * can pass one: a missing argument).
 */
public record Call(String identity, String contract, String function, List<String> endorsers, byte[] redaction,
    List<String> args) {
  public Call {
    endorsers = List.copyOf(endorsers);
    args = Collections.unmodifiableList(new ArrayList<>(args));
  }
}
