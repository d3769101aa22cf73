package io.lethe.ledger;

import java.util.Comparator;
import java.util.List;

/**
 * What the cascade computation needs of an inheritance DAG: a model's refs (the models it
 * aggregated), its children, and a topological order. The live ledger and the FL engine's
 * {@link InheritanceDag} both provide it, so both compute one cascade with one rule.
 */
public interface DagView {
  /** The refs of {@code id}; throws when the model is unknown. */
  List<String> refs(String id);

  /** The models that list {@code id} among their refs. */
  List<String> children(String id);

  /** An order in which every model comes after its refs (publication order). */
  Comparator<String> topologicalOrder();
}
