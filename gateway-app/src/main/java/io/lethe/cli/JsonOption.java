package io.lethe.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.lethe.json.JsonText;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * {@code --json}: machine-readable output, the same option on every command that has it
 * ({@code @Mixin JsonOption json;}). Output is pretty-printed JSON from {@link JsonText}.
 */
public final class JsonOption {
  @Option(names = "--json", description = "Print JSON (for scripts) instead of text.")
  boolean enabled;

  public boolean enabled() {
    return enabled;
  }

  /** Prints {@code value} as JSON to {@code out}. */
  public static void print(PrintWriter out, Object value) {
    try {
      out.println(JsonText.PRETTY.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
    out.flush();
  }
}
