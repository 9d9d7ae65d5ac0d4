package io.streambert.processor.it.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time (user + system) of named processes, read from {@code /proc/PID/stat}: where the cores
 * went during a run, independent of what else shared them.
 */
final class ProcessCpu {

  /** Linux reports utime and stime in clock ticks of 1/100 s on every mainstream kernel config. */
  private static final double MILLIS_PER_TICK = 10.0;

  private final Map<String, Long> pids;

  ProcessCpu(Map<String, Long> pids) {
    this.pids = Map.copyOf(pids);
  }

  /** CPU milliseconds used so far by each process (-1 when unreadable, e.g. not on Linux). */
  Map<String, Double> snapshot() {
    Map<String, Double> out = new LinkedHashMap<>();
    pids.forEach((name, pid) -> out.put(name, cpuMillis(pid)));
    return out;
  }

  /** CPU milliseconds of {@code pid} so far, or -1 when {@code /proc} cannot tell. */
  static double cpuMillis(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * MILLIS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Per-process CPU milliseconds between two snapshots, divided by {@code records}. */
  static Map<String, Double> perRecord(
      Map<String, Double> before, Map<String, Double> after, int records) {
    Map<String, Double> out = new LinkedHashMap<>();
    before.forEach(
        (name, start) -> {
          double end = after.get(name);
          out.put(name, start < 0 || end < 0 ? Double.NaN : (end - start) / records);
        });
    return out;
  }
}
