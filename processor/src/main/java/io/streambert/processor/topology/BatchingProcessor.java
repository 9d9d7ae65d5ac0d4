package io.streambert.processor.topology;

import io.streambert.model.TextModel;
import io.streambert.model.TextPrediction;
import io.streambert.model.bundle.TaskKind;
import io.streambert.model.encoding.EncodedText;
import io.streambert.model.encoding.InvalidTextException;
import io.streambert.processor.config.BatchSettings;
import io.streambert.processor.metrics.ProcessorMetrics;
import io.streambert.processor.serving.ModelHolder;
import io.streambert.schemas.avro.TextEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects a stream task's events into micro-batches and runs one forward pass per batch.
 *
 * <p>A batch is flushed when it holds {@code maxRecords} records, before its tokens would exceed
 * {@code maxTokens} (a single longer record is flushed alone), or, on wall-clock punctuation, once
 * its oldest record has waited {@code maxWait}. The batch lives in a changelogged store: the
 * offsets Kafka Streams commits therefore always cover records whose results are written or which
 * are still in the (equally committed) buffer. Results are forwarded in arrival order, so per-key
 * order is input order, and every flush requests a commit so they are visible without waiting for
 * the commit interval.
 *
 * <p>Each text is tokenized once, on arrival, to know its token count; the encoding is kept in
 * memory until the flush. Only records restored from the changelog (or encoded by a model that has
 * been swapped out since) are encoded again.
 */
final class BatchingProcessor implements Processor<byte[], PendingEvent, byte[], Object> {

  private static final Logger log = LoggerFactory.getLogger(BatchingProcessor.class);

  private final BatchSettings settings;
  private final ModelHolder models;
  private final ProcessorMetrics metrics;
  private final String storeName;
  private final StreambertTopology.Nodes nodes;
  private final Map<Long, CachedEncoding> encodings = new HashMap<>();
  private ProcessorContext<byte[], Object> context;
  private BatchBuffer buffer;

  private record CachedEncoding(String modelVersion, EncodedText encoded) {}

  BatchingProcessor(
      BatchSettings settings,
      ModelHolder models,
      ProcessorMetrics metrics,
      String storeName,
      StreambertTopology.Nodes nodes) {
    this.settings = settings;
    this.models = models;
    this.metrics = metrics;
    this.storeName = storeName;
    this.nodes = nodes;
  }

  @Override
  public void init(ProcessorContext<byte[], Object> context) {
    this.context = context;
    KeyValueStore<Integer, BufferedRecord> store = context.getStateStore(storeName);
    this.buffer = new BatchBuffer(store);
    encodings.clear();
    int restored = buffer.load();
    if (restored > 0) {
      log.info(
          "Task {}: {} buffered records found in store {}; they will be flushed",
          context.taskId(),
          restored,
          storeName);
    }
    context.schedule(
        settings.punctuateInterval(), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
  }

  @Override
  public void process(Record<byte[], PendingEvent> record) {
    SourcePosition source = SourcePosition.current(context);
    TextEvent event = record.value().event();
    TextModel model = models.current();
    EncodedText encoded;
    try {
      encoded = model.encode(event.getText());
    } catch (InvalidTextException | RuntimeException e) {
      deadLetter(
          record.key(),
          record.value().originalValue(),
          record.timestamp(),
          source,
          DeadLetterReason.INVALID_TEXT,
          e);
      return;
    }
    int tokens = encoded.tokenCount();
    if (!buffer.isEmpty() && buffer.tokens() + tokens > settings.maxTokens()) {
      flush();
    }
    BufferedRecord stored =
        buffer.append(
            new BufferedRecord(
                -1,
                record.key(),
                record.value().originalValue(),
                event.getId(),
                event.getText(),
                event.getEventTime().toEpochMilli(),
                record.timestamp(),
                source,
                tokens,
                context.currentSystemTimeMs()));
    encodings.put(stored.sequence(), new CachedEncoding(model.version(), encoded));
    if (buffer.size() >= settings.maxRecords() || buffer.tokens() >= settings.maxTokens()) {
      flush();
    }
  }

  private void punctuate(long now) {
    OptionalLong oldest = buffer.oldestEnqueuedAt();
    if (oldest.isPresent() && now - oldest.getAsLong() >= settings.maxWait().toMillis()) {
      flush();
    }
  }

  /** Predicts the whole buffer in one pass, forwards results and dead letters, empties it. */
  private void flush() {
    List<BufferedRecord> batch = buffer.records();
    if (batch.isEmpty()) {
      return;
    }
    TextModel model = models.current();
    String version = model.version();
    List<BufferedRecord> encodedRecords = new ArrayList<>(batch.size());
    List<EncodedText> encoded = new ArrayList<>(batch.size());
    long tokens = 0;
    for (BufferedRecord r : batch) {
      CachedEncoding cached = encodings.remove(r.sequence());
      EncodedText e;
      if (cached != null
          && cached.modelVersion().equals(version)
          && cached.encoded().text().equals(r.text())) {
        e = cached.encoded();
      } else {
        try {
          e = model.encode(r.text());
        } catch (InvalidTextException | RuntimeException ex) {
          deadLetter(r, DeadLetterReason.INVALID_TEXT, ex);
          continue;
        }
      }
      encodedRecords.add(r);
      encoded.add(e);
      tokens += e.tokenCount();
    }
    long start = System.nanoTime();
    List<BatchInference.Outcome> outcomes = BatchInference.run(model, encoded);
    long inferenceNanos = System.nanoTime() - start;
    if (!encoded.isEmpty()) {
      metrics.batch(encoded.size(), tokens, inferenceNanos);
    }
    boolean emitsEntities = model.manifest().task(TaskKind.TOKEN_CLASSIFICATION).isPresent();
    // The real clock, not the stream time cached at the start of this loop iteration (before the
    // inference): processedAt and the end-to-end latency include the forward pass.
    long now = Math.max(context.currentSystemTimeMs(), System.currentTimeMillis());
    Instant processedAt = Instant.ofEpochMilli(now);
    for (int i = 0; i < encodedRecords.size(); i++) {
      BufferedRecord r = encodedRecords.get(i);
      BatchInference.Outcome outcome = outcomes.get(i);
      if (outcome.isOk()) {
        emit(r, outcome.prediction(), version, emitsEntities, processedAt);
        metrics.endToEnd(now - r.eventTimeMs());
      } else {
        deadLetter(r, DeadLetterReason.INFERENCE_FAILED, outcome.error());
      }
    }
    buffer.clear();
    // Commit now rather than at the next commit.interval.ms tick: under exactly-once the results
    // become visible to read_committed consumers one transaction after the batch, not up to a
    // full interval later, and a transaction carries one whole batch.
    context.commit();
  }

  private void emit(
      BufferedRecord r,
      TextPrediction prediction,
      String version,
      boolean emitsEntities,
      Instant processedAt) {
    long timestamp = r.eventTimeMs() >= 0 ? r.eventTimeMs() : r.timestamp();
    prediction
        .sentiment()
        .ifPresent(
            s -> {
              context.forward(
                  new Record<>(
                      r.key(),
                      ResultMapper.sentiment(r, s, version, processedAt),
                      timestamp,
                      versionHeader(version)),
                  nodes.sentimentSink());
              metrics.sentimentOut();
            });
    if (emitsEntities) {
      context.forward(
          new Record<>(
              r.key(),
              ResultMapper.entities(r, prediction.entities(), version, processedAt),
              timestamp,
              versionHeader(version)),
          nodes.entitiesSink());
      metrics.entitiesOut();
    }
  }

  private static Headers versionHeader(String version) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(StreambertHeaders.MODEL_VERSION, version.getBytes(StandardCharsets.UTF_8));
    return headers;
  }

  private void deadLetter(BufferedRecord r, DeadLetterReason reason, Exception error) {
    deadLetter(r.key(), r.originalValue(), r.timestamp(), r.source(), reason, error);
  }

  private void deadLetter(
      byte[] key,
      byte[] value,
      long timestamp,
      SourcePosition source,
      DeadLetterReason reason,
      Exception error) {
    log.warn(
        "Dead-lettering record {}-{}@{} (task {}): {}: {}",
        source.topic(),
        source.partition(),
        source.offset(),
        context.taskId(),
        reason,
        error.toString());
    metrics.deadLettered(reason);
    context.forward(
        DeadLetters.of(
            key,
            value,
            timestamp,
            source,
            reason,
            error,
            Instant.ofEpochMilli(context.currentSystemTimeMs())),
        nodes.deadLetterSink());
  }

  @Override
  public void close() {
    // The buffer stays in its store: it was committed with the offsets and is flushed after the
    // task starts again, here or on another instance.
    encodings.clear();
  }
}
