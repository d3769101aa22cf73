package io.lethe.experiment;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import io.lethe.ledger.Method;
import java.io.IOException;

/** A {@link Method} as a JSON object key: its word ({@code retrain}, {@code gradient-ascent}, {@code obs}). */
final class MethodKeys {
  /**
   * The key results written before the one request vocabulary used for gradient ascent (the
   * committed {@code experiments/fmnist-14/*.json} files); read, never written.
   */
  static final String EARLIER_GRADIENT_ASCENT = "ga";

  private MethodKeys() {}

  static final class Writer extends JsonSerializer<Method> {
    @Override
    public void serialize(Method value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeFieldName(value.word());
    }
  }

  static final class Reader extends KeyDeserializer {
    @Override
    public Method deserializeKey(String key, DeserializationContext ctxt) throws IOException {
      if (key.equals(EARLIER_GRADIENT_ASCENT)) {
        return Method.GRADIENT_ASCENT;
      }
      try {
        return Method.parse(key);
      } catch (IllegalArgumentException e) {
        return (Method) ctxt.handleWeirdKey(Method.class, key, e.getMessage());
      }
    }
  }
}
