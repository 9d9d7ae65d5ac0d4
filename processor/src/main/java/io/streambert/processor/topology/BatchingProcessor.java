package io.streambert.processor.topology;

import io.streambert.model.TextModel;
import io.streambert.model.encoding.EncodedText;
import io.streambert.model.encoding.InvalidTextException;
import io.streambert.processor.config.BatchSettings;
import io.streambert.processor.deadletter.DeadLetterReason;
import io.streambert.processor.metrics.ProcessorMetrics;
import io.streambert.processor.serving.ModelLease;
import io.streambert.processor.serving.PassLimiter;
import io.streambert.processor.serving.ServedModels;
import io.streambert.schemas.avro.TextEvent;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects a stream task's events into micro-batches and hands each flushed batch to its forward
 * passes; the stream task's processor node {@code batch-and-infer}.
 *
 * <p>The parts, in the order a record meets them: {@link RecordEncoder} encodes it for the model of
 * its batch (leased from {@link ServedModels}); {@link BatchBuffer} keeps it in the changelogged
 * store; {@link FlushPolicy} decides when the batch leaves and into how many passes; {@link
 * PassPipeline} runs the passes (pipelined on inference threads, under the instance's {@link
 * PassLimiter}) and hands them back in order; {@link ResultEmitter} forwards the results, and
 * {@link DeadLetterEmitter} what cannot be processed.
 *
 * <p>The batch lives in a changelogged store: the offsets Kafka Streams commits therefore always
 * cover records whose results are written or which are still in the (equally committed) buffer.
 * Flushed records stay in the store until their results are forwarded, so a commit or a crash while
 * they are in flight keeps them buffered and they are predicted again after a restart. Results are
 * forwarded in arrival order, so per-key order is input order, and every finished pass requests a
 * commit so its results are visible without waiting for the commit interval.
 */
final class BatchingProcessor implements Processor<byte[], PendingEvent, byte[], Object> {

  private static final Logger log = LoggerFactory.getLogger(BatchingProcessor.class);

  private final BatchSettings settings;
  private final FlushPolicy policy;
  private final ServedModels models;
  private final PassLimiter passes;
  private final ProcessorMetrics metrics;
  private final String storeName;
  private final StreambertTopology.Nodes nodes;
  private final TaskClock clock;
  private final ResultGuard guard;
  private final EmissionListener listener;
  private ProcessorContext<byte[], Object> context;
  private BatchBuffer buffer;
  private DeadLetterEmitter deadLetters;
  private RecordEncoder encoder;
  private ResultEmitter results;
  private PassPipeline pipeline;

  BatchingProcessor(
      BatchSettings settings,
      ServedModels models,
      PassLimiter passes,
      ProcessorMetrics metrics,
      String storeName,
      StreambertTopology.Nodes nodes,
      TaskClock clock,
      ResultGuard guard,
      EmissionListener listener) {
    this.settings = settings;
    this.policy = new FlushPolicy(settings);
    this.models = models;
    this.passes = passes;
    this.metrics = metrics;
    this.storeName = storeName;
    this.nodes = nodes;
    this.clock = clock;
    this.guard = guard;
    this.listener = listener;
  }

  @Override
  public void init(ProcessorContext<byte[], Object> context) {
    this.context = context;
    KeyValueStore<Integer, BufferedRecord> store = context.getStateStore(storeName);
    this.buffer = new BatchBuffer(store);
    int restored = buffer.load();
    if (restored > 0) {
      log.info(
          "Task {}: {} buffered records found in store {}; they will be flushed",
          context.taskId(),
          restored,
          storeName);
    }
    this.deadLetters =
        new DeadLetterEmitter(context, guard, metrics, nodes.deadLetterSink(), listener);
    this.encoder = new RecordEncoder(models, deadLetters);
    this.results = new ResultEmitter(context, guard, metrics, nodes, deadLetters, listener);
    this.pipeline =
        new PassPipeline(
            settings,
            passes,
            new HeldPassMove(models),
            this::complete,
            String.valueOf(context.taskId()));
    context.schedule(
        settings.punctuateInterval(), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
  }

  @Override
  public void process(Record<byte[], PendingEvent> record) {
    SourcePosition source = SourcePosition.current(context);
    TextEvent event = record.value().event();
    TextModel model = encoder.batchModel();
    EncodedText encoded;
    try {
      encoded = model.encode(event.getText());
    } catch (InvalidTextException | RuntimeException e) {
      deadLetters.emit(
          record.key(),
          record.value().originalValue(),
          record.timestamp(),
          source,
          DeadLetterReason.INVALID_TEXT,
          e);
      encoder.releaseIdle(buffer.pendingSize());
      return;
    }
    int tokens = encoded.tokenCount();
    if (policy.flushBefore(buffer.pendingSize(), buffer.pendingTokens(), tokens)) {
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
                clock.nowMs(context)));
    encoder.keep(stored, model, encoded);
    if (policy.isFull(buffer.pendingSize(), buffer.pendingTokens())) {
      flush();
    } else {
      pipeline.completeDone();
      flushIfWaitedLong(clock.nowMs(context));
    }
  }

  private void punctuate(long now) {
    pipeline.completeDone();
    flushIfWaitedLong(Math.max(now, clock.nowMs(context)));
  }

  private void flushIfWaitedLong(long now) {
    if (policy.waitedLongEnough(buffer.oldestPendingEnqueuedAt(), now, startablePasses())) {
      flush();
    }
  }

  /**
   * Hands the pending records to their passes once the task has a free in-flight slot (completing
   * the oldest batches until then), split across the passes that can start at once.
   */
  private void flush() {
    pipeline.completeDone();
    while (policy.inFlightSlotsTaken(pipeline.inFlight())) {
      pipeline.completeOldest();
    }
    int pending = buffer.pendingSize();
    if (pending == 0) {
      return;
    }
    int parts = policy.parts(pending, startablePasses());
    int perPart = (pending + parts - 1) / parts;
    for (int part = 0; part < parts && buffer.pendingSize() > 0; part++) {
      List<BufferedRecord> records = buffer.dispatch(perPart);
      boolean lastOfBatch = buffer.pendingSize() == 0;
      pipeline.start(encoder.take(records, lastOfBatch));
    }
  }

  private int startablePasses() {
    return policy.startablePasses(pipeline.freePermits(), pipeline.inFlight());
  }

  /**
   * Forwards a finished pass's results and dead letters, removes its records from the buffer and
   * requests a commit.
   */
  private void complete(PassPipeline.FinishedPass pass, ModelLease lease) {
    results.emit(pass, lease.model(), lease.coordinate());
    buffer.removeOldestDispatched();
    // Commit now rather than at the next commit.interval.ms tick: under exactly-once the results
    // become visible to read_committed consumers one transaction after the batch, not up to a
    // full interval later, and a transaction carries one whole batch.
    context.commit();
  }

  @Override
  public void close() {
    // The buffer stays in its store: it was committed with the offsets and is flushed after the
    // task starts again, here or on another instance.
    if (encoder != null) {
      encoder.close();
    }
    if (pipeline != null) {
      pipeline.close();
    }
  }
}
