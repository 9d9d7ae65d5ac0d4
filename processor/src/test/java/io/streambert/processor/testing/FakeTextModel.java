package io.streambert.processor.testing;

import ai.onnxruntime.OrtException;
import io.streambert.model.TextModel;
import io.streambert.model.TextPrediction;
import io.streambert.model.bundle.BundleManifest;
import io.streambert.model.bundle.TaskKind;
import io.streambert.model.bundle.TaskSpec;
import io.streambert.model.decoding.EntitySpan;
import io.streambert.model.decoding.SentimentPrediction;
import io.streambert.model.encoding.EncodedText;
import io.streambert.model.encoding.InvalidTextException;
import io.streambert.model.encoding.TokenWindow;
import io.streambert.model.inference.EngineException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model for topology tests: whitespace "tokenizer" (one token per word plus [CLS] and [SEP]),
 * fixed predictions (sentiment "positive" with 0.9 when the text contains "good", otherwise
 * "negative" with 0.8; every capitalized word is a PER entity with score 0.75), and a poison word:
 * any batch holding a text with {@value #POISON} fails.
 */
public final class FakeTextModel implements TextModel {

  private final AtomicBoolean closed = new AtomicBoolean();

  /** A batch containing a text with this word throws. */
  public static final String POISON = "POISON";

  private final String version;
  private final List<List<String>> predictedBatches = new CopyOnWriteArrayList<>();
  private final AtomicInteger outOfMemoryPasses = new AtomicInteger();
  private final AtomicInteger brokenPasses = new AtomicInteger();
  private final AtomicInteger encodeCalls = new AtomicInteger();

  public FakeTextModel(String version) {
    this.version = version;
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public BundleManifest manifest() {
    return new BundleManifest(
        BundleManifest.FORMAT_VERSION,
        version,
        "fake",
        Map.of(
            BundleManifest.SENTIMENT,
            new TaskSpec(
                TaskKind.SENTENCE_CLASSIFICATION, List.of("negative", "positive"), "sentiment"),
            BundleManifest.ENTITIES,
            new TaskSpec(TaskKind.TOKEN_CLASSIFICATION, List.of("O", "B-PER", "I-PER"), "tags")),
        128,
        32,
        true,
        BundleManifest.OnnxInputs.bert(),
        null,
        null,
        null,
        Instant.EPOCH);
  }

  @Override
  public EncodedText encode(String text) throws InvalidTextException {
    encodeCalls.incrementAndGet();
    if (text == null || text.isBlank()) {
      throw new InvalidTextException("expected non-blank text, found '" + text + "'");
    }
    if (text.chars().allMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))) {
      throw new InvalidTextException("only control characters");
    }
    List<int[]> words = words(text);
    int n = words.size() + 2;
    long[] ids = new long[n];
    long[] types = new long[n];
    int[] starts = new int[n];
    int[] ends = new int[n];
    int[] wordIds = new int[n];
    starts[0] = ends[0] = wordIds[0] = -1;
    starts[n - 1] = ends[n - 1] = wordIds[n - 1] = -1;
    ids[0] = 101;
    ids[n - 1] = 102;
    for (int i = 0; i < words.size(); i++) {
      ids[i + 1] = 1000 + i;
      starts[i + 1] = words.get(i)[0];
      ends[i + 1] = words.get(i)[1];
      wordIds[i + 1] = i;
    }
    return new EncodedText(
        text, List.of(new TokenWindow(ids, types, starts, ends, wordIds, 0, 1, n - 1)));
  }

  private volatile CountDownLatch gate = new CountDownLatch(0);
  private final List<CountDownLatch> gates = new CopyOnWriteArrayList<>();

  /** Makes the next {@code passes} {@link #predict} calls fail as ONNX Runtime out of memory. */
  public void runOutOfMemory(int passes) {
    outOfMemoryPasses.set(passes);
  }

  /**
   * Makes the next {@code passes} {@link #predict} calls fail whatever they hold, as ONNX Runtime
   * does on a closed session; the calls after them succeed again.
   */
  public void breakFor(int passes) {
    brokenPasses.set(passes);
  }

  /**
   * Makes later {@link #predict} calls wait until {@link #release()} (or {@link #releaseLatest()}
   * before the next hold).
   */
  public void hold() {
    CountDownLatch held = new CountDownLatch(1);
    gates.add(held);
    gate = held;
  }

  /** Lets every held and later {@link #predict} call go on. */
  public void release() {
    gates.forEach(CountDownLatch::countDown);
  }

  /** Lets the calls held since the latest {@link #hold()} go on; earlier ones stay held. */
  public void releaseLatest() {
    gate.countDown();
  }

  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger mostRunning = new AtomicInteger();

  /** {@link #predict} calls under way now (held ones included). */
  public int runningPredictions() {
    return running.get();
  }

  /** The most {@link #predict} calls that were under way at once. */
  public int mostRunningPredictions() {
    return mostRunning.get();
  }

  @Override
  public List<TextPrediction> predict(List<EncodedText> batch) {
    // The gate is read before the call counts as running: a test that sees it running and then
    // holds again must not move this call onto the new gate.
    CountDownLatch held = gate;
    mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
    try {
      return predictHeld(batch, held);
    } finally {
      running.decrementAndGet();
    }
  }

  private List<TextPrediction> predictHeld(List<EncodedText> batch, CountDownLatch held) {
    try {
      held.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while held", e);
    }
    List<String> texts = batch.stream().map(EncodedText::text).toList();
    predictedBatches.add(texts);
    if (outOfMemoryPasses.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new EngineException(
          "forward pass failed",
          new OrtException("Failed to allocate memory for requested buffer of size 805306368"));
    }
    if (brokenPasses.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IllegalStateException("Trying to score a closed OrtSession.");
    }
    for (String t : texts) {
      if (t.contains(POISON)) {
        throw new IllegalStateException("fake model cannot handle '" + t + "'");
      }
    }
    List<TextPrediction> out = new ArrayList<>(batch.size());
    for (EncodedText e : batch) {
      out.add(predict(e.text()));
    }
    return out;
  }

  /** The prediction this model makes for {@code text}. */
  public static TextPrediction predict(String text) {
    boolean good = text.contains("good");
    SentimentPrediction sentiment =
        good
            ? new SentimentPrediction("positive", 0.9f, Map.of("negative", 0.1f, "positive", 0.9f))
            : new SentimentPrediction("negative", 0.8f, Map.of("negative", 0.8f, "positive", 0.2f));
    List<EntitySpan> entities = new ArrayList<>();
    for (int[] w : words(text)) {
      if (Character.isUpperCase(text.charAt(w[0])) && !text.substring(w[0], w[1]).equals(POISON)) {
        entities.add(new EntitySpan(text.substring(w[0], w[1]), "PER", w[0], w[1], 0.75f));
      }
    }
    return new TextPrediction(Optional.of(sentiment), entities);
  }

  /** The texts of every batch passed to {@link #predict(List)}, in call order. */
  public List<List<String>> predictedBatches() {
    return predictedBatches;
  }

  /** How often {@link #encode} ran. */
  public int encodeCalls() {
    return encodeCalls.get();
  }

  private static List<int[]> words(String text) {
    List<int[]> words = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      if (i > start) {
        words.add(new int[] {start, i});
      }
    }
    return words;
  }

  @Override
  public void close() {
    closed.set(true);
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed.get();
  }
}
