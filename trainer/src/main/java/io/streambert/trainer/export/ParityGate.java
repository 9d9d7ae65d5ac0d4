package io.streambert.trainer.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.streambert.model.bundle.BundleManifest;
import io.streambert.model.bundle.ModelBundle;
import io.streambert.model.bundle.TaskKind;
import io.streambert.model.bundle.TaskSpec;
import io.streambert.model.encoding.InvalidTextException;
import io.streambert.model.encoding.TextEncoder;
import io.streambert.model.encoding.TokenWindow;
import io.streambert.model.inference.NativeStackThreads;
import io.streambert.trainer.bert.ModelInputs;
import io.streambert.trainer.bert.MultiTaskBert;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs texts through the training model (eval mode) and through ONNX Runtime on an exported bundle,
 * and compares every logit and every prediction.
 *
 * <p>Texts are encoded with the bundle's own tokenizer and window settings, so the check covers
 * what serving will feed the graph. Token logits are compared on real tokens only: padding
 * positions are never read by the decoders.
 */
public final class ParityGate {

  /** The default logit tolerance. */
  public static final double DEFAULT_TOLERANCE = 1e-3;

  private static final int BATCH = 32;

  private final double tolerance;

  /** A gate allowing logits to differ by at most {@code tolerance}. */
  public ParityGate(double tolerance) {
    if (!(tolerance > 0)) {
      throw new IllegalArgumentException("expected tolerance > 0, found " + tolerance);
    }
    this.tolerance = tolerance;
  }

  /**
   * Measures parity; never throws for a mismatch (see {@link #require}).
   *
   * @throws IOException when the bundle cannot be read or ONNX Runtime fails
   */
  public ParityReport check(MultiTaskBert model, ModelBundle bundle, List<String> texts)
      throws IOException {
    BundleManifest manifest = bundle.manifest();
    Optional<TaskSpec> sentence =
        manifest.task(TaskKind.SENTENCE_CLASSIFICATION).map(Map.Entry::getValue);
    Optional<TaskSpec> token =
        manifest.task(TaskKind.TOKEN_CLASSIFICATION).map(Map.Entry::getValue);
    checkHeads(model, sentence, token);
    boolean caseAware = manifest.inputs().caseAware();
    if (caseAware != model.hasCaseEmbeddings()) {
      throw new IllegalArgumentException(
          "expected a "
              + (model.hasCaseEmbeddings() ? "case-aware" : "plain")
              + " bundle for this model, found one "
              + (caseAware ? "with" : "without")
              + " a case input");
    }
    List<TokenWindow> windows = encode(bundle, texts);
    windows.sort(Comparator.comparingInt(TokenWindow::length));

    double sentenceDiff = 0;
    double tokenDiff = 0;
    int mismatches = 0;
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session =
            NativeStackThreads.call(
                "parity-session-open",
                () -> env.createSession(bundle.onnxPath().toString(), options))) {
      for (int start = 0; start < windows.size(); start += BATCH) {
        List<TokenWindow> batch = windows.subList(start, Math.min(windows.size(), start + BATCH));
        Padded p = Padded.of(batch);
        float[] djlSentence = null;
        float[] djlToken = null;
        try (NDManager manager = model.newBatchManager()) {
          Shape shape = new Shape(p.rows, p.length);
          ModelInputs inputs =
              new ModelInputs(
                  manager.create(p.ids, shape),
                  manager.create(p.mask, shape),
                  manager.create(p.types, shape),
                  manager.create(p.cases, shape));
          NDArray hidden = model.encode(inputs, false);
          if (sentence.isPresent()) {
            djlSentence = model.sentenceLogits(hidden, false).toFloatArray();
          }
          if (token.isPresent()) {
            djlToken = model.tokenLogits(hidden, false).toFloatArray();
          }
        }
        try (OnnxTensor ids = tensor(env, p.ids, p);
            OnnxTensor mask = tensor(env, p.mask, p);
            OnnxTensor types = tensor(env, p.types, p);
            OnnxTensor cases = caseAware ? tensor(env, p.cases, p) : null;
            OrtSession.Result result =
                session.run(feed(manifest.inputs(), ids, mask, types, cases))) {
          if (sentence.isPresent()) {
            float[] ort = floats(result, sentence.get().output());
            int labels = sentence.get().labels().size();
            for (int r = 0; r < p.rows; r++) {
              sentenceDiff = Math.max(sentenceDiff, maxDiff(djlSentence, ort, r * labels, labels));
              if (argMax(djlSentence, r * labels, labels) != argMax(ort, r * labels, labels)) {
                mismatches++;
              }
            }
          }
          if (token.isPresent()) {
            float[] ort = floats(result, token.get().output());
            int tags = token.get().labels().size();
            for (int r = 0; r < p.rows; r++) {
              for (int t = 0; t < batch.get(r).length(); t++) {
                int offset = (r * p.length + t) * tags;
                tokenDiff = Math.max(tokenDiff, maxDiff(djlToken, ort, offset, tags));
                if (argMax(djlToken, offset, tags) != argMax(ort, offset, tags)) {
                  mismatches++;
                }
              }
            }
          }
        }
      }
    } catch (OrtException e) {
      throw new IOException(
          "ONNX Runtime failed on " + bundle.onnxPath() + ": " + e.getMessage(), e);
    }
    return new ParityReport(
        texts.size(), windows.size(), sentenceDiff, tokenDiff, mismatches, tolerance);
  }

  /**
   * Measures parity and throws when it fails.
   *
   * @throws ParityException when a logit differs by more than the tolerance or a prediction differs
   */
  public ParityReport require(MultiTaskBert model, ModelBundle bundle, List<String> texts)
      throws IOException {
    ParityReport report = check(model, bundle, texts);
    if (!report.passed()) {
      throw new ParityException(report);
    }
    return report;
  }

  private static void checkHeads(
      MultiTaskBert model, Optional<TaskSpec> sentence, Optional<TaskSpec> token) {
    int labels = sentence.map(s -> s.labels().size()).orElse(0);
    int tags = token.map(s -> s.labels().size()).orElse(0);
    if (labels != model.sentenceLabels() || tags != model.tokenTags()) {
      throw new IllegalArgumentException(
          "expected the bundle's heads to match the model ("
              + model.sentenceLabels()
              + " sentence labels, "
              + model.tokenTags()
              + " token tags), found "
              + labels
              + " and "
              + tags);
    }
  }

  private static List<TokenWindow> encode(ModelBundle bundle, List<String> texts)
      throws IOException {
    BundleManifest m = bundle.manifest();
    List<TokenWindow> windows = new ArrayList<>();
    try (TextEncoder encoder =
        TextEncoder.open(bundle.tokenizerPath(), m.maxSequenceLength(), m.windowStride())) {
      for (String text : texts) {
        try {
          windows.addAll(encoder.encode(text).windows());
        } catch (InvalidTextException e) {
          throw new IllegalArgumentException("parity text cannot be encoded: " + e.getMessage(), e);
        }
      }
    }
    return windows;
  }

  private static Map<String, OnnxTensor> feed(
      BundleManifest.OnnxInputs inputs,
      OnnxTensor ids,
      OnnxTensor mask,
      OnnxTensor types,
      OnnxTensor cases) {
    Map<String, OnnxTensor> feed = new java.util.HashMap<>();
    feed.put(inputs.inputIds(), ids);
    feed.put(inputs.attentionMask(), mask);
    feed.put(inputs.tokenTypeIds(), types);
    if (cases != null) {
      feed.put(inputs.caseIds(), cases);
    }
    return feed;
  }

  private static OnnxTensor tensor(OrtEnvironment env, long[] values, Padded p)
      throws OrtException {
    return OnnxTensor.createTensor(env, LongBuffer.wrap(values), new long[] {p.rows, p.length});
  }

  private static float[] floats(OrtSession.Result result, String name) {
    OnnxTensor tensor =
        (OnnxTensor)
            result
                .get(name)
                .orElseThrow(
                    () ->
                        new IllegalStateException("expected ONNX output " + name + ", found none"));
    FloatBuffer buffer = tensor.getFloatBuffer();
    float[] out = new float[buffer.remaining()];
    buffer.get(out);
    return out;
  }

  private static double maxDiff(float[] a, float[] b, int offset, int n) {
    double max = 0;
    for (int i = offset; i < offset + n; i++) {
      double d = Math.abs(a[i] - b[i]);
      if (!(d <= max)) {
        max = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
      }
    }
    return max;
  }

  private static int argMax(float[] values, int offset, int n) {
    int best = 0;
    for (int i = 1; i < n; i++) {
      if (values[offset + i] > values[offset + best]) {
        best = i;
      }
    }
    return best;
  }

  /** Windows padded to the longest one. */
  private static final class Padded {
    final int rows;
    final int length;
    final long[] ids;
    final long[] mask;
    final long[] types;
    final long[] cases;

    private Padded(int rows, int length) {
      this.rows = rows;
      this.length = length;
      this.ids = new long[rows * length];
      this.mask = new long[rows * length];
      this.types = new long[rows * length];
      this.cases = new long[rows * length];
    }

    static Padded of(List<TokenWindow> windows) {
      int length = windows.stream().mapToInt(TokenWindow::length).max().orElse(0);
      Padded p = new Padded(windows.size(), length);
      for (int r = 0; r < windows.size(); r++) {
        TokenWindow w = windows.get(r);
        System.arraycopy(w.ids(), 0, p.ids, r * length, w.length());
        System.arraycopy(w.typeIds(), 0, p.types, r * length, w.length());
        System.arraycopy(w.caseIds(), 0, p.cases, r * length, w.length());
        java.util.Arrays.fill(p.mask, r * length, r * length + w.length(), 1L);
      }
      return p;
    }
  }
}
