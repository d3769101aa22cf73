package io.lethe.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of the network's processes by component, from {@code /proc/PID/stat} (utime + stime)
 * of the PIDs {@code network.sh} recorded under {@code <network dir>/pids}, plus this client JVM.
 * Two snapshots around a phase give each component's share of the machine in it, which names
 * the bottleneck. Linux only; elsewhere (or for a process gone) a component reads as absent.
 */
public final class ComponentCpu {
  /** Linux's USER_HZ: /proc reports CPU times in these ticks on every mainstream architecture. */
  private static final double TICKS_PER_SECOND = 100.0;

  /** CPU seconds per component at one instant. */
  public record Snapshot(Map<String, Double> seconds, long nanoTime) {}

  /** One component over a phase: CPU seconds and their ratio to the phase's wall time (1.0 = one core busy). */
  public record Usage(double cpuSeconds, double cores) {}

  private final Path pids;

  public ComponentCpu(Path networkDir) {
    this.pids = networkDir.resolve("pids");
  }

  public Snapshot snapshot() {
    Map<String, Double> out = new TreeMap<>();
    if (Files.isDirectory(pids)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(pids, "*.pid")) {
        for (Path f : files) {
          String name = f.getFileName().toString().replaceFirst("\\.pid$", "");
          String[] words = Files.readString(f).trim().split("\\s+");
          Double s = cpuSeconds(words[0]);
          if (s != null) {
            out.merge(component(name), s, Double::sum);
          }
        }
      } catch (IOException e) {
        // a pid file removed meanwhile: what was read stays
      }
    }
    Double self = cpuSeconds("self");
    if (self != null) {
      out.put("benchClient", self);
    }
    return new Snapshot(out, System.nanoTime());
  }

  /** Per component: CPU seconds between the snapshots, and cores used on average. */
  public static Map<String, Usage> between(Snapshot a, Snapshot b) {
    double wall = (b.nanoTime() - a.nanoTime()) / 1e9;
    Map<String, Usage> out = new LinkedHashMap<>();
    b.seconds().forEach((k, v) -> {
      double d = v - a.seconds().getOrDefault(k, 0.0);
      out.put(k, new Usage(round(d), round(d / wall)));
    });
    return out;
  }

  /** peer (the four peers), orderer, chaincode, sealer, committeeServices. */
  static String component(String pidName) {
    if (pidName.startsWith("orderer")) {
      return "orderer";
    }
    if (pidName.endsWith("-service")) {
      return "committeeServices";
    }
    if (pidName.equals("chaincode") || pidName.equals("sealer")) {
      return pidName;
    }
    return "peer";
  }

  private static Double cpuSeconds(String pid) {
    try {
      String stat = Files.readString(Path.of("/proc", pid, "stat"));
      // fields after the command name (which may hold spaces) start after the last ')'
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND; // utime, stime (fields 14, 15)
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static double round(double x) {
    return Math.round(x * 100) / 100.0;
  }
}
