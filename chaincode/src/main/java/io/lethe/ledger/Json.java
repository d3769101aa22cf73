package io.lethe.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lethe.system.ErrorCode;
import java.nio.charset.StandardCharsets;
import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * JSON of ledger records. Field order is the record's declaration order and maps are sorted,
 * so every endorser writes byte-identical values.
 */
public final class Json {
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
          .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private Json() {}

  public static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String string(Object value) {
    return new String(bytes(value), StandardCharsets.UTF_8);
  }

  /** Parses a stored record; a failure here means corrupted state, not bad input. */
  public static <T> T read(byte[] json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("corrupt " + type.getSimpleName() + " record: " + e.getMessage(), e);
    }
  }

  /** Parses caller input; failures are INVALID_ARGUMENT. */
  public static <T> T input(byte[] json, Class<T> type, String what) {
    if (json == null || json.length == 0) {
      throw new ChaincodeException(what + " is missing", ErrorCode.INVALID_ARGUMENT.payload());
    }
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new ChaincodeException(
          what + " is not valid JSON for " + type.getSimpleName() + ": " + e.getOriginalMessage(),
          ErrorCode.INVALID_ARGUMENT.payload());
    } catch (java.io.IOException e) {
      throw new ChaincodeException(
          what + " could not be read: " + e.getMessage(),
          ErrorCode.INVALID_ARGUMENT.payload());
    }
  }
}
