package io.streambert.trainer.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.streambert.model.bundle.BundleBuilder;
import io.streambert.model.bundle.TagDecoding;
import io.streambert.model.encoding.TextEncoder;
import io.streambert.model.onnx.EncoderWeights;
import io.streambert.trainer.bert.MultiTaskBert;
import io.streambert.trainer.bert.PretrainedWeights;
import io.streambert.trainer.export.BundleExporter;
import io.streambert.trainer.export.ExportRequest;
import io.streambert.trainer.export.ParityGate;
import io.streambert.trainer.export.ServingGoldenExamples;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole fine-tuning run from labelled text to a verified bundle: encode with the base encoder's
 * tokenizer, load the pretrained weights, train ({@link FineTuner}), export ({@link
 * BundleExporter}) behind the parity gate. This is the entry point a CLI calls.
 */
public final class FineTuneJob {

  private static final Logger LOG = LoggerFactory.getLogger(FineTuneJob.class);

  /**
   * Sentence-classification data.
   *
   * @param labels label names, index = class id
   * @param trainTexts training texts
   * @param trainLabels class id per training text
   * @param devTexts dev texts (may be empty: no evaluation, the last epoch is kept)
   * @param devLabels class id per dev text
   */
  public record SentenceInput(
      List<String> labels,
      List<String> trainTexts,
      int[] trainLabels,
      List<String> devTexts,
      int[] devLabels) {}

  /**
   * Tagging data, one word list and one tag-id array per sentence.
   *
   * @param tags tag names, index = class id ("O" included)
   * @param trainWords words per training sentence
   * @param trainTags tag id per word, per training sentence
   * @param devWords words per dev sentence
   * @param devTags tag id per word, per dev sentence
   * @param decoding how the dev evaluation and the exported bundle choose each word's tag
   */
  public record TaggedInput(
      List<String> tags,
      List<List<String>> trainWords,
      List<int[]> trainTags,
      List<List<String>> devWords,
      List<int[]> devTags,
      TagDecoding decoding) {

    /** Tagging data decoded the way new bundles are ({@link TagDecoding#defaultFor}). */
    public TaggedInput(
        List<String> tags,
        List<List<String>> trainWords,
        List<int[]> trainTags,
        List<List<String>> devWords,
        List<int[]> devTags) {
      this(tags, trainWords, trainTags, devWords, devTags, TagDecoding.defaultFor(tags));
    }
  }

  /**
   * Where and how to export after training.
   *
   * @param bundleDir the new bundle folder
   * @param modelVersion version recorded in the manifest
   * @param maxSequenceLength longest window serving feeds the graph
   * @param windowStride overlap of consecutive windows of a long text
   * @param paritySample dev texts (at most) run through both runtimes
   * @param goldenExamples dev texts recorded with their predictions in the manifest
   */
  public record ExportSpec(
      Path bundleDir,
      String modelVersion,
      int maxSequenceLength,
      int windowStride,
      int paritySample,
      int goldenExamples) {}

  /**
   * What a run produced.
   *
   * @param training the training outcome
   * @param export the exported bundle, when an export was asked for and training completed
   */
  public record Outcome(TrainingResult training, Optional<BundleExporter.Result> export) {}

  private FineTuneJob() {}

  /**
   * Runs it.
   *
   * @param device where to train (CPU, or a GPU with a CUDA build of libtorch)
   * @throws IOException when files cannot be read or written
   * @throws io.streambert.trainer.export.ParityException when the export does not reproduce the
   *     model
   */
  public static Outcome run(
      BaseEncoder base,
      TrainingConfig config,
      Optional<SentenceInput> sentences,
      Optional<TaggedInput> tagged,
      RunOptions options,
      Optional<ExportSpec> export,
      Device device)
      throws IOException {
    Engine.getEngine("PyTorch").setRandomSeed((int) config.seed());
    TrainingData data;
    try (TextEncoder encoder =
        TextEncoder.open(
            base.tokenizer(),
            config.maxSequenceLength(),
            defaultStride(config.maxSequenceLength()))) {
      Featurizer featurizer = new Featurizer(encoder);
      Optional<SentenceTask> sentenceTask =
          sentences.map(
              s ->
                  new SentenceTask(
                      s.labels(),
                      featurizer.sentences(s.trainTexts(), s.trainLabels()),
                      featurizer.sentences(s.devTexts(), s.devLabels())));
      Optional<TokenTask> tokenTask =
          tagged.map(
              t ->
                  new TokenTask(
                      t.tags(),
                      featurizer.tagged(t.trainWords(), t.trainTags()),
                      featurizer.tagged(t.devWords(), t.devTags()),
                      t.decoding()));
      data = new TrainingData(sentenceTask, tokenTask);
    }
    LOG.info(
        "encoded {} training windows (sentence {}, token {})",
        data.trainSize(),
        data.sentence().map(t -> t.train().size()).orElse(0),
        data.token().map(t -> t.train().size()).orElse(0));

    EncoderWeights weights = EncoderWeights.read(base.onnx());
    try (MultiTaskBert model =
        PretrainedWeights.load(
            weights,
            sentences.map(s -> s.labels().size()).orElse(0),
            tagged.map(t -> t.tags().size()).orElse(0),
            config.caseEmbeddings(),
            config.dropout(),
            device,
            config.seed())) {
      TrainingResult result = new FineTuner(model, config, data).train(options);
      if (export.isEmpty() || !result.completed()) {
        return new Outcome(result, Optional.empty());
      }
      ExportSpec spec = export.get();
      List<String> parityTexts = new ArrayList<>();
      sentences.ifPresent(s -> parityTexts.addAll(s.devTexts()));
      tagged.ifPresent(t -> t.devWords().forEach(w -> parityTexts.add(String.join(" ", w))));
      if (parityTexts.isEmpty()) {
        sentences.ifPresent(s -> parityTexts.addAll(s.trainTexts()));
        tagged.ifPresent(t -> t.trainWords().forEach(w -> parityTexts.add(String.join(" ", w))));
      }
      List<String> sample = spread(parityTexts, spec.paritySample());
      BundleExporter exporter =
          new BundleExporter(
              () -> BundleBuilder.fromFiles(base.onnx(), base.tokenizer(), base.name()),
              new ParityGate(ParityGate.DEFAULT_TOLERANCE),
              new ServingGoldenExamples());
      BundleExporter.Result exported =
          exporter.export(
              model,
              new ExportRequest(
                  spec.bundleDir(),
                  spec.modelVersion(),
                  sentences.map(SentenceInput::labels),
                  tagged.map(TaggedInput::tags),
                  tagged.map(TaggedInput::decoding).orElse(TagDecoding.GREEDY),
                  spec.maxSequenceLength(),
                  spec.windowStride(),
                  metrics(result),
                  sample,
                  spec.goldenExamples()));
      return new Outcome(result, Optional.of(exported));
    }
  }

  /** The default window overlap for a maximum length: a quarter of it. */
  public static int defaultStride(int maxSequenceLength) {
    return Math.max(2, (maxSequenceLength - 2) / 4);
  }

  private static Map<String, Double> metrics(TrainingResult result) {
    Map<String, Double> metrics = new java.util.LinkedHashMap<>(result.bestMetrics());
    metrics.put("train.examples_per_second", result.examplesPerSecond());
    metrics.put("train.seconds", result.trainSeconds());
    return metrics;
  }

  /** Up to {@code n} texts spread evenly over the list (both tasks represented in order). */
  private static List<String> spread(List<String> texts, int n) {
    if (texts.size() <= n) {
      return texts;
    }
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(texts.get((int) ((long) i * texts.size() / n)));
    }
    return out;
  }
}
