package io.streambert.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Estimated fp32 peak of this machine: cores x GHz x FLOP per cycle, from /proc/cpuinfo.
 *
 * @param peakFlops the estimate in FLOP/s
 * @param assumption how it was computed, for the report
 */
record CpuPeak(double peakFlops, String assumption) {
  static CpuPeak estimate() {
    int cores = Runtime.getRuntime().availableProcessors();
    double ghz = 2.0;
    String ghzSource = "assumed (no /proc/cpuinfo)";
    boolean avx512 = false;
    boolean avx2 = false;
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
      for (String line : lines) {
        if (line.startsWith("cpu MHz") && ghzSource.startsWith("assumed")) {
          ghz = Double.parseDouble(line.substring(line.indexOf(':') + 1).strip()) / 1000;
          ghzSource = "cpu MHz of /proc/cpuinfo";
        }
        if (line.startsWith("flags")) {
          avx512 |= line.contains(" avx512f");
          avx2 |= line.contains(" avx2") && line.contains(" fma");
        }
      }
    } catch (IOException | RuntimeException e) {
      // Keep the defaults; the assumption string says so.
    }
    int flopPerCycle = avx512 ? 64 : 32;
    String isa =
        avx512
            ? "avx512f: 2 FMA units x 16 fp32 lanes x 2 = 64 FLOP/cycle"
            : (avx2 ? "AVX2 FMA" : "no AVX2 FMA flag seen, AVX2 FMA assumed")
                + ": 2 FMA units x 8 fp32 lanes x 2 = 32 FLOP/cycle";
    double peak = cores * ghz * 1e9 * flopPerCycle;
    String assumption =
        String.format(
            Locale.ROOT,
            "%d logical CPUs counted as cores x %.2f GHz (%s) x %d FLOP/cycle (%s)",
            cores,
            ghz,
            ghzSource,
            flopPerCycle,
            isa);
    return new CpuPeak(peak, assumption);
  }
}
