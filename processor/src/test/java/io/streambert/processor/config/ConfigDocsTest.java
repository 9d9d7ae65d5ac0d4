package io.streambert.processor.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigDocsTest {

  @Test
  void shouldDocumentEveryKeyWithItsDefault() {
    String table = ConfigDocs.markdownTable();

    for (String key : ProcessorConfig.DEFINITION.names()) {
      assertThat(table).contains("| `" + key + "` | `" + ConfigLoader.envName(key) + "` |");
    }
    assertThat(table).contains("`exactly_once_v2`").contains("**required**");
  }

  @Test
  void shouldKeepTheReadmeTableInSyncWithTheDeclaredKeys() throws IOException {
    // Surefire runs in the module directory.
    String readme = Files.readString(Path.of("README.md"));
    int begin = readme.indexOf(ConfigDocs.BEGIN);
    int end = readme.indexOf(ConfigDocs.END);
    assertThat(begin).as("README has the generated table markers").isNotNegative();
    String inReadme = readme.substring(begin + ConfigDocs.BEGIN.length(), end).strip();

    assertThat(inReadme)
        .as("processor/README.md table; regenerate with ProcessorMain --config-table")
        .isEqualTo(ConfigDocs.markdownTable().strip());
  }
}
