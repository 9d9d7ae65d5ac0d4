package io.streambert.processor.replay;

import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts per reason and outcome of one replay, and the ranges it read. */
public final class ReplayReport {

  private final Map<String, EnumMap<ReplayOutcome, Long>> counts = new TreeMap<>();

  /** Counts one dead letter of {@code reason} with {@code outcome}. */
  public synchronized void add(String reason, ReplayOutcome outcome) {
    counts
        .computeIfAbsent(reason, r -> new EnumMap<>(ReplayOutcome.class))
        .merge(outcome, 1L, Long::sum);
  }

  /** The number of dead letters of {@code reason} with {@code outcome}. */
  public synchronized long count(String reason, ReplayOutcome outcome) {
    return counts
        .getOrDefault(reason, new EnumMap<>(ReplayOutcome.class))
        .getOrDefault(outcome, 0L);
  }

  /** The number of dead letters with {@code outcome}, over every reason. */
  public synchronized long total(ReplayOutcome outcome) {
    return counts.values().stream().mapToLong(m -> m.getOrDefault(outcome, 0L)).sum();
  }

  /** The number of dead letters read. */
  public synchronized long read() {
    return counts.values().stream()
        .flatMap(m -> m.values().stream())
        .mapToLong(Long::longValue)
        .sum();
  }

  /** Prints the ranges read and one row per reason with a column per outcome seen. */
  public synchronized void print(PrintWriter out, List<OffsetRange> ranges, String target) {
    out.println("Read " + read() + " dead letters from:");
    for (OffsetRange range : ranges) {
      out.println("  " + range);
    }
    out.println("Written to: " + target);
    List<ReplayOutcome> seen =
        java.util.Arrays.stream(ReplayOutcome.values()).filter(o -> total(o) > 0).toList();
    StringBuilder header = new StringBuilder(String.format("%-20s %8s", "reason", "read"));
    seen.forEach(o -> header.append(String.format(" %20s", o.label())));
    out.println(header);
    for (Map.Entry<String, EnumMap<ReplayOutcome, Long>> row : counts.entrySet()) {
      long read = row.getValue().values().stream().mapToLong(Long::longValue).sum();
      StringBuilder line = new StringBuilder(String.format("%-20s %8d", row.getKey(), read));
      seen.forEach(o -> line.append(String.format(" %20d", row.getValue().getOrDefault(o, 0L))));
      out.println(line);
    }
    if (total(ReplayOutcome.SKIPPED_TRUNCATED) > 0) {
      out.println(
          "Truncated dead letters hold only a prefix of the original key or value and are never"
              + " replayed: copy them from their source topic and offset (listed above) while its"
              + " retention keeps them.");
    }
    out.flush();
  }
}
