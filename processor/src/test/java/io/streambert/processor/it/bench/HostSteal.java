package io.streambert.processor.it.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The share of the host's CPU time that its hypervisor gave to other guests ("steal" in {@code
 * /proc/stat}) over a run: on a shared virtual machine the cores the benchmark sees come and go,
 * and a latency tail measured while a quarter of them was stolen says more about the host than
 * about the pipeline.
 */
final class HostSteal {

  private final long stolen;
  private final long total;

  private HostSteal(long stolen, long total) {
    this.stolen = stolen;
    this.total = total;
  }

  /** The host's counters now; both zero where {@code /proc/stat} cannot be read. */
  static HostSteal now() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
        if (line.startsWith("cpu ")) {
          String[] f = line.trim().split("\\s+");
          long total = 0;
          // user nice system idle iowait irq softirq steal (guest time is inside user).
          for (int i = 1; i <= 8 && i < f.length; i++) {
            total += Long.parseLong(f[i]);
          }
          return new HostSteal(f.length > 8 ? Long.parseLong(f[8]) : 0, total);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: no figure.
    }
    return new HostSteal(0, 0);
  }

  /** Percent of all CPU time since {@code before} that was stolen, or NaN when unknown. */
  double percentSince(HostSteal before) {
    long elapsed = total - before.total;
    return elapsed <= 0 ? Double.NaN : 100.0 * (stolen - before.stolen) / elapsed;
  }
}
