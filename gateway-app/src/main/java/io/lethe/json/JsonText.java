package io.lethe.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The application's JSON mappers: one configuration for every command and file it writes. */
public final class JsonText {
  /** Compact, for values passed on (ledger inputs, files read by other tools). */
  public static final ObjectMapper COMPACT = new ObjectMapper();
  /** Indented, for people and for {@code --json} output. */
  public static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonText() {}
}
