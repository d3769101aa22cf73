package io.lethe.unlearning;

import java.util.Arrays;
import java.util.Locale;

/**
 * The unlearning algorithms the experiment compares, named for what they are. The ledger's
 * {@link io.lethe.ledger.Method} vocabulary (one method per paradigm) is separate: its
 * {@code gradient-ascent} is today's {@link GradientAscentUnlearning}, which is {@link #NEGGRAD_PLUS}
 * here, so {@code gradient-ascent} parses as {@code neggrad+}.
 */
public enum Algorithm {
  /** BlockFUL sequential paradigm: re-aggregate and re-train hop by hop (the reference). */
  RETRAIN("retrain", "re-aggregate and re-train every affected model in topological order; one consensus per model"),
  /** BlockFUL parallel paradigm as published: pure gradient ascent at the starts, gradient passing with the ε rule. */
  GA("ga", "pure gradient ascent on the forget set at each starting model, the change passed to descendants (α, ε); one consensus"),
  /** Today's gradient ascent: ascent with a retained-descent term per step, then repair steps (NegGrad+). */
  NEGGRAD_PLUS("neggrad+", "gradient ascent with retained-data descent in every step, then 40 repair steps, passed like ga; one consensus"),
  /** ZK-APEX zero-shot: provider mask, client Group OBS compensation. */
  OBS("obs", "provider saliency mask, each client zeroes it with Group OBS compensation; no training; one consensus"),
  /** Baseline: fine-tune every affected model on its owner's retained data (catastrophic forgetting). */
  FINETUNE("finetune", "fine-tune every affected model on its owner's retained data; one consensus"),
  /** Baseline: train the starting models on forget images with random retained labels (and retained data), passed like ga. */
  RANDOM_LABEL("random-label", "starting models train on forget images relabelled at random (plus retained data), passed like ga; one consensus"),
  /** Baseline: zero the forgotten classes' output row and bias in every affected model (what OBS must beat). */
  ROW_ZERO("row-zero", "zero the forgotten classes' output weights and biases in every affected model; one consensus"),
  /** Baseline (Kurmanji et al. 2023): teacher-student, max KL on forget images, min KL + CE on retained, passed like ga. */
  SCRUB("scrub", "starting models: student against the frozen original, max-steps raise KL on forget images, min-steps keep KL + CE on retained; passed like ga; one consensus"),
  /** Baseline (Fan et al. 2024): gradient-saliency mask, random-label fine-tuning of the masked weights only, passed like ga. */
  SALUN("salun", "starting models: mask the weights most salient to the forget loss, random-label fine-tune only those; passed like ga; one consensus"),
  /** Zero-shot: prune the penultimate units most specific to the forgotten classes, OBS-compensate the output layer, zero the class rows. */
  OBS_FEATURE("obs-feature", "prune the penultimate units most specific to the forget set (activation second moments), compensate the output layer by neuron-pruning OBS on retained reference activations, zero the class rows; no training; one consensus");

  private final String word;
  private final String description;

  Algorithm(String word, String description) {
    this.word = word;
    this.description = description;
  }

  public String word() {
    return word;
  }

  public String description() {
    return description;
  }

  public static Algorithm parse(String s) {
    String w = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
    if (w.equals("gradient-ascent")) {
      return NEGGRAD_PLUS;
    }
    for (Algorithm a : values()) {
      if (a.word.equals(w)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown unlearning method \"" + s + "\" (known: " + words()
        + "; gradient-ascent is neggrad+)");
  }

  public static String words() {
    return String.join(", ", Arrays.stream(values()).map(Algorithm::word).toList());
  }

  @Override
  public String toString() {
    return word;
  }
}
