package io.streambert.trainer.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The trainer publishes to the compacted topic that compose and the local stack create. */
class ReleaseTopicNameTest {

  // Surefire runs in the module directory.
  private static final Path ROOT = Path.of("..");

  @Test
  void shouldDefaultToTheCompactedTopicComposeCreates() throws IOException {
    String compose = Files.readString(ROOT.resolve("docker/compose.yaml"));

    assertThat(ReleaseTopic.DEFAULT_NAME).isEqualTo("model-releases");
    assertThat(compose)
        .containsPattern(
            Pattern.compile(
                "--topic "
                    + Pattern.quote(ReleaseTopic.DEFAULT_NAME)
                    + " .*cleanup\\.policy=compact"));
  }

  @Test
  void shouldDefaultToTheCompactedTopicTheLocalStackCreates() throws IOException {
    String script = Files.readString(ROOT.resolve("ops/local/create-topics"));

    assertThat(script)
        .containsPattern(
            Pattern.compile(
                "TOPICS=\\([^)]*\\s" + Pattern.quote(ReleaseTopic.DEFAULT_NAME) + ":\\d+:compact"));
  }
}
