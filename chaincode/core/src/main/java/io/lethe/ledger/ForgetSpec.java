package io.lethe.ledger;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a request asks to forget, in the one syntax the ledger, the CLI and the experiments
 * share: {@code classes:C[,C…]} (Fashion-MNIST labels 0–9, any order, written back sorted) or
 * {@code samples:NAME} (a sample set the owner names, e.g. {@code samples:user8-0..99}).
 */
public record ForgetSpec(Kind kind, Set<Integer> classes, String samples) {
  public enum Kind { CLASSES, SAMPLES }

  public static final int CLASS_COUNT = 10;
  private static final int MAX_SAMPLES_NAME = 256;

  public ForgetSpec {
    classes = classes == null ? Set.of() : Set.copyOf(new TreeSet<>(classes));
  }

  public static ForgetSpec classes(Set<Integer> classes) {
    return parse("classes:" + String.join(",", new TreeSet<>(classes).stream().map(String::valueOf).toList()));
  }

  public static ForgetSpec parse(String s) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException("forget spec is missing; expected classes:C[,C…] or samples:NAME");
    }
    String spec = s.trim();
    if (spec.startsWith("classes:")) {
      TreeSet<Integer> cs = new TreeSet<>();
      for (String part : spec.substring("classes:".length()).split(",", -1)) {
        int c;
        try {
          c = Integer.parseInt(part.trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("forget spec \"" + s + "\": \"" + part + "\" is not a class number");
        }
        if (c < 0 || c >= CLASS_COUNT) {
          throw new IllegalArgumentException("forget spec \"" + s + "\": class " + c + " is outside 0.." + (CLASS_COUNT - 1));
        }
        if (!cs.add(c)) {
          throw new IllegalArgumentException("forget spec \"" + s + "\": class " + c + " repeats");
        }
      }
      if (cs.size() == CLASS_COUNT) {
        throw new IllegalArgumentException("forget spec \"" + s + "\": forgetting every class leaves nothing to retain");
      }
      return new ForgetSpec(Kind.CLASSES, cs, null);
    }
    if (spec.startsWith("samples:")) {
      String name = spec.substring("samples:".length());
      if (name.isEmpty() || name.length() > MAX_SAMPLES_NAME || name.chars().anyMatch(ch -> Character.isISOControl(ch) || Character.isWhitespace(ch))) {
        throw new IllegalArgumentException("forget spec \"" + s + "\": samples:NAME needs 1.." + MAX_SAMPLES_NAME
            + " printable characters without spaces");
      }
      return new ForgetSpec(Kind.SAMPLES, Set.of(), name);
    }
    throw new IllegalArgumentException("forget spec \"" + s + "\" must start with classes: or samples:");
  }

  /** The canonical text: what the ledger stores. */
  @Override
  public String toString() {
    if (kind == Kind.SAMPLES) {
      return "samples:" + samples;
    }
    List<String> cs = new TreeSet<>(classes).stream().map(String::valueOf).toList();
    return "classes:" + String.join(",", cs);
  }
}
