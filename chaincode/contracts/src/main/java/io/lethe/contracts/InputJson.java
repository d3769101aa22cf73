package io.lethe.contracts;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.lethe.ledger.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;

/**
 * Parses caller input; every failure is INVALID_ARGUMENT. Input is size-capped before the
 * parser sees it, so no caller makes an endorser build a huge tree.
 *
 * <p>Stricter than the ledger's record mapper: a caller's input is exactly one JSON object
 * whose fields each appear once and carry their own JSON type. Jackson's defaults would accept
 * content after the object, repeated fields (last one wins), {@code null} as the whole input,
 * and coerce {@code "3"}, {@code 3.7}, {@code null} or a missing field to the number a field
 * holds, {@code "false"} / {@code 0} to a boolean, {@code 1} / {@code true} to a string, and decode byte sequences that are not
 * UTF-8 (e.g. overlong forms), so a malformed redaction could pass.
 */
public final class InputJson {
  /** Largest JSON input (a 512-model publish or redaction with its headers fits in well under this). */
  public static final int MAX_BYTES = 4 << 20;

  private static final ObjectMapper STRICT = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
          DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      // ALLOW_COERCION_OF_SCALARS does not cover numbers and booleans read into strings
      .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
      .build();

  private InputJson() {}

  public static <T> T parse(byte[] json, Class<T> type, String what) {
    Check.require(json != null && json.length > 0, ErrorCode.INVALID_ARGUMENT, what + " is missing");
    Check.require(json.length <= MAX_BYTES, ErrorCode.INVALID_ARGUMENT,
        what + " is " + json.length + " bytes; at most " + MAX_BYTES + " are accepted");
    try {
      UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(json));
    } catch (CharacterCodingException e) {
      throw Check.fail(ErrorCode.INVALID_ARGUMENT, what + " is not UTF-8");
    }
    T value;
    try {
      value = STRICT.readValue(json, type);
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
