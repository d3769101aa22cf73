package io.lethe.ledger;

/**
 * Names of the transient-map fields that carry private inputs to the live ledger (payloads go
 * into the live collection, never into the transaction's arguments).
 */
public final class TransientFields {
  /** {@code LiveLedger:Publish}: JSON {@link Inputs.Publish}. */
  public static final String PUBLISH = "publish";
  /** {@code LiveLedger:OpenRequest}: JSON {@link Inputs.OpenRequest}. */
  public static final String REQUEST = "request";
  /** {@code LiveLedger:RedactOne} / {@code RedactBatch}: JSON {@link Inputs.Redaction}. */
  public static final String REDACTION = "redaction";
  /** {@code LiveLedger:RecordMask}: JSON {@link Inputs.RecordMask} (the mask may reveal the forgotten class). */
  public static final String MASK = "mask";

  private TransientFields() {}
}
