package io.streambert.processor.it.bench;

import io.streambert.model.OnnxTextModel;
import io.streambert.model.PlannedPasses;
import io.streambert.model.encoding.EncodedText;
import io.streambert.model.encoding.InvalidTextException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Measures the model alone on the pipeline's texts: encode each text and predict batches cut by the
 * processor's rule (at most {@code maxRecords} records and {@code maxTokens} tokens a batch).
 */
final class BareModelThroughput {

  /**
   * Records per second, the mean wall time of one batch, the share of real tokens among the tokens
   * the model's forward passes computed ({@code paddingEfficiency}, 1.0 = no padding waste), and
   * that share had each batch run as one pass in arrival order padded to its longest window.
   */
  record Result(
      double recordsPerSecond,
      double meanBatchMillis,
      int batches,
      double paddingEfficiency,
      double arrivalPaddingEfficiency,
      double cpuMillisPerRecord) {}

  private final OnnxTextModel model;
  private final int maxRecords;
  private final int maxTokens;

  BareModelThroughput(OnnxTextModel model, int maxRecords, int maxTokens) {
    this.model = model;
    this.maxRecords = maxRecords;
    this.maxTokens = maxTokens;
  }

  /**
   * Runs {@code warmupBatches} unmeasured batches, then one measured pass over {@code texts}, one
   * batch after the other.
   */
  Result measure(List<String> texts, int warmupBatches) {
    return measure(texts, warmupBatches, 1);
  }

  /**
   * Like {@link #measure(List, int)}, with {@code workers} threads taking the batches from a shared
   * queue, each one forward pass at a time: the model's throughput when several batches run at
   * once, as several stream tasks run them in the processor.
   */
  Result measure(List<String> texts, int warmupBatches, int workers) {
    List<List<String>> batches = cut(texts);
    for (int i = 0; i < Math.min(warmupBatches, batches.size()); i++) {
      run(batches.get(i));
    }
    long pid = ProcessHandle.current().pid();
    double cpuStart = ProcessCpu.cpuMillis(pid);
    long start = System.nanoTime();
    int records = workers == 1 ? runAll(batches) : runConcurrently(batches, workers);
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpu = ProcessCpu.cpuMillis(pid) - cpuStart;
    return new Result(
        records / seconds,
        seconds * 1000 / batches.size(),
        batches.size(),
        plan(batches, model::plan).efficiency(),
        plan(batches, PlannedPasses::onePass).efficiency(),
        cpuStart < 0 ? Double.NaN : cpu / records);
  }

  private int runAll(List<List<String>> batches) {
    int records = 0;
    for (List<String> batch : batches) {
      records += run(batch);
    }
    return records;
  }

  private int runConcurrently(List<List<String>> batches, int workers) {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger records = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        running.add(
            pool.submit(
                () -> {
                  for (int i = next.getAndIncrement();
                      i < batches.size();
                      i = next.getAndIncrement()) {
                    records.addAndGet(run(batches.get(i)));
                  }
                }));
      }
      for (Future<?> worker : running) {
        worker.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while measuring the bare model", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a bare-model worker failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return records.get();
  }

  private PlannedPasses plan(
      List<List<String>> batches, Function<List<EncodedText>, PlannedPasses> planner) {
    PlannedPasses total = PlannedPasses.NONE;
    for (List<String> batch : batches) {
      total = total.plus(planner.apply(batch.stream().map(this::encode).toList()));
    }
    return total;
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
