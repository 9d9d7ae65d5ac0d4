package io.streambert.processor.it.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FiguresTest {

  @Test
  void shouldWriteTheFieldsOfTheSamplesSnakeCase(@TempDir Path dir) throws Exception {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("rss_last_vs_first_minute", 1.027);
    figures.put("samples", List.of(new MemorySamples.Sample(5.0, 1033.2, 277.0, 10.5, 13.2)));
    Path json = dir.resolve("figures.json");

    Figures.write(figures, json);

    String text = Files.readString(json);
    assertThat(text)
        .contains("\"rss_last_vs_first_minute\" : 1.027")
        .contains("\"rss_mib\" : 1033.2")
        .contains("\"heap_used_mib\" : 277.0")
        .contains("\"old_gen_mib\" : 10.5")
        .doesNotContain("rssMib");
  }
}
