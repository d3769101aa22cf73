package io.lethe.audit;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code report.html}: the report for people, from the mustache template
 * {@code io/lethe/audit/report.mustache}, self-contained (inline CSS, charts as data URIs, no
 * script, no external resource).
 */
public final class ReportHtml {
  private static final MustacheFactory FACTORY = new DefaultMustacheFactory("io/lethe/audit");

  private ReportHtml() {}

  public static String render(AuditReport r, String evidenceJson) throws IOException {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("request", r.request());
    view.put("channel", r.channel());
    view.put("generatedAt", r.generatedAt());
    view.put("auditor", r.auditor().identity() + " (" + r.auditor().mspId() + ", " + r.auditor().subject() + ")");
    view.put("forget", r.forget() == null ? "not given" : r.forget());
    view.put("verdict", r.verdict().name());
    view.put("verdictClass", r.verdict().name().toLowerCase());
    view.put("trusted", r.trusted());
    List<Map<String, Object>> checks = new ArrayList<>();
    for (CheckResult c : r.checks()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", c.name());
      m.put("verdict", c.verdict().name());
      m.put("verdictClass", c.verdict().name().toLowerCase());
      m.put("reason", c.reason());
      checks.add(m);
    }
    view.put("checks", checks);
    CheckResult models = r.check(BehaviourAudit.NAME);
    List<Map<String, Object>> rows = new ArrayList<>();
    List<Map<String, Object>> charts = new ArrayList<>();
    List<Map<String, Object>> membership = new ArrayList<>();
    if (models != null && models.evidence() instanceof BehaviourAudit.Evidence ev) {
      for (BehaviourAudit.ModelFigures f : ev.models()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", f.model());
        m.put("forgetBefore", fmt(f.forgetBefore()));
        m.put("forgetAfter", fmt(f.forgetAfter()));
        m.put("retainBefore", fmt(f.retainBefore()));
        m.put("retainAfter", fmt(f.retainAfter()));
        m.put("relearn", f.relearnForgetAccuracy() == null ? "—"
            : String.format("%.3f (recovered in %s)", f.relearnForgetAccuracy(),
                f.relearnStepsToRecover() > ev.relearn().maxSteps() ? "> " + ev.relearn().maxSteps() + " steps"
                    : f.relearnStepsToRecover() + " steps"));
        m.put("problem", f.problem() == null ? "" : f.problem());
        rows.add(m);
        MembershipAudit.Figures mi = f.membership();
        if (mi != null) {
          membership.add(Map.of("model", f.model(), "images", mi.members() + " + " + mi.nonMembers(),
              "aucBefore", fmt(mi.before().auc()), "aucAfter", fmt(mi.after().auc()),
              "tprBefore", fmt(mi.before().tprAt1PctFpr()), "tprAfter", fmt(mi.after().tprAt1PctFpr()),
              "reading", mi.reading()));
        }
      }
      addChart(charts, "A_f (forgotten classes) before and after, per model",
          ReportCharts.beforeAfter("A_f before / after", ev.models(), true));
      addChart(charts, "A_r (retained classes) before and after, per model",
          ReportCharts.beforeAfter("A_r before / after", ev.models(), false));
      addChart(charts, "Relearning attack (the auditor's own images, SGD from the model after): A_f per step, for the "
          + "models that knew the forgotten classes before", ReportCharts.relearn(ev.models()));
      addChart(charts, "MIA ROC: membership inference (owner's forgotten images vs the auditor's images of the same "
          + "classes), before and after, per model; the diagonal is guessing", ReportCharts.membershipRoc(ev.models()));
    }
    view.put("models", rows);
    view.put("charts", charts);
    view.put("membership", membership);
    view.put("hasMembership", !membership.isEmpty());
    CheckResult timeline = r.check(TimelineAudit.NAME);
    view.put("timeline", timeline != null && timeline.evidence() instanceof TimelineAudit.Evidence t ? t.transactions()
        .stream().map(e -> Map.<String, Object>of("tx", e.fabricTxId(), "function", e.function(), "block", e.block(),
            "time", e.time(), "valid", e.validationCode() == 0 ? "VALID" : "code " + e.validationCode(),
            "creator", e.creatorMsp())).toList() : List.of());
    view.put("evidence", evidenceJson);
    Mustache m = FACTORY.compile("report.mustache");
    StringWriter w = new StringWriter();
    m.execute(w, view).flush();
    return w.toString();
  }

  private static void addChart(List<Map<String, Object>> charts, String caption, String uri) {
    if (uri != null) {
      charts.add(Map.of("caption", caption, "uri", uri));
    }
  }

  private static String fmt(Double d) {
    return d == null ? "—" : String.format("%.3f", d);
  }
}
