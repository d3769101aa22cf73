package io.lethe.audit;

import java.util.List;
import java.util.Map;

/**
 * The signed body of {@code report.json} (format {@value #FORMAT}). {@code files}: SHA-256 of
 * every other file of the report folder (the HTML, the exports and the blocks the checks used),
 * so the signature covers them too.
 */
public record AuditReport(String format, String request, String channel, String generatedAt, Auditor auditor,
    String forget, List<String> trusted, Verdict verdict, List<CheckResult> checks, Map<String, String> files) {
  public static final String FORMAT = "lethe.audit-report.v1";

  public record Auditor(String identity, String mspId, String subject) {}

  /** What every auditor takes as trusted: the checks cannot see behind these. */
  public static final List<String> TRUSTED = List.of(
      "each client's training step and local data (the ledger and the proofs bind the update to the published weights, "
          + "not to how the client obtained them)",
      "the Fisher / saliency provenance of zero-shot (obs) updates: computed by the provider, not proven",
      "the auditor's own held-out test data (Fashion-MNIST test split) that A_f and A_r are measured on",
      "the forget specification as the auditor was given it (the ledger keeps only its salted commitment)",
      "the network's crypto material (org CA certificates) as the trust anchors of endorsements and of this signature,"
          + " its orderer org CA and the channel's config block (SmartBFT consenters) as those of block signatures",
      "the committee key(s) as pinned by governance");

  public CheckResult check(String name) {
    return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
  }
}
