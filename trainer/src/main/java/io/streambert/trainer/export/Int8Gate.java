package io.streambert.trainer.export;

import io.streambert.model.OnnxTextModel;
import io.streambert.model.TextPrediction;
import io.streambert.model.bundle.ModelBundle;
import io.streambert.model.decoding.EntitySpan;
import io.streambert.model.encoding.EncodedText;
import io.streambert.model.encoding.InvalidTextException;
import io.streambert.model.inference.EngineConfig;
import io.streambert.model.inference.ExecutionProvider;
import io.streambert.trainer.data.SentenceDataset;
import io.streambert.trainer.data.SentenceExample;
import io.streambert.trainer.data.TaggingDataset;
import io.streambert.trainer.metrics.ModelEvaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Compares an int8 bundle with the fp32 bundle it was quantized from on labelled dev sets, through
 * the serving path (bundle tokenizer, ONNX Runtime, decoders): accuracy and entity F1 of both, and
 * how many predictions are unchanged.
 *
 * <p>Int8 logits differ from fp32 ones by far more than the fp32 parity gate's 1e-3, so what is
 * judged is what a user sees: labels and entity spans.
 */
public final class Int8Gate {
  private static final int BATCH = 64;

  private final Int8Tolerance tolerance;

  public Int8Gate(Int8Tolerance tolerance) {
    this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
  }

  public Int8Tolerance tolerance() {
    return tolerance;
  }

  /**
   * Measures both bundles; never throws for a drift (see {@link Int8Comparison#passed()}).
   *
   * @throws IllegalArgumentException when no dev set is given
   */
  public Int8Comparison compare(
      ModelBundle fp32,
      ModelBundle int8,
      Optional<SentenceDataset> sentences,
      Optional<TaggingDataset> tagged) {
    if (sentences.isEmpty() && tagged.isEmpty()) {
      throw new IllegalArgumentException(
          "expected dev data for the int8 gate (--sentiment-dev and/or --entities-dev), found"
              + " none");
    }
    EngineConfig engine = EngineConfig.builder().provider(ExecutionProvider.CPU).build();
    try (OnnxTextModel reference = OnnxTextModel.load(fp32, engine);
        OnnxTextModel candidate = OnnxTextModel.load(int8, engine)) {
      ModelEvaluator a = new ModelEvaluator(reference, BATCH);
      ModelEvaluator b = new ModelEvaluator(candidate, BATCH);
      Optional<Int8Comparison.Task> sentiment =
          sentences.map(
              d -> {
                List<String> texts = d.examples().stream().map(SentenceExample::text).toList();
                return new Int8Comparison.Task(
                    "sentiment.accuracy",
                    texts.size(),
                    a.sentences(d).accuracy(),
                    b.sentences(d).accuracy(),
                    agreeing(reference, candidate, texts, Int8Gate::sameLabel));
              });
      Optional<Int8Comparison.Task> entities =
          tagged.map(
              d -> {
                List<String> texts =
                    d.sentences().stream().map(s -> String.join(" ", s.tokens())).toList();
                return new Int8Comparison.Task(
                    "entities.f1",
                    texts.size(),
                    a.entities(d).f1(),
                    b.entities(d).f1(),
                    agreeing(reference, candidate, texts, Int8Gate::sameSpans));
              });
      return new Int8Comparison(sentiment, entities, tolerance);
    }
  }

  private interface Same {
    boolean test(TextPrediction a, TextPrediction b);
  }

  private static boolean sameLabel(TextPrediction a, TextPrediction b) {
    return a.sentiment().orElseThrow().label().equals(b.sentiment().orElseThrow().label());
  }

  private static boolean sameSpans(TextPrediction a, TextPrediction b) {
    return spans(a).equals(spans(b));
  }

  private static List<String> spans(TextPrediction p) {
    return p.entities().stream().map(Int8Gate::span).toList();
  }

  private static String span(EntitySpan s) {
    return s.type() + ":" + s.start() + "-" + s.end();
  }

  private static int agreeing(OnnxTextModel a, OnnxTextModel b, List<String> texts, Same same) {
    int agreeing = 0;
    for (int from = 0; from < texts.size(); from += BATCH) {
      List<EncodedText> batchA = new ArrayList<>();
      List<EncodedText> batchB = new ArrayList<>();
      for (String text : texts.subList(from, Math.min(texts.size(), from + BATCH))) {
        try {
          batchA.add(a.encode(text));
          batchB.add(b.encode(text));
        } catch (InvalidTextException e) {
          throw new IllegalArgumentException("dev text cannot be encoded: " + e.getMessage(), e);
        }
      }
      List<TextPrediction> pa = a.predict(batchA);
      List<TextPrediction> pb = b.predict(batchB);
      for (int i = 0; i < pa.size(); i++) {
        if (same.test(pa.get(i), pb.get(i))) {
          agreeing++;
        }
      }
    }
    return agreeing;
  }
}
