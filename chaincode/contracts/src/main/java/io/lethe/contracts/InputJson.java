package io.lethe.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.Json;

/** Parses caller input with the ledger's JSON rules; every failure is INVALID_ARGUMENT. */
public final class InputJson {
  private InputJson() {}

  public static <T> T parse(byte[] json, Class<T> type, String what) {
    Check.require(json != null && json.length > 0, ErrorCode.INVALID_ARGUMENT, what + " is missing");
    try {
      return Json.MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw Check.fail(ErrorCode.INVALID_ARGUMENT,
          what + " is not valid JSON for " + type.getSimpleName() + ": " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw Check.fail(ErrorCode.INVALID_ARGUMENT, what + " could not be read: " + e.getMessage());
    }
  }
}
