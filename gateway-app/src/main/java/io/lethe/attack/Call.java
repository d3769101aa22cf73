package io.lethe.attack;

import java.util.List;

/**
 * One transaction proposal sent through the Fabric Gateway: who signs it ({@code identity}, a
 * connection-profile name), which contract function, the orgs whose peers endorse it, the
 * transient {@code redaction} bytes (null: none) and the plain arguments.
 */
public record Call(String identity, String contract, String function, List<String> endorsers, byte[] redaction,
    List<String> args) {
  public Call {
    endorsers = List.copyOf(endorsers);
    args = List.copyOf(args);
  }
}
