package io.streambert.trainer.cli;

import ai.djl.Device;
import io.streambert.model.OnnxTextModel;
import io.streambert.model.bundle.PretrainedEncoder;
import io.streambert.model.bundle.TagDecoding;
import io.streambert.model.inference.EngineConfig;
import io.streambert.model.inference.ExecutionProvider;
import io.streambert.model.quantization.DynamicInt8Quantizer;
import io.streambert.trainer.data.SentenceDataset;
import io.streambert.trainer.data.SentenceExample;
import io.streambert.trainer.data.TaggedSentence;
import io.streambert.trainer.data.TaggingDataset;
import io.streambert.trainer.export.Int8Exporter;
import io.streambert.trainer.export.Int8Gate;
import io.streambert.trainer.export.Int8Tolerance;
import io.streambert.trainer.export.ServingGoldenExamples;
import io.streambert.trainer.metrics.ClassificationResult;
import io.streambert.trainer.metrics.ModelEvaluator;
import io.streambert.trainer.metrics.TaggingResult;
import io.streambert.trainer.publish.ModelVersion;
import io.streambert.trainer.train.BaseEncoder;
import io.streambert.trainer.train.FineTuneJob;
import io.streambert.trainer.train.RunOptions;
import io.streambert.trainer.train.TrainingConfig;
import io.streambert.trainer.train.TrainingResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code finetune}: reads and checks the data, fine-tunes the encoder and heads, and exports a
 * parity-checked bundle.
 */
@Command(
    name = "finetune",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Fine-tune every encoder weight plus a sentence head, a token head, or both (multi-task),"
          + " then export a bundle whose ONNX graph carries the fine-tuned weights; the export is"
          + " refused unless ONNX Runtime reproduces the training model (logits within 1e-3, same"
          + " predictions).",
      "Training data is read and checked first: bad rows are reported as file:line with a reason."
    })
public final class FinetuneCommand implements Callable<Integer> {
  private static final DateTimeFormatter VERSION =
      DateTimeFormatter.ofPattern("yyyy.MM.dd-HHmmss").withZone(ZoneOffset.UTC);

  @Spec CommandSpec spec;

  @Mixin DataOptions data;

  @Mixin HyperParameters hyper;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description =
          "Run folder: checkpoint/ (resumable, best epoch), base-encoder/, bundle-<version>/,"
              + " metrics-<version>.json. Required unless --check-data.")
  Path output;

  @Option(
      names = "--model-version",
      paramLabel = "VERSION",
      description = "Version of the exported bundle. Default: the UTC time, yyyy.MM.dd-HHmmss.")
  String modelVersion;

  @Option(
      names = "--device",
      paramLabel = "DEVICE",
      defaultValue = "cpu",
      description =
          "cpu, or gpu (needs a CUDA libtorch: see trainer/README.md). Default: ${DEFAULT-VALUE}.")
  String device;

  @Option(
      names = "--base-encoder",
      paramLabel = "PRESET",
      defaultValue = PretrainedEncoder.MINILM,
      description =
          "Pretrained encoder to start from: all-minilm-l6-v2 (6 layers) or bge-small-en-v1.5 (12"
              + " layers x 384, about twice the serving cost per token). Default: ${DEFAULT-VALUE}.")
  String baseEncoder;

  @Option(
      names = "--base-onnx",
      paramLabel = "FILE",
      description =
          "Encoder ONNX graph to start from (with --base-tokenizer). Default: all-MiniLM-L6-v2"
              + " from the Maven artifact.")
  Path baseOnnx;

  @Option(
      names = "--base-tokenizer",
      paramLabel = "FILE",
      description = "tokenizer.json of --base-onnx.")
  Path baseTokenizer;

  @Option(
      names = "--decoding",
      paramLabel = "DECODING",
      description =
          "How the dev evaluation and the exported bundle choose each word's entity tag: greedy"
              + " (most probable tag per word) or bio-viterbi (most probable BIO-valid sequence)."
              + " Default: bio-viterbi for BIO tags, else greedy.")
  String decoding;

  @Option(
      names = "--parity-sample",
      paramLabel = "N",
      defaultValue = "256",
      description = "Dev texts run through both runtimes before export. Default: ${DEFAULT-VALUE}.")
  int paritySample;

  @Option(
      names = "--golden-examples",
      paramLabel = "N",
      defaultValue = "8",
      description = "Dev texts recorded with their predictions in the manifest. Default: 8.")
  int goldenExamples;

  @Option(
      names = "--int8",
      description =
          "Also write the dynamic int8 bundle bundle-<version>-int8, accepted only within the"
              + " quantize command's default tolerance on the dev data (see quantize --help).")
  boolean int8;

  @Option(names = "--no-export", description = "Train only; write no bundle.")
  boolean noExport;

  @Option(
      names = "--no-serving-eval",
      description =
          "Skip scoring the exported bundle on the dev data through ONNX Runtime (the processor's"
              + " path) after export.")
  boolean noServingEval;

  @Option(
      names = "--resume",
      description = "Continue from the checkpoint in --output when there is one.")
  boolean resume;

  @Option(
      names = "--stop-after-steps",
      paramLabel = "N",
      defaultValue = "0",
      description = "Stop with a checkpoint after N steps in total (0: train to the end).")
  long stopAfterSteps;

  @Option(names = "--no-progress", description = "No console progress bar (for logs and CI).")
  boolean noProgress;

  @Option(
      names = "--check-data",
      description = "Only read and check the data, print what was found, and stop.")
  boolean checkData;

  @Override
  public Integer call() throws IOException {
    TaskData read = data.readForTraining();
    PrintWriter out = spec.commandLine().getOut();
    DataSummary.print(out, read);
    if (checkData) {
      return ExitCodes.OK;
    }
    if (output == null) {
      throw new ParameterException(spec.commandLine(), "expected --output DIR, found none");
    }
    if (baseOnnx != null
        && spec.commandLine().getParseResult().hasMatchedOption("--base-encoder")) {
      throw new ParameterException(
          spec.commandLine(), "expected --base-encoder or --base-onnx, found both");
    }
    if (int8 && noExport) {
      throw new ParameterException(
          spec.commandLine(), "expected --int8 without --no-export (it quantizes the export)");
    }
    if ((baseOnnx == null) != (baseTokenizer == null)) {
      throw new ParameterException(
          spec.commandLine(), "expected --base-onnx and --base-tokenizer together, found one");
    }
    String version =
        ModelVersion.parse(
                modelVersion != null ? modelVersion : VERSION.format(ZonedDateTime.now()))
            .toString();
    Files.createDirectories(output);
    BaseEncoder base =
        baseOnnx != null
            ? new BaseEncoder(baseOnnx, baseTokenizer, baseOnnx.getFileName().toString())
            : BaseEncoder.of(pretrainedEncoder(), output.resolve("base-encoder"));
    Optional<FineTuneJob.ExportSpec> export =
        noExport
            ? Optional.empty()
            : Optional.of(
                new FineTuneJob.ExportSpec(
                    output.resolve("bundle-" + version),
                    version,
                    hyper.maxSequenceLength,
                    FineTuneJob.defaultStride(hyper.maxSequenceLength),
                    paritySample,
                    goldenExamples));
    FineTuneJob.Outcome outcome =
        FineTuneJob.run(
            base,
            trainingConfig(),
            read.sentiment().map(FinetuneCommand::sentenceInput),
            read.entities().map(this::taggedInput),
            new RunOptions(
                Optional.of(output.resolve("checkpoint")), resume, stopAfterSteps, !noProgress),
            export,
            device());
    TrainingResult t = outcome.training();
    out.printf(
        "%s after %d steps: %.0f s training, %.1f examples/s, %d steps skipped (non-finite"
            + " gradients), %d clipped%n  best dev metrics %s%n",
        t.completed() ? "finished" : "stopped (resume with --resume)",
        t.state().globalStep(),
        t.trainSeconds(),
        t.examplesPerSecond(),
        t.skippedSteps(),
        t.clippedSteps(),
        t.bestMetrics());
    t.bestEvaluation()
        .filter(e -> e.sentiment().isPresent() || e.entities().isPresent())
        .ifPresent(
            e -> out.printf("%nbest epoch on the dev data (training model)%n%s", e.toText()));
    if (outcome.export().isPresent()) {
      var exported = outcome.export().get();
      out.printf("  bundle %s%n  %s%n", exported.bundle().directory(), exported.parity());
      if (!noServingEval) {
        MetricsReport serving = servingEval(read, exported.bundle());
        out.print(serving.toText());
        serving.writeJson(output.resolve("metrics-" + version + ".json"));
      }
      if (int8) {
        Int8Exporter.Result quantized =
            new Int8Exporter(
                    DynamicInt8Quantizer.defaults(),
                    new Int8Gate(Int8Tolerance.DEFAULT),
                    new ServingGoldenExamples())
                .export(
                    exported.bundle(),
                    version + "-int8",
                    output.resolve("bundle-" + version + "-int8"),
                    read.sentiment().flatMap(SentenceSplit::dev),
                    read.entities().flatMap(TaggingSplit::dev),
                    goldenExamples);
        out.printf(
            "  int8 bundle %s%n  %s%n", quantized.bundle().directory(), quantized.comparison());
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  private MetricsReport servingEval(TaskData read, io.streambert.model.bundle.ModelBundle bundle) {
    long start = System.nanoTime();
    Optional<ClassificationResult> sentiment;
    Optional<TaggingResult> entities;
    try (OnnxTextModel model =
        OnnxTextModel.load(
            bundle, EngineConfig.builder().provider(ExecutionProvider.CPU).build())) {
      ModelEvaluator evaluator = new ModelEvaluator(model, hyper.evalBatchSize);
      sentiment = read.sentiment().flatMap(SentenceSplit::dev).map(evaluator::sentences);
      entities = read.entities().flatMap(TaggingSplit::dev).map(evaluator::entities);
    }
    return new MetricsReport(
        bundle.manifest().modelVersion(), sentiment, entities, (System.nanoTime() - start) / 1e9);
  }

  private TrainingConfig trainingConfig() {
    return TrainingConfig.builder()
        .epochs(hyper.epochs)
        .batchSize(hyper.batchSize)
        .evalBatchSize(hyper.evalBatchSize)
        .maxSequenceLength(hyper.maxSequenceLength)
        .learningRate(hyper.learningRate)
        .weightDecay(hyper.weightDecay)
        .warmupFraction(hyper.warmupFraction)
        .maxGradNorm(hyper.maxGradNorm)
        .dropout(hyper.dropout)
        .seed(hyper.seed)
        .patience(hyper.patience)
        .freezeEmbeddings(hyper.freezeEmbeddings)
        .freezeWordEmbeddings(hyper.freezeWordEmbeddings)
        .freezeLowerLayers(hyper.freezeLowerLayers)
        .checkpointEverySteps(hyper.checkpointEverySteps)
        .evalEverySteps(hyper.evalEverySteps)
        .tokenPassesPerEpoch(hyper.entitiesPasses)
        .caseEmbeddings(hyper.caseEmbeddings)
        .caseLearningRateScale(hyper.caseLearningRateScale)
        .build();
  }

  private PretrainedEncoder pretrainedEncoder() {
    try {
      return PretrainedEncoder.named(baseEncoder);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--base-encoder: " + e.getMessage());
    }
  }

  private Device device() {
    return switch (device.toLowerCase(java.util.Locale.ROOT)) {
      case "cpu" -> Device.cpu();
      case "gpu", "cuda" -> Device.gpu();
      default ->
          throw new ParameterException(
              spec.commandLine(), "expected --device cpu or gpu, found " + device);
    };
  }

  private static FineTuneJob.SentenceInput sentenceInput(SentenceSplit split) {
    SentenceDataset train = split.train().orElseThrow();
    List<SentenceExample> dev = split.dev().map(SentenceDataset::examples).orElse(List.of());
    return new FineTuneJob.SentenceInput(
        train.labels(),
        train.examples().stream().map(SentenceExample::text).toList(),
        train.examples().stream().mapToInt(e -> train.labelId(e.label())).toArray(),
        dev.stream().map(SentenceExample::text).toList(),
        dev.stream().mapToInt(e -> train.labelId(e.label())).toArray());
  }

  private FineTuneJob.TaggedInput taggedInput(TaggingSplit split) {
    TaggingDataset train = split.train().orElseThrow();
    List<TaggedSentence> dev = split.dev().map(TaggingDataset::sentences).orElse(List.of());
    return new FineTuneJob.TaggedInput(
        train.tags(),
        train.sentences().stream().map(TaggedSentence::tokens).toList(),
        train.sentences().stream().map(s -> tagIds(train, s)).toList(),
        dev.stream().map(TaggedSentence::tokens).toList(),
        dev.stream().map(s -> tagIds(train, s)).toList(),
        tagDecoding(train.tags()));
  }

  private TagDecoding tagDecoding(List<String> tags) {
    if (decoding == null) {
      return TagDecoding.defaultFor(tags);
    }
    try {
      TagDecoding chosen = TagDecoding.parse(decoding);
      if (!chosen.accepts(tags)) {
        throw new ParameterException(
            spec.commandLine(), "expected BIO tags for --decoding " + chosen + ", found " + tags);
      }
      return chosen;
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--decoding: " + e.getMessage());
    }
  }

  private static int[] tagIds(TaggingDataset tags, TaggedSentence s) {
    return s.tags().stream().mapToInt(tags::tagId).toArray();
  }
}
