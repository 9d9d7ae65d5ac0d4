package io.streambert.processor.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the processor's main sources small enough to read: a class that grows past these sizes has
 * taken on a second job and should be split (the serving core was split for exactly that).
 */
class SourceFileSizeTest {

  private static final Path MAIN = Path.of("src/main/java");
  private static final int MAX_LINES = 400;
  private static final int MAX_BATCHING_PROCESSOR_LINES = 250;

  @Test
  void shouldKeepEveryMainSourceFileAtMost400Lines() throws IOException {
    Map<String, Long> tooLong = new TreeMap<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        long lines = lines(file);
        if (lines > MAX_LINES) {
          tooLong.put(MAIN.relativize(file).toString(), lines);
        }
      }
    }
    assertThat(tooLong).as("main sources over %d lines", MAX_LINES).isEmpty();
  }

  @Test
  void shouldKeepTheBatchingProcessorUnder250Lines() throws IOException {
    Path file = MAIN.resolve("io/streambert/processor/topology/BatchingProcessor.java");
    assertThat(file).exists();
    assertThat(lines(file)).isLessThan(MAX_BATCHING_PROCESSOR_LINES);
  }

  private static long lines(Path file) throws IOException {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.count();
    }
  }
}
