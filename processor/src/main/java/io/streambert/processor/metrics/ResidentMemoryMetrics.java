package io.streambert.processor.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * The process's resident set size as gauge {@code process_resident_memory_bytes}, read from {@code
 * VmRSS} in {@code /proc/self/status}.
 *
 * <p>The JVM heap metrics miss most of the processor's memory: the ONNX Runtime session, its
 * weights and arenas, and RocksDB live outside the heap. On systems without {@code /proc} (macOS,
 * Windows) the gauge is not registered, rather than reporting a made-up value.
 */
public final class ResidentMemoryMetrics implements MeterBinder {

  /** Meter name; Prometheus exposes it as {@code process_resident_memory_bytes}. */
  public static final String RESIDENT_MEMORY = "process.resident.memory";

  /** Where Linux reports the calling process's status. */
  public static final Path PROC_SELF_STATUS = Path.of("/proc/self/status");

  private final Path status;

  /** Reads {@link #PROC_SELF_STATUS}. */
  public ResidentMemoryMetrics() {
    this(PROC_SELF_STATUS);
  }

  /** Reads {@code status}, a file in the format of {@code /proc/self/status}. */
  public ResidentMemoryMetrics(Path status) {
    this.status = status;
  }

  /** Registers the gauge when {@code VmRSS} can be read now; otherwise registers nothing. */
  @Override
  public void bindTo(MeterRegistry registry) {
    if (read(status).isEmpty()) {
      return;
    }
    Gauge.builder(RESIDENT_MEMORY, this, ResidentMemoryMetrics::currentBytes)
        .description("Resident set size of the process (heap, native model memory, RocksDB)")
        .baseUnit(BaseUnits.BYTES)
        .strongReference(true)
        .register(registry);
  }

  /** The resident set size now, NaN when it cannot be read (any more). */
  private double currentBytes() {
    OptionalLong bytes = read(status);
    return bytes.isPresent() ? bytes.getAsLong() : Double.NaN;
  }

  /** This process's resident memory in bytes, or empty where {@code /proc} has no such line. */
  public static OptionalLong current() {
    return read(PROC_SELF_STATUS);
  }

  /** {@code VmRSS} of {@code status} in bytes, or empty when the file or the line is missing. */
  static OptionalLong read(Path status) {
    try {
      return parseVmRss(Files.readAllLines(status));
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /** {@code VmRSS: 123456 kB} in bytes, or empty when no such line is there. */
  static OptionalLong parseVmRss(List<String> statusLines) {
    for (String line : statusLines) {
      if (!line.startsWith("VmRSS:")) {
        continue;
      }
      String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
      try {
        long value = Long.parseLong(parts[0]);
        long unit = parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? 1024 : 1;
        return OptionalLong.of(value * unit);
      } catch (NumberFormatException e) {
        return OptionalLong.empty();
      }
    }
    return OptionalLong.empty();
  }
}
