package io.streambert.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streambert.model.OnnxTextModel;
import io.streambert.model.TextPrediction;
import io.streambert.model.bundle.ModelBundle;
import io.streambert.model.encoding.EncodedText;
import io.streambert.model.encoding.InvalidTextException;
import io.streambert.model.inference.EngineConfig;
import io.streambert.model.inference.ExecutionProvider;
import io.streambert.model.testing.TestBundles;
import io.streambert.trainer.TrainerMain;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code evaluate} on a real MiniLM bundle (seeded, untrained heads) through ONNX Runtime. */
class EvaluateCommandIT {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private static final List<String> TEXTS =
      List.of(
          "a gripping , funny film",
          "dull and far too long",
          "the best thing i saw this year",
          "a waste of a good cast",
          "warm , clever and moving",
          "i want my two hours back");

  private int run(String... args) {
    CommandLine cli = TrainerMain.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void shouldScoreBothTasksAndMatchTheModelsOwnPredictions()
      throws IOException, InvalidTextException {
    ModelBundle bundle = TestBundles.miniLmBothTasks();
    StringBuilder tsv = new StringBuilder("sentence\tlabel\n");
    for (int i = 0; i < TEXTS.size(); i++) {
      tsv.append(TEXTS.get(i)).append('\t').append(i % 2 == 0 ? 1 : 0).append('\n');
    }
    Path sst = Files.writeString(dir.resolve("dev.tsv"), tsv);
    Path conll =
        Files.writeString(
            dir.resolve("valid.txt"),
            "Peter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\nvisited VBD B-VP O\n"
                + "Brussels NNP B-NP B-LOC\n\n-DOCSTART- -X- -X- O\n\n"
                + "Acme NNP B-NP B-ORG\nhired VBD B-VP O\nJohn NNP B-NP B-PER\n\n");
    Path json = dir.resolve("out/metrics.json");

    int code =
        run(
            "evaluate",
            "--bundle=" + bundle.directory(),
            "--sentiment-dev=" + sst,
            "--label-names=0=negative,1=positive",
            "--entities-dev=" + conll,
            "--batch-size=4",
            "--json=" + json);

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("model " + TestBundles.VERSION)
        .contains("sentiment: accuracy")
        .contains("entities: F1")
        .contains("gold\\pred");

    // The same texts through the model directly: the command's accuracy must agree.
    long correct = 0;
    try (OnnxTextModel model =
        OnnxTextModel.load(
            bundle, EngineConfig.builder().provider(ExecutionProvider.CPU).build())) {
      List<EncodedText> encoded = new ArrayList<>();
      for (String t : TEXTS) {
        encoded.add(model.encode(t));
      }
      List<TextPrediction> predictions = model.predict(encoded);
      for (int i = 0; i < TEXTS.size(); i++) {
        String gold = i % 2 == 0 ? "positive" : "negative";
        if (predictions.get(i).sentiment().orElseThrow().label().equals(gold)) {
          correct++;
        }
      }
    }
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertThat(report.get("model_version").asText()).isEqualTo(TestBundles.VERSION);
    assertThat(report.get("sentiment_examples").asInt()).isEqualTo(6);
    assertThat(report.get("entities_gold").asInt()).isEqualTo(4);
    JsonNode metrics = report.get("metrics");
    assertThat(metrics.get("sentiment.accuracy").asDouble())
        .isCloseTo(correct / 6.0, within(1e-12));
    assertThat(metrics.has("sentiment.macro_f1")).isTrue();
    assertThat(metrics.get("entities.f1").asDouble()).isBetween(0.0, 1.0);
    assertThat(metrics.has("entities.precision")).isTrue();
    assertThat(metrics.has("entities.recall")).isTrue();
  }

  @Test
  void shouldRefuseLabelsTheBundleDoesNotKnow() throws IOException {
    Path sst = Files.writeString(dir.resolve("dev.tsv"), "sentence\tlabel\ngood\t1\nbad\t0\n");

    int code =
        run(
            "evaluate",
            "--bundle=" + TestBundles.miniLmBothTasks().directory(),
            "--bad-rows=FAIL",
            "--sentiment-dev=" + sst);

    assertThat(code).isEqualTo(ExitCodes.REFUSED);
    assertThat(err.toString())
        .contains(sst + ":2")
        .contains("unknown label \"1\", expected one of [negative, positive]");
  }

  @Test
  void shouldRejectTrainingOptions() throws IOException {
    Path sst = Files.writeString(dir.resolve("t.tsv"), "sentence\tlabel\ngood\t1\nbad\t0\n");

    int code =
        run(
            "evaluate",
            "--bundle=" + TestBundles.miniLmBothTasks().directory(),
            "--sentiment-train=" + sst);

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("expected only dev data");
  }
}
