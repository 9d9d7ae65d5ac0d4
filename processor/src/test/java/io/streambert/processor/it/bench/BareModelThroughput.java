package io.streambert.processor.it.bench;

import io.streambert.model.NlpModel;
import io.streambert.model.encoding.EncodedText;
import io.streambert.model.encoding.InvalidTextException;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures the model alone on the pipeline's texts: encode each text and predict batches cut by the
 * processor's rule (at most {@code maxRecords} records and {@code maxTokens} tokens a batch).
 */
final class BareModelThroughput {

  /** Records per second and the mean wall time of one batch. */
  record Result(double recordsPerSecond, double meanBatchMillis, int batches) {}

  private final NlpModel model;
  private final int maxRecords;
  private final int maxTokens;

  BareModelThroughput(NlpModel model, int maxRecords, int maxTokens) {
    this.model = model;
    this.maxRecords = maxRecords;
    this.maxTokens = maxTokens;
  }

  /** Runs {@code warmupBatches} unmeasured batches, then one measured pass over {@code texts}. */
  Result measure(List<String> texts, int warmupBatches) {
    List<List<String>> batches = cut(texts);
    for (int i = 0; i < Math.min(warmupBatches, batches.size()); i++) {
      run(batches.get(i));
    }
    long start = System.nanoTime();
    int records = 0;
    for (List<String> batch : batches) {
      records += run(batch);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(records / seconds, seconds * 1000 / batches.size(), batches.size());
  }

  private int run(List<String> batch) {
    List<EncodedText> encoded = new ArrayList<>(batch.size());
    for (String text : batch) {
      encoded.add(encode(text));
    }
    return model.predict(encoded).size();
  }

  /** Cuts {@code texts} in order the way the processor's batch buffer flushes a backlog. */
  private List<List<String>> cut(List<String> texts) {
    List<List<String>> batches = new ArrayList<>();
    List<String> current = new ArrayList<>();
    int tokens = 0;
    for (String text : texts) {
      int count = encode(text).tokenCount();
      if (!current.isEmpty() && (current.size() >= maxRecords || tokens + count > maxTokens)) {
        batches.add(current);
        current = new ArrayList<>();
        tokens = 0;
      }
      current.add(text);
      tokens += count;
    }
    if (!current.isEmpty()) {
      batches.add(current);
    }
    return batches;
  }

  private EncodedText encode(String text) {
    try {
      return model.encode(text);
    } catch (InvalidTextException e) {
      throw new IllegalArgumentException("expected a valid benchmark text, found: " + text, e);
    }
  }
}
