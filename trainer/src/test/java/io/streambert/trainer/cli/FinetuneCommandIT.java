package io.streambert.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streambert.model.bundle.ModelBundle;
import io.streambert.trainer.TrainerMain;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code finetune} through the CLI on a small generated multi-task set: reads the files, trains
 * MiniLM briefly, exports a parity-checked bundle and scores it through ONNX Runtime. The engine's
 * own quality is shown by the trainer's smoke IT; this shows the command wires it end to end.
 */
class FinetuneCommandIT {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private static final List<String> GOOD = List.of("good", "great", "lovely", "fine", "superb");
  private static final List<String> BAD = List.of("bad", "awful", "dull", "poor", "boring");
  private static final List<String> NAMES = List.of("Ada", "Alan", "Grace", "Linus", "Barbara");
  private static final List<String> CITIES = List.of("Paris", "Oslo", "Lima", "Cairo", "Delhi");

  private int run(String... args) {
    CommandLine cli = TrainerMain.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  private Path sentiment(String name, int n, int offset) throws IOException {
    StringBuilder tsv = new StringBuilder("sentence\tlabel\n");
    for (int i = 0; i < n; i++) {
      boolean positive = i % 2 == 0;
      String word = (positive ? GOOD : BAD).get((i / 2 + offset) % 5);
      tsv.append("the film was ").append(word).append('\t').append(positive ? 1 : 0).append('\n');
    }
    return Files.writeString(dir.resolve(name), tsv);
  }

  private Path entities(String name, int n, int offset) throws IOException {
    StringBuilder conll = new StringBuilder();
    for (int i = 0; i < n; i++) {
      String person = NAMES.get((i + offset) % 5);
      String city = CITIES.get((i * 3 + offset) % 5);
      conll.append(person).append(" B-PER\nflew O\nto O\n").append(city).append(" B-LOC\n\n");
    }
    return Files.writeString(dir.resolve(name), conll + "-DOCSTART- O\n");
  }

  @Test
  void shouldTrainExportAndScoreBothTasksFromTheCommandLine() throws IOException {
    Path run = dir.resolve("run");

    int code =
        run(
            "finetune",
            "--sentiment-train=" + sentiment("train.tsv", 32, 0),
            "--sentiment-dev=" + sentiment("dev.tsv", 8, 1),
            "--label-names=0=negative,1=positive",
            "--entities-train=" + entities("train.txt", 24, 0),
            "--entities-dev=" + entities("valid.txt", 6, 2),
            "--epochs=1",
            "--batch-size=8",
            "--max-length=24",
            "--lr=1e-4",
            "--freeze-word-embeddings",
            "--parity-sample=8",
            "--golden-examples=2",
            "--model-version=cli-smoke-1",
            "--no-progress",
            "--output=" + run);

    assertThat(code).as(err.toString()).isZero();
    Path bundleDir = run.resolve("bundle-cli-smoke-1");
    ModelBundle bundle = ModelBundle.open(bundleDir);
    assertThat(bundle.manifest().modelVersion()).isEqualTo("cli-smoke-1");
    assertThat(bundle.manifest().tasks().get("sentiment").labels())
        .containsExactly("negative", "positive");
    assertThat(bundle.manifest().tasks().get("entities").labels())
        .containsExactly("O", "B-LOC", "I-LOC", "B-PER", "I-PER");
    assertThat(bundle.manifest().goldenExamples()).hasSize(2);
    assertThat(out.toString()).contains("finished after").contains("parity passed");
    // The best epoch's dev tables and the entity confusion table end up in the run's log.
    assertThat(out.toString())
        .contains("best epoch on the dev data (training model)", "gold\\pred", "PER", "LOC");
    assertThat(bundle.manifest().metrics())
        .containsKeys(
            "sentiment.accuracy",
            "sentiment.macro_f1",
            "entities.f1",
            "entities.f1.PER",
            "entities.f1.LOC",
            "parity.max_logit_diff",
            "train.examples_per_second");
    JsonNode metrics =
        new ObjectMapper()
            .readTree(run.resolve("metrics-cli-smoke-1.json").toFile())
            .get("metrics");
    assertThat(metrics.get("sentiment.accuracy").asDouble()).isBetween(0.0, 1.0);
    assertThat(metrics.has("entities.f1.PER")).isTrue();

    int exported = run("export", "--bundle=" + bundleDir);

    assertThat(exported).as(err.toString()).isZero();
    assertThat(run.resolve("bundle-cli-smoke-1.zip")).isRegularFile();
  }
}
