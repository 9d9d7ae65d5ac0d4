package io.streambert.model;

import io.streambert.model.bundle.BundleManifest.GoldenExample;
import io.streambert.model.decoding.EntitySpan;
import io.streambert.model.decoding.SentimentPrediction;
import io.streambert.model.encoding.EncodedText;
import io.streambert.model.encoding.InvalidTextException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Golden examples: texts with the predictions a bundle's model must reproduce.
 *
 * <p>The trainer records them in the manifest with {@link #predict} when it exports a bundle and
 * checks them with {@link #check} before it publishes; a processor runs the same {@link #check} on
 * the model it has just loaded, before it serves it. Entities are compared as {@code
 * TYPE:start-end} strings (UTF-16 offsets, end exclusive), the manifest's form.
 */
public final class GoldenExamples {
  private GoldenExamples() {}

  /**
   * The outcome of a check.
   *
   * @param examples golden examples checked
   * @param mismatches one line per example whose prediction differs, saying expected and found
   */
  public record Result(int examples, List<String> mismatches) {
    public Result {
      mismatches = List.copyOf(mismatches);
    }

    /** Whether every example was reproduced. */
    public boolean passed() {
      return mismatches.isEmpty();
    }
  }

  /**
   * Predicts every golden example of {@code model}'s own manifest and compares.
   *
   * <p>A golden example with a null sentiment or null entities leaves that task unchecked. A text
   * that cannot be encoded counts as a mismatch.
   */
  public static Result check(TextModel model) {
    List<GoldenExample> golden = model.manifest().goldenExamples();
    if (golden.isEmpty()) {
      return new Result(0, List.of());
    }
    List<TextPrediction> predictions;
    try {
      predictions =
          model.predict(encodeAll(model, golden.stream().map(GoldenExample::text).toList()));
    } catch (InvalidTextException e) {
      return new Result(
          golden.size(), List.of("expected every golden text to encode, found: " + e.getMessage()));
    }
    List<String> mismatches = new ArrayList<>();
    for (int i = 0; i < golden.size(); i++) {
      GoldenExample expected = golden.get(i);
      GoldenExample found = asGolden(expected.text(), predictions.get(i), true, true);
      boolean sentimentOk =
          expected.sentiment() == null || Objects.equals(expected.sentiment(), found.sentiment());
      boolean entitiesOk =
          expected.entities() == null || expected.entities().equals(found.entities());
      if (!sentimentOk || !entitiesOk) {
        mismatches.add(
            "\""
                + expected.text()
                + "\": expected "
                + expected.sentiment()
                + " "
                + expected.entities()
                + ", found "
                + found.sentiment()
                + " "
                + found.entities());
      }
    }
    return new Result(golden.size(), mismatches);
  }

  /**
   * What {@code model} predicts for {@code texts}, as golden examples to record in a manifest.
   *
   * @param sentiment whether to record the sentence label (the bundle has a sentiment head)
   * @param entities whether to record the entities (the bundle has an entity head)
   * @throws InvalidTextException when a text cannot be encoded
   */
  public static List<GoldenExample> predict(
      TextModel model, List<String> texts, boolean sentiment, boolean entities)
      throws InvalidTextException {
    if (texts.isEmpty()) {
      return List.of();
    }
    List<TextPrediction> predictions = model.predict(encodeAll(model, texts));
    List<GoldenExample> examples = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      examples.add(asGolden(texts.get(i), predictions.get(i), sentiment, entities));
    }
    return examples;
  }

  /** The manifest's entity notation, {@code TYPE:start-end} (UTF-16 offsets, end exclusive). */
  public static String format(EntitySpan span) {
    return span.type() + ":" + span.start() + "-" + span.end();
  }

  private static List<EncodedText> encodeAll(TextModel model, List<String> texts)
      throws InvalidTextException {
    List<EncodedText> encoded = new ArrayList<>(texts.size());
    for (String text : texts) {
      encoded.add(model.encode(text));
    }
    return encoded;
  }

  private static GoldenExample asGolden(
      String text, TextPrediction p, boolean sentiment, boolean entities) {
    return new GoldenExample(
        text,
        sentiment ? p.sentiment().map(SentimentPrediction::label).orElse(null) : null,
        entities ? p.entities().stream().map(GoldenExamples::format).toList() : null);
  }
}
