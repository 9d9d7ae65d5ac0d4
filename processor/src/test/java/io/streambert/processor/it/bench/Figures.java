package io.streambert.processor.it.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** How the benchmarks that drive child processors report: a two-column table and JSON. */
final class Figures {

  private Figures() {}

  /** Prints every figure but the lists (per-swap or per-sample logs, which go to JSON only). */
  static void print(Map<String, Object> figures) {
    System.out.println();
    System.out.printf("%-48s %s%n", "figure", "value");
    for (Map.Entry<String, Object> e : figures.entrySet()) {
      if (!(e.getValue() instanceof List)) {
        System.out.printf("%-48s %s%n", e.getKey(), e.getValue());
      }
    }
  }

  /**
   * Writes every figure, the lists included, as indented JSON; nothing when {@code json} is null.
   */
  static void write(Map<String, Object> figures, Path json) throws IOException {
    if (json != null) {
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(json.toFile(), figures);
    }
  }

  /** {@code v} to three decimals. */
  static double round(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }
}
