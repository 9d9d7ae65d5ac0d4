package io.streambert.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.trainer.TrainerMain;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FinetuneCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = TrainerMain.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  private Path sst(String name, String rows) throws IOException {
    return Files.writeString(dir.resolve(name), "sentence\tlabel\n" + rows);
  }

  private Path conll(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  @Test
  void shouldCheckBothTasksAndPrintWhatWasRead() throws IOException {
    Path train = sst("train.tsv", "good\t1\nbad\t0\nfine\t1\n");
    Path dev = sst("dev.tsv", "nice\t1\nugly\t0\n");
    Path tags = conll("train.txt", "Ada B-PER\nwrote O\n\nin O\nParis B-LOC\n\n-DOCSTART- O\n");

    int code =
        run(
            "finetune",
            "--check-data",
            "--sentiment-train=" + train,
            "--sentiment-dev=" + dev,
            "--label-names=0=negative,1=positive",
            "--entities-train=" + tags);

    assertThat(code).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .contains("sentiment train")
        .contains("train.tsv: 3 rows, 3 kept, 0 skipped")
        .contains("labels [negative, positive]; counts {negative=1, positive=2}")
        .contains("sentiment dev")
        .contains("entities train")
        .contains("2 sentences used, 2 entities {LOC=1, PER=1}")
        .contains("tags [O, B-LOC, I-LOC, B-PER, I-PER]");
  }

  @Test
  void shouldRefuseDevLabelUnknownToTrainingSetWithFileAndLine() throws IOException {
    Path train = sst("train.tsv", "good\t1\nbad\t0\n");
    Path dev = sst("dev.tsv", "meh\t2\n");

    int code =
        run(
            "finetune",
            "--check-data",
            "--bad-rows=FAIL",
            "--sentiment-train=" + train,
            "--sentiment-dev=" + dev);

    assertThat(code).isEqualTo(ExitCodes.REFUSED);
    assertThat(err.toString())
        .contains(dev + ":2")
        .contains("unknown label \"2\", expected one of [0, 1]");
  }

  @Test
  void shouldRefuseTooManyBadRowsUnderSkip() throws IOException {
    Path train = sst("train.tsv", "good\t1\nbad\t0\n\t1\n");

    int code =
        run("finetune", "--check-data", "--max-bad-fraction=0.1", "--sentiment-train=" + train);

    assertThat(code).isEqualTo(ExitCodes.REFUSED);
    assertThat(err.toString()).contains("1 of 3 rows").contains(train + ":4");
  }

  @Test
  void shouldLimitTrainingExamples() throws IOException {
    Path train = sst("train.tsv", "good\t1\nbad\t0\nfine\t1\nugly\t0\n");

    int code = run("finetune", "--check-data", "--limit-train=2", "--sentiment-train=" + train);

    assertThat(code).isZero();
    assertThat(out.toString()).contains("2 examples used");
  }

  @Test
  void shouldAskForDataWhenNoneIsGiven() {
    int code = run("finetune", "--check-data");

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("expected data for at least one task");
  }

  @Test
  void shouldAskForTrainingFileOfARequestedTask() throws IOException {
    Path train = sst("train.tsv", "good\t1\nbad\t0\n");

    int code =
        run("finetune", "--check-data", "--task=sentiment,entities", "--sentiment-train=" + train);

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("task entities needs --entities-train");
  }

  @Test
  void shouldReadIob1TagsFromAConfiguredColumn() throws IOException {
    Path tags = conll("iob1.txt", "New NNP I-LOC x\nYork NNP I-LOC x\n");

    int code =
        run(
            "finetune",
            "--check-data",
            "--tag-column=3",
            "--tag-scheme=IOB1",
            "--entities-train=" + tags);

    assertThat(code).isZero();
    assertThat(out.toString()).contains("1 entities {LOC=1}").contains("1 tags rewritten to BIO");
  }

  @Test
  void shouldAskForARunFolderBeforeTraining() throws IOException {
    Path train = sst("train.tsv", "good\t1\nbad\t0\n");

    int code = run("finetune", "--sentiment-train=" + train);

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("expected --output DIR");
  }

  @Test
  void shouldRefuseHalfABaseEncoder() throws IOException {
    Path train = sst("train.tsv", "good\t1\nbad\t0\n");

    int code =
        run(
            "finetune",
            "--sentiment-train=" + train,
            "--output=" + dir.resolve("run"),
            "--base-onnx=" + train);

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("expected --base-onnx and --base-tokenizer together");
  }

  @Test
  void shouldRefuseAModelVersionUnsafeAsAFileName() throws IOException {
    Path train = sst("train.tsv", "good\t1\nbad\t0\n");

    int code =
        run(
            "finetune",
            "--sentiment-train=" + train,
            "--output=" + dir.resolve("run"),
            "--model-version=../evil");

    assertThat(code).isEqualTo(ExitCodes.REFUSED);
    assertThat(err.toString()).contains("found \"../evil\"");
  }
}
