package io.lethe.contracts.fuzz;

import io.lethe.attack.AttackClass;
import io.lethe.attack.Mutation;
import java.util.List;

/**
 * An attack class as the in-memory suite tallies it: one of the shared {@link AttackClass}es,
 * or one only the in-memory peer can run ({@link #FOREIGN_IDENTITY}, {@link #FORGED_APPROVAL}).
 */
record InMemoryClass(String name, String label, List<Mutation> mutations) {
  static final InMemoryClass FOREIGN_IDENTITY = new InMemoryClass("FOREIGN_IDENTITY",
      "unknown MSP, non-committee admin or peer certificate", List.of(ForeignIdentity.values()));
  static final InMemoryClass FORGED_APPROVAL = new InMemoryClass("FORGED_APPROVAL",
      "forged or replayed governance approvals", List.of(ForgedApproval.values()));
  /** How many classes the suite runs: every shared one and the two of its own. */
  static final int COUNT = AttackClass.values().length + 2;

  static InMemoryClass of(AttackClass cls) {
    return new InMemoryClass(cls.name(), cls.label(), cls.mutations());
  }

  @Override
  public String toString() {
    return name;
  }
}
