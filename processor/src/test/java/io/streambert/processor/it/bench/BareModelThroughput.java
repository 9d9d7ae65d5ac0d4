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

  /**
   * Records per second, the mean wall time of one batch, and the share of real tokens among the
   * tokens of batches padded to their longest text (1.0 = no padding waste).
   */
  record Result(
      double recordsPerSecond,
      double meanBatchMillis,
      int batches,
      double paddingEfficiency,
      double cpuMillisPerRecord) {}

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
    long pid = ProcessHandle.current().pid();
    double cpuStart = ProcessCpu.cpuMillis(pid);
    long start = System.nanoTime();
    int records = 0;
    for (List<String> batch : batches) {
      records += run(batch);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpu = ProcessCpu.cpuMillis(pid) - cpuStart;
    return new Result(
        records / seconds,
        seconds * 1000 / batches.size(),
        batches.size(),
        paddingEfficiency(batches),
        cpuStart < 0 ? Double.NaN : cpu / records);
  }

  private double paddingEfficiency(List<List<String>> batches) {
    long real = 0;
    long padded = 0;
    for (List<String> batch : batches) {
      int longest = 0;
      for (String text : batch) {
        for (var window : encode(text).windows()) {
          real += window.length();
          longest = Math.max(longest, window.length());
        }
      }
      int windows = batch.stream().mapToInt(t -> encode(t).windows().size()).sum();
      padded += (long) windows * longest;
    }
    return padded == 0 ? 1.0 : (double) real / padded;
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
