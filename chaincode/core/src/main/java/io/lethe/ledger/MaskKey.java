package io.lethe.ledger;

/**
 * Where the chaincode keeps the zero-shot provider's mask of (request, model, version): collection
 * {@value #COLLECTION}, under Fabric's composite key of object type {@value #OBJECT_TYPE} and the
 * three attributes, the version zero-padded to 20 digits. Written out here so that an auditor can
 * find the hash of a recorded mask among the private writes of the block that recorded it.
 */
public final class MaskKey {
  public static final String COLLECTION = "requests";
  public static final String OBJECT_TYPE = "lethe.mask";

  private MaskKey() {}

  /** The composite key's string form ({@code \0type\0attr\0…\0}, as the shim's {@code CompositeKey.toString}). */
  public static String of(String requestId, String modelId, long version) {
    return "\u0000" + OBJECT_TYPE + "\u0000" + requestId + "\u0000" + modelId + "\u0000" + String.format("%020d", version)
        + "\u0000";
  }
}
