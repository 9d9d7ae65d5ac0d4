package io.streambert.model.inference;

import io.streambert.model.PlannedPasses;
import io.streambert.model.TextPrediction;
import io.streambert.model.bundle.BundleManifest;
import io.streambert.model.bundle.TaskKind;
import io.streambert.model.bundle.TaskSpec;
import io.streambert.model.decoding.EntityDecoder;
import io.streambert.model.decoding.EntitySpan;
import io.streambert.model.decoding.SentimentDecoder;
import io.streambert.model.decoding.SentimentPrediction;
import io.streambert.model.decoding.TaggedWord;
import io.streambert.model.encoding.EncodedText;
import io.streambert.model.encoding.TokenWindow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs every task of a bundle over a batch of encoded texts: one forward pass per sub-batch
 * computes all task outputs, and the window results are merged back per text.
 *
 * <p>Sentiment is the softmax of the average of a text's window logits. Entities take, for each
 * word, the tag logits at its first sub-word from the window that owns that token ({@link
 * TokenWindow#ownedFrom()} .. {@link TokenWindow#ownedTo()}). Thread-safe: all state is per call.
 */
public final class MultiTaskPredictor {
  private final OnnxEngine engine;
  private final long padId;
  private final BatchPlanner planner;
  private final String sentimentOutput;
  private final SentimentDecoder sentimentDecoder;
  private final String entityOutput;
  private final EntityDecoder entityDecoder;
  private final List<String> outputs;

  /**
   * Binds an engine to a manifest's tasks and checks the engine's outputs against them.
   *
   * @param engine the session (not owned: the caller closes it)
   * @param manifest the tasks, their labels and output names
   * @param padId the tokenizer's padding id
   * @param config the batch limits
   * @throws EngineException when an output is missing or has the wrong type, rank or width
   */
  public MultiTaskPredictor(
      OnnxEngine engine, BundleManifest manifest, long padId, EngineConfig config) {
    this.engine = engine;
    this.padId = padId;
    this.planner = new BatchPlanner(config.maxBatchWindows(), config.maxBatchTokens());
    Optional<TaskSpec> sentence =
        manifest.task(TaskKind.SENTENCE_CLASSIFICATION).map(Map.Entry::getValue);
    Optional<TaskSpec> token =
        manifest.task(TaskKind.TOKEN_CLASSIFICATION).map(Map.Entry::getValue);
    if (sentence.isEmpty() && token.isEmpty()) {
      throw new EngineException(
          "expected a sentence or token classification task in the manifest, found "
              + manifest.tasks().keySet());
    }
    List<String> names = new ArrayList<>();
    if (sentence.isPresent()) {
      TaskSpec spec = sentence.get();
      engine.requireOutput(spec.output(), 2, spec.labels().size());
      names.add(spec.output());
    }
    if (token.isPresent()) {
      TaskSpec spec = token.get();
      engine.requireOutput(spec.output(), 3, spec.labels().size());
      names.add(spec.output());
    }
    this.sentimentOutput = sentence.map(TaskSpec::output).orElse(null);
    this.sentimentDecoder = sentence.map(s -> new SentimentDecoder(s.labels())).orElse(null);
    this.entityOutput = token.map(TaskSpec::output).orElse(null);
    this.entityDecoder = token.map(t -> new EntityDecoder(t.labels(), t.decoding())).orElse(null);
    this.outputs = List.copyOf(names);
  }

  /** Predicts with the serving policy: sorted by length, dynamic padding. */
  public List<TextPrediction> predict(List<EncodedText> texts) {
    return predict(texts, BatchPolicy.SORTED_DYNAMIC);
  }

  /**
   * The forward passes {@link #predict(List)} runs for {@code texts}: the same planner on the same
   * window lengths, without running them.
   */
  public PlannedPasses plan(List<EncodedText> texts) {
    return plan(texts, BatchPolicy.SORTED_DYNAMIC);
  }

  /** The forward passes {@link #predict(List, BatchPolicy)} runs for {@code texts}. */
  public PlannedPasses plan(List<EncodedText> texts, BatchPolicy policy) {
    int[] lengths = windowLengths(texts);
    PlannedPasses planned = PlannedPasses.NONE;
    for (int[] pass : planner.plan(lengths, policy)) {
      int longest = 0;
      long real = 0;
      for (int index : pass) {
        longest = Math.max(longest, lengths[index]);
        real += lengths[index];
      }
      int padded = policy.fixedLength() > 0 ? policy.fixedLength() : longest;
      planned = planned.plus(PlannedPasses.single(pass.length, real, (long) pass.length * padded));
    }
    return planned;
  }

  private static int[] windowLengths(List<EncodedText> texts) {
    int count = 0;
    for (EncodedText text : texts) {
      count += text.windows().size();
    }
    int[] lengths = new int[count];
    int i = 0;
    for (EncodedText text : texts) {
      for (TokenWindow window : text.windows()) {
        lengths[i++] = window.length();
      }
    }
    return lengths;
  }

  /**
   * Predicts all tasks for the texts with the given batching policy.
   *
   * @return one prediction per text, in the order of {@code texts}
   */
  public List<TextPrediction> predict(List<EncodedText> texts, BatchPolicy policy) {
    if (texts.isEmpty()) {
      return List.of();
    }
    List<TextState> states = new ArrayList<>(texts.size());
    List<TokenWindow> windows = new ArrayList<>();
    List<TextState> owners = new ArrayList<>();
    for (EncodedText text : texts) {
      TextState state = new TextState(text);
      states.add(state);
      for (TokenWindow window : text.windows()) {
        windows.add(window);
        owners.add(state);
      }
    }
    for (int[] pass : planner.plan(windowLengths(texts), policy)) {
      List<TokenWindow> passWindows = new ArrayList<>(pass.length);
      for (int index : pass) {
        passWindows.add(windows.get(index));
      }
      EncodedBatch batch =
          policy.fixedLength() > 0
              ? EncodedBatch.padTo(passWindows, padId, policy.fixedLength())
              : EncodedBatch.padToLongest(passWindows, padId);
      Map<String, Logits> out = engine.run(batch, outputs);
      for (int row = 0; row < pass.length; row++) {
        TextState state = owners.get(pass[row]);
        TokenWindow window = passWindows.get(row);
        if (sentimentOutput != null) {
          state.addSentence(out.get(sentimentOutput), row);
        }
        if (entityOutput != null) {
          state.addTokens(out.get(entityOutput), row, window);
        }
      }
    }
    List<TextPrediction> predictions = new ArrayList<>(states.size());
    for (TextState state : states) {
      predictions.add(state.decode());
    }
    return predictions;
  }

  /** What one text's windows have produced so far. */
  private final class TextState {
    private final EncodedText text;
    private float[] sentenceSum;
    private int sentenceWindows;
    private final int[] wordStart;
    private final int[] wordEnd;
    private final float[][] wordLogits;
    private final boolean[] owned;

    TextState(EncodedText text) {
      this.text = text;
      int words = 0;
      for (TokenWindow w : text.windows()) {
        for (int id : w.wordIds()) {
          words = Math.max(words, id + 1);
        }
      }
      wordStart = new int[words];
      wordEnd = new int[words];
      Arrays.fill(wordStart, Integer.MAX_VALUE);
      Arrays.fill(wordEnd, -1);
      wordLogits = new float[words][];
      owned = new boolean[words];
      // A word's char range is the union of all its sub-words, wherever they fall.
      for (TokenWindow w : text.windows()) {
        for (int t = 0; t < w.length(); t++) {
          int word = w.wordIds()[t];
          if (word >= 0 && w.charStarts()[t] >= 0) {
            wordStart[word] = Math.min(wordStart[word], w.charStarts()[t]);
            wordEnd[word] = Math.max(wordEnd[word], w.charEnds()[t]);
          }
        }
      }
    }

    void addSentence(Logits logits, int row) {
      int width = logits.width();
      if (sentenceSum == null) {
        sentenceSum = new float[width];
      }
      int base = row * width;
      for (int i = 0; i < width; i++) {
        sentenceSum[i] += logits.values()[base + i];
      }
      sentenceWindows++;
    }

    void addTokens(Logits logits, int row, TokenWindow window) {
      int seq = (int) logits.shape()[1];
      int width = logits.width();
      int[] wordIds = window.wordIds();
      for (int t = 0; t < window.length(); t++) {
        int word = wordIds[t];
        // A window that starts mid-word sees a continuation right after [CLS]: that token only
        // counts when it starts where the word starts.
        boolean firstSubWord =
            window.isFirstSubword(t) && (t > 1 || window.charStarts()[t] == wordStart[word]);
        if (!firstSubWord) {
          continue;
        }
        boolean ownedHere = t >= window.ownedFrom() && t < window.ownedTo();
        // The owning window wins; any other window only fills a gap.
        if (owned[word] || (!ownedHere && wordLogits[word] != null)) {
          continue;
        }
        int from = (row * seq + t) * width;
        wordLogits[word] = Arrays.copyOfRange(logits.values(), from, from + width);
        owned[word] = ownedHere;
      }
    }

    TextPrediction decode() {
      Optional<SentimentPrediction> sentiment = Optional.empty();
      if (sentimentDecoder != null) {
        float[] mean = new float[sentenceSum.length];
        for (int i = 0; i < mean.length; i++) {
          mean[i] = sentenceSum[i] / sentenceWindows;
        }
        sentiment = Optional.of(sentimentDecoder.decode(mean));
      }
      List<EntitySpan> entities = List.of();
      if (entityDecoder != null) {
        List<TaggedWord> words = new ArrayList<>(wordLogits.length);
        for (int w = 0; w < wordLogits.length; w++) {
          boolean located = wordEnd[w] > wordStart[w];
          words.add(
              new TaggedWord(
                  located ? wordStart[w] : -1, located ? wordEnd[w] : -1, wordLogits[w]));
        }
        entities = entityDecoder.decode(text.text(), words);
      }
      return new TextPrediction(sentiment, entities);
    }
  }
}
