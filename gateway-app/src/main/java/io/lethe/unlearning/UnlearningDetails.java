package io.lethe.unlearning;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What an unlearning method reports about its run, besides models and times. Written to JSON
 * without a type tag (the result keys it by method); read back by its fields: a record that
 * holds only {@code consensusRounds} is a retrain's.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.DEDUCTION, defaultImpl = RetrainUnlearning.Details.class)
@JsonSubTypes({
    @JsonSubTypes.Type(RetrainUnlearning.Details.class),
    @JsonSubTypes.Type(GradientAscentUnlearning.Details.class),
    @JsonSubTypes.Type(ObsUnlearning.Details.class)})
public sealed interface UnlearningDetails
    permits RetrainUnlearning.Details, GradientAscentUnlearning.Details, ObsUnlearning.Details {
  /** Ledger consensus rounds the method's rewrites need: one per model (sequential) or one for all. */
  int consensusRounds();
}
