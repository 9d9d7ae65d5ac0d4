package io.streambert.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.streambert.model.GoldenExamples;
import io.streambert.model.OnnxTextModel;
import io.streambert.model.TextPrediction;
import io.streambert.model.bundle.BundleBuilder;
import io.streambert.model.bundle.BundleManifest;
import io.streambert.model.bundle.ModelBundle;
import io.streambert.model.bundle.PretrainedEncoder;
import io.streambert.model.bundle.TagDecoding;
import io.streambert.model.decoding.EntityDecoder;
import io.streambert.model.decoding.EntitySpan;
import io.streambert.model.decoding.Softmax;
import io.streambert.model.decoding.TaggedWord;
import io.streambert.model.encoding.EncodedText;
import io.streambert.model.encoding.TextEncoder;
import io.streambert.model.encoding.TokenWindow;
import io.streambert.model.inference.EngineConfig;
import io.streambert.model.inference.ExecutionProvider;
import io.streambert.model.onnx.EncoderWeights;
import io.streambert.trainer.bert.ModelInputs;
import io.streambert.trainer.bert.MultiTaskBert;
import io.streambert.trainer.bert.PretrainedWeights;
import io.streambert.trainer.export.BundleExporter;
import io.streambert.trainer.export.ExportRequest;
import io.streambert.trainer.export.ParityGate;
import io.streambert.trainer.export.ServingGoldenExamples;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI-sized multi-task fine-tune of MiniLM: the loss falls, dev accuracy beats the majority class,
 * the export passes the parity gate and the serving engine predicts what the training model does.
 */
class TrainerSmokeIT {

  private static final int TRAIN = 256;
  private static final int MAX_LENGTH = 48;

  @Test
  void shouldFineTuneExportAndServeIdenticalPredictions(@TempDir Path dir) throws Exception {
    SmokeData data = SmokeData.load(TRAIN, 200, 100);
    PretrainedEncoder.Extracted miniLm = PretrainedEncoder.miniLm().extractTo(dir.resolve("base"));
    EncoderWeights weights = EncoderWeights.read(miniLm.onnx());

    TrainingData tasks;
    try (TextEncoder encoder = TextEncoder.open(miniLm.tokenizer(), MAX_LENGTH, 16)) {
      Featurizer featurizer = new Featurizer(encoder);
      tasks =
          TrainingData.of(
              new SentenceTask(
                  SmokeData.SENTIMENT_LABELS,
                  featurizer.sentences(data.sentimentTrain.texts(), data.sentimentTrain.labels()),
                  featurizer.sentences(data.sentimentDev.texts(), data.sentimentDev.labels())),
              new TokenTask(
                  SmokeData.TAGS,
                  featurizer.tagged(data.entitiesTrain.words(), data.entitiesTrain.tags()),
                  featurizer.tagged(data.entitiesDev.words(), data.entitiesDev.tags())));
    }
    TrainingConfig config =
        TrainingConfig.builder()
            .epochs(2)
            .batchSize(16)
            .maxSequenceLength(MAX_LENGTH)
            .learningRate(1.5e-4f)
            .warmupFraction(0.1f)
            .freezeWordEmbeddings(true)
            .patience(0)
            .seed(42)
            .build();

    try (MultiTaskBert model =
        PretrainedWeights.load(
            weights, 2, SmokeData.TAGS.size(), config.dropout(), Device.cpu(), config.seed())) {
      TrainingResult result = new FineTuner(model, config, tasks).train(RunOptions.quiet());

      List<Float> losses = result.stepLosses();
      double first = mean(losses.subList(0, 8));
      double last = mean(losses.subList(losses.size() - 8, losses.size()));
      double majority = majorityShare(data.sentimentDev.labels());
      System.out.printf(
          "smoke (%s): %d steps, %.1f examples/s, %.0f s training; loss %.3f -> %.3f; dev %s;"
              + " majority %.3f%n",
          data.source,
          losses.size(),
          result.examplesPerSecond(),
          result.trainSeconds(),
          first,
          last,
          result.bestMetrics(),
          majority);
      assertThat(result.completed()).isTrue();
      assertThat(last).isLessThan(first * 0.8);
      assertThat(result.bestMetrics().get(Evaluator.SENTENCE_ACCURACY))
          .isGreaterThan(majority + 0.05);
      assertThat(result.bestMetrics().get(Evaluator.ENTITY_F1)).isGreaterThan(0.25);

      List<String> texts = new ArrayList<>(data.sentimentDev.texts().subList(0, 32));
      texts.addAll(data.entitiesDev.texts().subList(0, 32));
      BundleExporter exporter =
          new BundleExporter(
              () -> BundleBuilder.fromFiles(miniLm.onnx(), miniLm.tokenizer(), "all-MiniLM-L6-v2"),
              new ParityGate(ParityGate.DEFAULT_TOLERANCE),
              new ServingGoldenExamples());
      BundleExporter.Result exported =
          exporter.export(
              model,
              new ExportRequest(
                  dir.resolve("bundles/1"),
                  "1",
                  Optional.of(SmokeData.SENTIMENT_LABELS),
                  Optional.of(SmokeData.TAGS),
                  TagDecoding.BIO_VITERBI,
                  128,
                  32,
                  result.bestMetrics(),
                  texts,
                  8));
      System.out.println("smoke export " + exported.parity());
      assertThat(exported.parity().passed()).isTrue();

      ModelBundle bundle = ModelBundle.open(dir.resolve("bundles/1"));
      BundleManifest manifest = bundle.manifest();
      assertThat(manifest.goldenExamples()).hasSize(8);
      assertThat(manifest.metrics()).containsKey(Evaluator.SENTENCE_ACCURACY);

      try (OnnxTextModel serving =
              OnnxTextModel.load(
                  bundle, EngineConfig.builder().provider(ExecutionProvider.CPU).build());
          TextEncoder encoder =
              TextEncoder.open(
                  bundle.tokenizerPath(), manifest.maxSequenceLength(), manifest.windowStride())) {
        List<EncodedText> encoded = new ArrayList<>();
        for (String text : texts) {
          encoded.add(serving.encode(text));
        }
        List<TextPrediction> served = serving.predict(encoded);
        EntityDecoder entityDecoder = new EntityDecoder(SmokeData.TAGS, TagDecoding.BIO_VITERBI);
        int entitiesSeen = 0;
        for (int i = 0; i < texts.size(); i++) {
          Expected expected =
              predictWithTrainingModel(model, encoder.encode(texts.get(i)), entityDecoder);
          TextPrediction actual = served.get(i);
          assertThat(actual.sentiment().orElseThrow().label())
              .as("sentiment of %s", texts.get(i))
              .isEqualTo(SmokeData.SENTIMENT_LABELS.get(expected.sentiment()));
          assertThat(actual.entities())
              .as("entities of %s", texts.get(i))
              .hasSameSizeAs(expected.entities());
          for (int e = 0; e < expected.entities().size(); e++) {
            EntitySpan want = expected.entities().get(e);
            EntitySpan got = actual.entities().get(e);
            assertThat(List.of(got.type(), got.start(), got.end()))
                .isEqualTo(List.of(want.type(), want.start(), want.end()));
          }
          entitiesSeen += expected.entities().size();
          if (i < manifest.goldenExamples().size()) {
            BundleManifest.GoldenExample golden = manifest.goldenExamples().get(i);
            assertThat(golden.sentiment()).isEqualTo(actual.sentiment().orElseThrow().label());
            assertThat(golden.entities())
                .isEqualTo(actual.entities().stream().map(GoldenExamples::format).toList());
          }
        }
        assertThat(entitiesSeen).isPositive();
      }
    }
  }

  private record Expected(int sentiment, List<EntitySpan> entities) {}

  /** The training model's own predictions for a one-window text, decoded like serving does. */
  private static Expected predictWithTrainingModel(
      MultiTaskBert model, EncodedText text, EntityDecoder decoder) {
    assertThat(text.windows()).hasSize(1);
    TokenWindow w = text.windows().get(0);
    int length = w.length();
    float[] sentence;
    float[] tokens;
    try (NDManager manager = model.newBatchManager()) {
      long[] mask = new long[length];
      Arrays.fill(mask, 1L);
      Shape shape = new Shape(1, length);
      NDArray hidden =
          model.encode(
              new ModelInputs(
                  manager.create(w.ids(), shape),
                  manager.create(mask, shape),
                  manager.create(w.typeIds(), shape)),
              false);
      sentence = model.sentenceLogits(hidden, false).toFloatArray();
      tokens = model.tokenLogits(hidden, false).toFloatArray();
    }
    int tags = model.tokenTags();
    int words = Arrays.stream(w.wordIds()).max().orElse(-1) + 1;
    int[] start = new int[words];
    int[] end = new int[words];
    float[][] logits = new float[words][];
    Arrays.fill(start, Integer.MAX_VALUE);
    for (int t = 0; t < length; t++) {
      int word = w.wordIds()[t];
      if (word < 0) {
        continue;
      }
      start[word] = Math.min(start[word], w.charStarts()[t]);
      end[word] = Math.max(end[word], w.charEnds()[t]);
      if (w.isFirstSubword(t)) {
        logits[word] = Arrays.copyOfRange(tokens, t * tags, (t + 1) * tags);
      }
    }
    List<TaggedWord> tagged = new ArrayList<>();
    for (int i = 0; i < words; i++) {
      tagged.add(new TaggedWord(start[i], end[i], logits[i]));
    }
    return new Expected(Softmax.argMax(sentence), decoder.decode(text.text(), tagged));
  }

  private static double mean(List<Float> values) {
    return values.stream().mapToDouble(Float::doubleValue).average().orElseThrow();
  }

  private static double majorityShare(int[] labels) {
    long ones = Arrays.stream(labels).filter(l -> l == 1).count();
    return Math.max(ones, labels.length - ones) / (double) labels.length;
  }
}
