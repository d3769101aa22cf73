package io.lethe.unlearning;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Map;

/** What an {@link Unlearner} reports about its run, tagged by {@code kind} in JSON. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = RunDetails.Sequential.class, name = "sequential"),
    @JsonSubTypes.Type(value = RunDetails.Passing.class, name = "passing"),
    @JsonSubTypes.Type(value = RunDetails.Obs.class, name = "obs"),
    @JsonSubTypes.Type(value = RunDetails.Local.class, name = "local"),
    @JsonSubTypes.Type(value = RunDetails.Salient.class, name = "salient"),
    @JsonSubTypes.Type(value = RunDetails.Features.class, name = "features")})
public sealed interface RunDetails {
  /** Ledger consensus rounds the method's rewrites need: one per model (sequential) or one for all. */
  int consensusRounds();

  /** Retrain: one consensus per model. */
  record Sequential(int consensusRounds) implements RunDetails {}

  /**
   * A change made at the starting models and passed to the descendants; {@code relativeEpsilon},
   * when set, is the ε rule's threshold as a fraction of the largest starting change (the
   * absolute ε the run used is {@code passing.epsilon()}).
   */
  record Passing(GradientAscentUnlearning.Details passing, Double relativeEpsilon) implements RunDetails {
    @Override
    public int consensusRounds() {
      return passing.consensusRounds();
    }
  }

  /** ZK-APEX mask + Group OBS. */
  record Obs(ObsUnlearning.Details obs) implements RunDetails {
    @Override
    public int consensusRounds() {
      return obs.consensusRounds();
    }
  }

  /** SalUn: passed like {@link Passing}, with each starting model's saliency mask summarised. */
  record Salient(GradientAscentUnlearning.Details passing, Double relativeEpsilon,
      Map<String, SalUnUnlearning.MaskSummary> masks) implements RunDetails {
    @Override
    public int consensusRounds() {
      return passing.consensusRounds();
    }
  }

  /** Every affected model changed on its own (fine-tune, row zeroing): SGD steps per model. */
  record Local(Map<String, Integer> steps, int consensusRounds) implements RunDetails {}

  /** {@code obs-feature}: the penultimate units pruned in each affected model. */
  record Features(Map<String, ObsFeatureUnlearning.UnitPruning> pruning, int consensusRounds) implements RunDetails {}
}
