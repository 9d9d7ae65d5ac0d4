package io.streambert.trainer.export;

import io.streambert.model.OnnxTextModel;
import io.streambert.model.TextPrediction;
import io.streambert.model.bundle.ModelBundle;
import io.streambert.model.encoding.EncodedText;
import io.streambert.model.encoding.InvalidTextException;
import io.streambert.model.inference.EngineConfig;
import io.streambert.model.inference.ExecutionProvider;
import io.streambert.trainer.data.SentenceDataset;
import io.streambert.trainer.data.SentenceExample;
import io.streambert.trainer.data.TaggedSentence;
import io.streambert.trainer.data.TaggingDataset;
import io.streambert.trainer.metrics.ModelEvaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Compares an int8 bundle with the fp32 bundle it was quantized from on labelled dev sets, through
 * the serving path (bundle tokenizer, ONNX Runtime, decoders): accuracy and entity F1 of both, and
 * how many predictions are unchanged: sentence labels, and the BIO tag of every word (from the
 * predicted spans, as the entity metrics read them).
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
                    sameLabels(predict(reference, texts), predict(candidate, texts)));
              });
      Optional<Int8Comparison.Task> entities =
          tagged.map(
              d -> {
                List<List<String>> words =
                    d.sentences().stream().map(TaggedSentence::tokens).toList();
                List<String> texts = words.stream().map(w -> String.join(" ", w)).toList();
                List<TextPrediction> pa = predict(reference, texts);
                List<TextPrediction> pb = predict(candidate, texts);
                int total = 0;
                int agreeing = 0;
                for (int i = 0; i < texts.size(); i++) {
                  List<String> ta = ModelEvaluator.wordTags(words.get(i), pa.get(i).entities());
                  List<String> tb = ModelEvaluator.wordTags(words.get(i), pb.get(i).entities());
                  for (int w = 0; w < ta.size(); w++) {
                    total++;
                    agreeing += ta.get(w).equals(tb.get(w)) ? 1 : 0;
                  }
                }
                return new Int8Comparison.Task(
                    "entities.f1", total, a.entities(d).f1(), b.entities(d).f1(), agreeing);
              });
      return new Int8Comparison(sentiment, entities, tolerance);
    }
  }

  private static int sameLabels(List<TextPrediction> a, List<TextPrediction> b) {
    int same = 0;
    for (int i = 0; i < a.size(); i++) {
      String la = a.get(i).sentiment().orElseThrow().label();
      same += la.equals(b.get(i).sentiment().orElseThrow().label()) ? 1 : 0;
    }
    return same;
  }

  private static List<TextPrediction> predict(OnnxTextModel model, List<String> texts) {
    List<TextPrediction> out = new ArrayList<>(texts.size());
    for (int from = 0; from < texts.size(); from += BATCH) {
      List<EncodedText> batch = new ArrayList<>();
      for (String text : texts.subList(from, Math.min(texts.size(), from + BATCH))) {
        try {
          batch.add(model.encode(text));
        } catch (InvalidTextException e) {
          throw new IllegalArgumentException("dev text cannot be encoded: " + e.getMessage(), e);
        }
      }
      out.addAll(model.predict(batch));
    }
    return out;
  }
}
