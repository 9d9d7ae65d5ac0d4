package io.streambert.processor.topology;

import io.streambert.processor.deadletter.DeadLetterReason;
import io.streambert.processor.metrics.ProcessorMetrics;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a record the processor cannot handle to the dead-letter sink: logs where it came from and
 * why, counts it, and forwards its dead letter cut to what the topic accepts. The decoder and the
 * batching path both dead-letter through this one class, so every dead letter looks the same.
 */
final class DeadLetterEmitter {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterEmitter.class);

  private final ProcessorContext<byte[], Object> context;
  private final ResultGuard guard;
  private final ProcessorMetrics metrics;
  private final String sink;
  private final EmissionListener listener;

  DeadLetterEmitter(
      ProcessorContext<byte[], Object> context,
      ResultGuard guard,
      ProcessorMetrics metrics,
      String sink,
      EmissionListener listener) {
    this.context = context;
    this.guard = guard;
    this.metrics = metrics;
    this.sink = sink;
    this.listener = listener;
  }

  /** Dead-letters a buffered record with its original key and bytes. */
  void emit(BufferedRecord r, DeadLetterReason reason, Exception error) {
    emit(r.key(), r.originalValue(), r.timestamp(), r.source(), reason, error);
  }

  /** Dead-letters the input record {@code key}/{@code value} read at {@code source}. */
  void emit(
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
    listener.deadLettered(reason, error.toString());
    context.forward(
        guard.fit(
            DeadLetterRecords.of(
                key,
                value,
                timestamp,
                source,
                reason,
                error,
                Instant.ofEpochMilli(context.currentSystemTimeMs()))),
        sink);
  }
}
