package io.streambert.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.model.TextModel;
import io.streambert.processor.config.ProcessorConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ProcessorMainTest {

  @TempDir Path dir;

  private final StringWriter err = new StringWriter();

  private int run(Function<ProcessorConfig, TextModel> loader, String... args) {
    CommandLine cli = ProcessorMain.commandLine(new ProcessorMain(loader));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void shouldExitWithCode2AndNameTheKeyForInvalidConfiguration() throws IOException {
    Path config = dir.resolve("bad.properties");
    Files.writeString(
        config,
        "bootstrap.servers=127.0.0.1:9092\nschema.registry.url=http://127.0.0.1:8081\n"
            + "model.bundle.path=/x\nbatch.max.tokens=-5\n");

    int code = run(c -> null, "--config", config.toString());

    assertThat(code).isEqualTo(ProcessorMain.EXIT_BAD_CONFIG);
    assertThat(err.toString())
        .startsWith("Invalid configuration: ")
        .contains("batch.max.tokens")
        .contains("-5");
  }

  @Test
  void shouldExitWithCode2ListingMissingRequiredKeys() throws IOException {
    Path config = dir.resolve("empty.properties");
    Files.writeString(config, "");

    int code = run(c -> null, "--config", config.toString());

    assertThat(code).isEqualTo(ProcessorMain.EXIT_BAD_CONFIG);
    assertThat(err.toString())
        .contains("bootstrap.servers (or STREAMBERT_BOOTSTRAP_SERVERS)")
        .contains("schema.registry.url")
        .doesNotContain("model.bundle.path");
  }

  @Test
  void shouldExitWithCode3WhenTheModelCannotBeLoaded() throws IOException {
    Path config = dir.resolve("ok.properties");
    Files.writeString(
        config,
        "bootstrap.servers=127.0.0.1:9092\nschema.registry.url=http://127.0.0.1:8081\n"
            + "model.bundle.path=/no/such/bundle\n");

    int code =
        run(
            c -> {
              throw new ModelLoader.ModelLoadException(
                  "bundle /no/such/bundle: no manifest.json", null);
            },
            "--config",
            config.toString());

    assertThat(code).isEqualTo(ProcessorMain.EXIT_BAD_MODEL);
    assertThat(err.toString()).contains("Cannot load the model: bundle /no/such/bundle");
  }
}
