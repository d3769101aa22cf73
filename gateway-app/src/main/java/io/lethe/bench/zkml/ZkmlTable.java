package io.lethe.bench.zkml;

import io.lethe.bench.zkml.ModelCell.Basis;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's cells and their markdown: per chunk what each backend measured, per model the
 * cost of a dense update (measured or computed, labelled), and where each backend stops fitting.
 */
public final class ZkmlTable {
  /** Limits a model's proofs must keep to "fit": prove CPU seconds and peak memory. */
  public record Budget(double proveCpuSeconds, long memoryMiB) {}

  /** Where one backend stops fitting: the largest model that fits and the first that does not (null: none). */
  public record Limit(String backend, String statement, String largestFitting, String firstNotFitting, String why) {}

  private ZkmlTable() {}

  public static List<ModelCell> cells(List<ChunkMeasurement> runs, List<ModelSize> models, Budget budget) {
    List<ModelCell> out = new ArrayList<>();
    for (ChunkMeasurement r : runs) {
      for (ModelSize m : models) {
        out.add(cell(r, m, budget));
      }
    }
    return out;
  }

  static ModelCell cell(ChunkMeasurement r, ModelSize m, Budget budget) {
    int c = m.chunks();
    if (!r.available()) {
      return new ModelCell(r.backend(), r.statement(), m.name(), m.weights(), c, Basis.UNAVAILABLE, Double.NaN, Double.NaN,
          0, 0, false, r.reason());
    }
    Basis basis;
    double wall;
    double cpu;
    if (c <= r.chunksProven()) {
      basis = Basis.MEASURED;
      wall = r.proveMillisEach().subList(0, c).stream().mapToLong(Long::longValue).sum() / 1000.0;
      cpu = r.proveCpuMillisEach().subList(0, c).stream().mapToLong(Long::longValue).sum() / 1000.0;
    } else {
      basis = Basis.COMPUTED;
      wall = r.meanProveMillis() * c / 1000.0;
      cpu = r.meanProveCpuMillis() * c / 1000.0;
    }
    List<String> why = new ArrayList<>();
    if (cpu > budget.proveCpuSeconds()) {
      why.add(String.format(Locale.ROOT, "prove CPU %,.0f s > budget %,.0f s", cpu, budget.proveCpuSeconds()));
    }
    if (r.peakRssMiB() > budget.memoryMiB()) {
      why.add(String.format(Locale.ROOT, "peak %,d MiB > %,d MiB", r.peakRssMiB(), budget.memoryMiB()));
    }
    return new ModelCell(r.backend(), r.statement(), m.name(), m.weights(), c, basis, round1(wall), round1(cpu),
        r.peakRssMiB(), c * r.proofBytes(), why.isEmpty(), String.join("; ", why));
  }

  /** Per backend and statement, in model order: the largest model that fits and the first that does not. */
  public static List<Limit> limits(List<ChunkMeasurement> runs, List<ModelCell> cells) {
    List<Limit> out = new ArrayList<>();
    for (ChunkMeasurement r : runs) {
      String fit = null;
      ModelCell first = null;
      for (ModelCell c : cells) {
        if (!c.backend().equals(r.backend()) || !c.statement().equals(r.statement())) {
          continue;
        }
        if (c.fits() && first == null) {
          fit = c.model();
        } else if (!c.fits() && first == null) {
          first = c;
        }
      }
      out.add(new Limit(r.backend(), r.statement(), fit, first == null ? null : first.model(), first == null ? "" : first.why()));
    }
    return out;
  }

  public static String markdown(List<ChunkMeasurement> runs, List<ModelCell> cells, Budget budget) {
    StringBuilder s = new StringBuilder();
    s.append("Per chunk (1,024 weights; each proof verified; times: wall / process CPU)\n\n");
    s.append("| backend | statement | circuit | setup | setup wall / CPU | prove per chunk, wall / CPU | chunks proven | peak RSS | proof | verify | note |\n");
    s.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (ChunkMeasurement r : runs) {
      if (!r.available()) {
        s.append(String.format(Locale.ROOT, "| %s | %s | — | — | — | — | 0 | — | — | — | **cannot run: %s** |\n",
            r.backend(), r.statement(), esc(r.reason())));
        continue;
      }
      s.append(String.format(Locale.ROOT, "| %s | %s | %,d %s | %s | %s / %s | %s / %s | %d | %,d MiB | %,d B | %.1f ms | %s |\n",
          r.backend(), r.statement(), r.size(), r.sizeUnit(), esc(r.setupKind()), secs(r.setupMillis() / 1000.0),
          secs(r.setupCpuMillis() / 1000.0), secs(r.meanProveMillis() / 1000.0), secs(r.meanProveCpuMillis() / 1000.0),
          r.chunksProven(), r.peakRssMiB(), r.proofBytes(), r.verifyMillis(), esc((r.tool() + " " + r.note()).trim())));
    }
    s.append(String.format(Locale.ROOT, "%nPer model (dense update: every chunk proven, one proof at a time; MEASURED = that many "
        + "chunk proofs made in this run, COMPUTED = per-chunk mean × chunks; fits = prove CPU ≤ %,.0f s and peak ≤ %,d MiB)%n%n",
        budget.proveCpuSeconds(), budget.memoryMiB()));
    s.append("| model | weights | chunks | backend | statement | basis | prove wall | prove CPU | peak RSS | proofs | fits |\n");
    s.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (ModelCell c : cells) {
      if (c.basis() == Basis.UNAVAILABLE) {
        s.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %s | %s | — | — | — | — | — | no: cannot run |\n",
            c.model(), c.weights(), c.chunks(), c.backend(), c.statement()));
        continue;
      }
      s.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %s | %s | %s | %s | %s | %,d MiB | %s | %s |\n", c.model(),
          c.weights(), c.chunks(), c.backend(), c.statement(), c.basis(), secs(c.proveSeconds()), secs(c.proveCpuSeconds()),
          c.peakRssMiB(), bytes(c.bundleBytes()), c.fits() ? "yes" : "no: " + c.why()));
    }
    s.append("\nWhere each backend stops fitting\n\n| backend | statement | largest model that fits | first that does not | why |\n");
    s.append("| --- | --- | --- | --- | --- |\n");
    for (Limit l : limits(runs, cells)) {
      s.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |\n", l.backend(), l.statement(),
          l.largestFitting() == null ? "none" : l.largestFitting(), l.firstNotFitting() == null ? "— (all fit)" : l.firstNotFitting(),
          esc(l.why())));
    }
    return s.toString();
  }

  static String secs(double s) {
    if (Double.isNaN(s)) {
      return "—";
    }
    return s >= 100 ? String.format(Locale.ROOT, "%,.0f s", s) : String.format(Locale.ROOT, "%.1f s", s);
  }

  static String bytes(long b) {
    return b >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MiB", b / (double) (1 << 20))
        : b >= 10 * 1024 ? String.format(Locale.ROOT, "%.0f KiB", b / 1024.0) : String.format(Locale.ROOT, "%,d B", b);
  }

  private static String esc(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }

  private static double round1(double x) {
    return Math.round(x * 10) / 10.0;
  }
}
