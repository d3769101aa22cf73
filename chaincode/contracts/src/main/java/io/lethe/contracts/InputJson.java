package io.lethe.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.Json;

/**
 * Parses caller input with the ledger's JSON rules; every failure is INVALID_ARGUMENT. Input is
 * size-capped before the parser sees it, so no caller makes an endorser build a huge tree.
 */
public final class InputJson {
  /** Largest JSON input (a 512-model publish or redaction with its headers fits in well under this). */
  public static final int MAX_BYTES = 4 << 20;

  private InputJson() {}

  public static <T> T parse(byte[] json, Class<T> type, String what) {
    Check.require(json != null && json.length > 0, ErrorCode.INVALID_ARGUMENT, what + " is missing");
    Check.require(json.length <= MAX_BYTES, ErrorCode.INVALID_ARGUMENT,
        what + " is " + json.length + " bytes; at most " + MAX_BYTES + " are accepted");
    T value;
    try {
      value = Json.MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw Check.fail(ErrorCode.INVALID_ARGUMENT,
          what + " is not valid JSON for " + type.getSimpleName() + ": " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw Check.fail(ErrorCode.INVALID_ARGUMENT, what + " could not be read: " + e.getMessage());
    }
    Check.require(value != null, ErrorCode.INVALID_ARGUMENT, what + " must be a JSON object, not null");
    return value;
  }
}
