package io.streambert.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambert.model.bundle.BundleBuilder;
import io.streambert.model.bundle.DemoBundles;
import io.streambert.model.bundle.HeadWeights;
import io.streambert.model.bundle.ModelBundle;
import io.streambert.model.bundle.Precision;
import io.streambert.model.bundle.PretrainedEncoder;
import io.streambert.model.testing.TestBundles;
import io.streambert.trainer.TrainerMain;
import io.streambert.trainer.data.SentenceDataset;
import io.streambert.trainer.data.SentenceExample;
import io.streambert.trainer.export.Int8Exporter;
import io.streambert.trainer.export.Int8Gate;
import io.streambert.trainer.export.Int8RefusedException;
import io.streambert.trainer.export.Int8Tolerance;
import io.streambert.trainer.export.ServingGoldenExamples;
import io.streambert.trainer.publish.GoldenCheck;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code quantize} on the real MiniLM test bundle (seeded heads) with small generated dev files;
 * needs no data from outside the repository.
 */
class QuantizeCommandIT {
  private static final List<String> SENTENCES =
      List.of(
          "the film is a charming , often hilarious journey .",
          "a dull , lifeless script .",
          "one of the best performances of the year .",
          "it never quite works .",
          "moving and funny at once .",
          "bleak , long and boring .");

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = TrainerMain.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  private Path sentimentDev() throws Exception {
    StringBuilder tsv = new StringBuilder("sentence\tlabel\n");
    for (int i = 0; i < SENTENCES.size(); i++) {
      tsv.append(SENTENCES.get(i)).append('\t').append(i % 2 == 0 ? "positive" : "negative");
      tsv.append('\n');
    }
    return Files.writeString(dir.resolve("dev.tsv"), tsv, StandardCharsets.UTF_8);
  }

  private Path entitiesDev() throws Exception {
    String conll =
        """
        Angela B-PER
        Merkel I-PER
        met O
        Macron B-PER
        in O
        Paris B-LOC
        . O

        Siemens B-ORG
        fell O
        in O
        Frankfurt B-LOC
        . O
        """;
    return Files.writeString(dir.resolve("valid.txt"), conll, StandardCharsets.UTF_8);
  }

  @Test
  void shouldWriteAnInt8BundleThatReproducesItsGoldenExamples() throws Exception {
    ModelBundle fp32 = TestBundles.miniLmBothTasks();
    Path target = dir.resolve("int8");

    int code =
        run(
            "quantize",
            "--bundle=" + fp32.directory(),
            "--output=" + target,
            "--sentiment-dev=" + sentimentDev(),
            "--entities-dev=" + entitiesDev(),
            // seeded, untrained heads sit near their decision boundaries: judge nothing here
            "--max-accuracy-drop=100",
            "--max-entity-f1-drop=100",
            "--min-agreement=0");

    assertThat(code).as(err.toString()).isZero();
    ModelBundle int8 = ModelBundle.open(target);
    assertThat(int8.manifest().precision()).isEqualTo(Precision.INT8);
    assertThat(int8.manifest().modelVersion()).isEqualTo(TestBundles.VERSION + "-int8");
    assertThat(int8.manifest().metrics())
        .containsKeys(
            "int8.sentiment.accuracy.drop_points",
            "int8.sentiment.agreement",
            "int8.entities.f1.drop_points",
            "int8.entities.agreement");
    assertThat(int8.manifest().goldenExamples()).hasSize(8);
    assertThat(GoldenCheck.run(int8).passed()).isTrue();
    assertThat(out.toString()).contains("quantized " + TestBundles.VERSION).contains("passed");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("staging"));
    }
  }

  @Test
  void shouldRefuseACommandLineWithoutDevData() {
    int code =
        run(
            "quantize",
            "--bundle=" + TestBundles.miniLmBothTasks().directory(),
            "--output=" + dir.resolve("int8"));

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("dev");
    assertThat(dir.resolve("int8")).doesNotExist();
  }

  @Test
  void shouldRefuseACandidatePastTheTolerancesAndWriteNothing() throws Exception {
    // Given a candidate whose sentiment head has its labels swapped: every prediction flips
    ModelBundle fp32 = TestBundles.miniLmBothTasks();
    Int8Exporter.CandidateWriter flipped =
        (source, version, metrics, golden, out) ->
            BundleBuilder.fromEncoder(PretrainedEncoder.miniLm())
                .sentenceHead(List.of("positive", "negative"), HeadWeights.random(2, 384, 42L))
                .modelVersion(version)
                .writeTo(out);
    Int8Exporter exporter =
        new Int8Exporter(flipped, new Int8Gate(Int8Tolerance.DEFAULT), new ServingGoldenExamples());
    SentenceDataset dev = sentences();
    Path target = dir.resolve("refused");

    // When it is exported, then the gate refuses it and no bundle is written
    assertThatThrownBy(
            () -> exporter.export(fp32, "x-int8", target, Optional.of(dev), Optional.empty(), 4))
        .isInstanceOf(Int8RefusedException.class)
        .hasMessageContaining(
            "sentiment.accuracy: expected at least 95.00% of the predictions unchanged, found"
                + " 0.00%");
    assertThat(target).doesNotExist();
  }

  private SentenceDataset sentences() {
    List<SentenceExample> examples =
        SENTENCES.stream().map(s -> new SentenceExample(s, "positive")).toList();
    return new SentenceDataset(examples, DemoBundles.SENTIMENT_LABELS, null);
  }
}
