package io.streambert.processor.topology;

import io.streambert.model.TextModel;
import io.streambert.model.TextPrediction;
import io.streambert.model.bundle.TaskKind;
import io.streambert.model.encoding.EncodedText;
import io.streambert.model.encoding.InvalidTextException;
import io.streambert.processor.config.BatchSettings;
import io.streambert.processor.metrics.ProcessorMetrics;
import io.streambert.processor.serving.ModelLease;
import io.streambert.processor.serving.PassLimiter;
import io.streambert.processor.serving.ServedModels;
import io.streambert.schemas.avro.EntityResult;
import io.streambert.schemas.avro.SentimentResult;
import io.streambert.schemas.avro.TextEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.StreamsException;
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
 * <p>With {@link BatchSettings#pipelined()} a flushed batch is <em>dispatched</em> to an inference
 * thread of this task and the stream thread goes on: it reads, tokenizes and buffers the next
 * batch, and forwards a dispatched batch's results (then requests a commit) as soon as it sees them
 * done, on the next record or punctuation, or when a full batch finds {@link
 * BatchSettings#maxInFlight()} batches in flight and has to wait for the oldest. Batches are
 * forwarded in dispatch order, even when a later pass ends first, so outputs keep input order. The
 * dispatched records stay in the store until their results are forwarded: a commit or a crash while
 * they are in flight keeps them buffered, and they are predicted again after a restart.
 *
 * <p>Every forward pass, pipelined or not, waits for a permit of the instance's {@link
 * PassLimiter}, so the tasks of an instance never run more passes at once than its cores take.
 * Pipelined, a batch whose max wait is up leaves only when a permit is free (until then it keeps
 * filling), and flushed records that find several free permits are split into that many batches of
 * at least {@link #MIN_SPLIT_RECORDS} records, each its own pass, so a burst uses every idle core.
 *
 * <p>Each text is tokenized once, on arrival, to know its token count; the encoding is kept in
 * memory until the flush. Only records restored from the changelog (or encoded by a model that has
 * been swapped out since) are encoded again.
 */
final class BatchingProcessor implements Processor<byte[], PendingEvent, byte[], Object> {

  private static final Logger log = LoggerFactory.getLogger(BatchingProcessor.class);

  /**
   * Fewest records of each part when a batch is split across passes that can start at once. On CPU
   * a single-threaded pass costs about the same per record from 1 to 32 records, so halving a batch
   * of 8 onto two idle cores halves its wait for results (ops/README, eighth stop).
   */
  static final int MIN_SPLIT_RECORDS = 4;

  private final BatchSettings settings;
  private final ServedModels models;
  private final PassLimiter passes;
  private final ProcessorMetrics metrics;
  private final String storeName;
  private final StreambertTopology.Nodes nodes;
  private final TaskClock clock;
  private final ResultGuard guard;
  private final Map<Long, CachedEncoding> encodings = new HashMap<>();
  private ProcessorContext<byte[], Object> context;
  private BatchBuffer buffer;
  private ModelLease pendingLease;
  private ExecutorService inferenceThreads;
  private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();

  private record CachedEncoding(String modelVersion, EncodedText encoded) {}

  /** A dispatched batch: the records that reached the model and their pending outcomes. */
  private record InFlight(
      ModelLease lease, List<BufferedRecord> records, long tokens, Future<Timed> outcomes) {}

  /** Outcomes of one forward pass and how long it took. */
  private record Timed(List<BatchInference.Outcome> outcomes, long nanos) {

    static Timed run(TextModel model, List<EncodedText> batch) {
      long start = System.nanoTime();
      List<BatchInference.Outcome> outcomes = BatchInference.run(model, batch);
      return new Timed(outcomes, System.nanoTime() - start);
    }
  }

  BatchingProcessor(
      BatchSettings settings,
      ServedModels models,
      PassLimiter passes,
      ProcessorMetrics metrics,
      String storeName,
      StreambertTopology.Nodes nodes,
      TaskClock clock,
      ResultGuard guard) {
    this.settings = settings;
    this.guard = guard;
    this.clock = clock;
    this.models = models;
    this.passes = passes;
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
    inFlight.clear();
    if (settings.pipelined() && inferenceThreads == null) {
      String name = "streambert-inference-" + context.taskId() + "-";
      AtomicInteger threads = new AtomicInteger();
      inferenceThreads =
          Executors.newFixedThreadPool(
              settings.maxInFlight(),
              runnable -> {
                Thread thread = new Thread(runnable, name + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
              });
    }
    context.schedule(
        settings.punctuateInterval(), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
  }

  @Override
  public void process(Record<byte[], PendingEvent> record) {
    SourcePosition source = SourcePosition.current(context);
    TextEvent event = record.value().event();
    TextModel model = pendingLease().model();
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
      releaseIdleLease();
      return;
    }
    int tokens = encoded.tokenCount();
    if (buffer.pendingSize() > 0 && buffer.pendingTokens() + tokens > settings.maxTokens()) {
      flush();
      // The next batch may run on a model swapped in meanwhile: encode for that one.
      if (pendingLease().model() != model) {
        model = pendingLease().model();
        encoded = null;
      }
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
    if (encoded != null) {
      encodings.put(stored.sequence(), new CachedEncoding(model.version(), encoded));
    }
    if (buffer.pendingSize() >= settings.maxRecords()
        || buffer.pendingTokens() >= settings.maxTokens()) {
      flush();
    } else {
      completeIfDone();
      flushIfWaitedLong(clock.nowMs(context));
    }
  }

  private void punctuate(long now) {
    completeIfDone();
    flushIfWaitedLong(Math.max(now, clock.nowMs(context)));
  }

  /**
   * Flushes the pending records once the oldest has waited the max wait, if the task has a free
   * in-flight slot and the instance a free pass permit. Without them the batch could not start
   * sooner anyway: it keeps filling (up to its limits) while the stream thread goes on, and leaves
   * on the next record or punctuation that finds both. Only a full batch is dispatched to wait for
   * a permit, so that under load batches grow instead of queueing as many small passes.
   */
  private void flushIfWaitedLong(long now) {
    if (startablePasses() == 0) {
      return;
    }
    OptionalLong oldest = buffer.oldestPendingEnqueuedAt();
    if (oldest.isPresent() && now - oldest.getAsLong() >= settings.maxWait().toMillis()) {
      flush();
    }
  }

  /**
   * Hands the pending records to the model: in one pass on this thread, forwarding results and dead
   * letters and removing them from the buffer; or, pipelined, on inference threads once fewer than
   * {@link BatchSettings#maxInFlight()} batches are in flight (forwarding the oldest first), split
   * across the passes that can start at once ({@link #splitParts}).
   */
  private void flush() {
    completeIfDone();
    while (inFlight.size() >= settings.maxInFlight()) {
      completeOldest();
    }
    int pending = buffer.pendingSize();
    if (pending == 0) {
      return;
    }
    int parts = splitParts(pending);
    int perPart = (pending + parts - 1) / parts;
    ModelLease lease = pendingLease();
    pendingLease = null;
    for (int part = 0; part < parts; part++) {
      List<BufferedRecord> batch = buffer.dispatch(perPart);
      // Each part holds its own lease so the model stays open until its last pass has ended.
      dispatch(batch, buffer.pendingSize() == 0 ? lease : lease.share());
    }
  }

  /**
   * The lease of the pending batch: the one place where a batch picks the model it runs on. The
   * first record of a batch (or a flush of restored records) acquires it from {@link
   * ServedModels#acquire()}; every record of the batch is encoded and predicted by that model, and
   * the lease is closed when the batch's last pass has been forwarded. A swap of the served model
   * therefore takes effect at the next batch.
   */
  /** Lets go of the pending batch's lease while it has no records, so a swap can retire it. */
  private void releaseIdleLease() {
    if (pendingLease != null && buffer.pendingSize() == 0) {
      pendingLease.close();
      pendingLease = null;
    }
  }

  private ModelLease pendingLease() {
    if (pendingLease == null) {
      pendingLease = models.acquire();
    }
    return pendingLease;
  }

  /**
   * Into how many passes the pending records go: pipelined, one per pass that could start at once
   * (free permits and free task slots), as long as each part keeps {@link #MIN_SPLIT_RECORDS}
   * records. A burst that finds idle cores then runs on all of them as single-threaded passes of a
   * part each, instead of one pass on one core; under load no permit is free and batches stay
   * whole.
   */
  private int splitParts(int pending) {
    if (!settings.pipelined()) {
      return 1;
    }
    return Math.max(1, Math.min(startablePasses(), pending / MIN_SPLIT_RECORDS));
  }

  /** Passes of this task that could start at once: free in-flight slots and free permits. */
  private int startablePasses() {
    return Math.max(0, Math.min(passes.freePermits(), settings.maxInFlight() - inFlight.size()));
  }

  /** Encodes (or reuses the encodings of) {@code batch} and starts or runs its forward pass. */
  private void dispatch(List<BufferedRecord> batch, ModelLease lease) {
    TextModel model = lease.model();
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
    Supplier<Timed> pass = () -> passes.run(() -> Timed.run(model, encoded));
    Future<Timed> outcomes =
        settings.pipelined()
            ? inferenceThreads.submit(pass::get)
            : CompletableFuture.completedFuture(pass.get());
    inFlight.addLast(new InFlight(lease, encodedRecords, tokens, outcomes));
    if (!settings.pipelined()) {
      completeOldest();
    }
  }

  /**
   * Forwards the oldest batches in flight while their forward passes have finished; never waits.
   */
  private void completeIfDone() {
    while (!inFlight.isEmpty() && inFlight.peekFirst().outcomes().isDone()) {
      completeOldest();
    }
  }

  private Timed awaitOutcomes(InFlight batch) {
    try {
      return batch.outcomes().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StreamsException("interrupted while waiting for a forward pass", e);
    } catch (ExecutionException e) {
      // BatchInference turns model failures into outcomes: what arrives here is an Error.
      throw new StreamsException("the inference thread failed", e.getCause());
    }
  }

  /**
   * Waits for the forward pass of the oldest batch in flight, forwards its results and dead
   * letters, removes its records from the buffer and requests a commit.
   */
  private void completeOldest() {
    Timed timed = awaitOutcomes(inFlight.peekFirst());
    InFlight batch = inFlight.removeFirst();
    try (ModelLease lease = batch.lease()) {
      forward(batch, timed, lease.model());
    }
    buffer.removeOldestDispatched();
    // Commit now rather than at the next commit.interval.ms tick: under exactly-once the results
    // become visible to read_committed consumers one transaction after the batch, not up to a
    // full interval later, and a transaction carries one whole batch.
    context.commit();
  }

  private void forward(InFlight batch, Timed timed, TextModel model) {
    List<BatchInference.Outcome> outcomes = timed.outcomes();
    String version = model.version();
    List<BufferedRecord> encodedRecords = batch.records();
    if (!encodedRecords.isEmpty()) {
      metrics.batch(encodedRecords.size(), batch.tokens(), timed.nanos());
    }
    boolean emitsEntities = model.manifest().task(TaskKind.TOKEN_CLASSIFICATION).isPresent();
    // The real clock, not the stream time cached at the start of this loop iteration (before the
    // inference): processedAt and the end-to-end latency include the forward pass.
    long now = TaskClock.SYSTEM.nowMs(context);
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
  }

  /**
   * Forwards the record's results, or, when the producer or a topic would refuse any of them, none
   * of them and a dead letter saying which and why.
   */
  private void emit(
      BufferedRecord r,
      TextPrediction prediction,
      String version,
      boolean emitsEntities,
      Instant processedAt) {
    long timestamp = r.eventTimeMs() >= 0 ? r.eventTimeMs() : r.timestamp();
    Record<byte[], SentimentResult> sentiment =
        prediction
            .sentiment()
            .map(
                s ->
                    new Record<>(
                        r.key(),
                        ResultMapper.sentiment(r, s, version, processedAt),
                        timestamp,
                        versionHeader(version)))
            .orElse(null);
    Record<byte[], EntityResult> entities =
        emitsEntities
            ? new Record<>(
                r.key(),
                ResultMapper.entities(r, prediction.entities(), version, processedAt),
                timestamp,
                versionHeader(version))
            : null;
    Optional<String> refused =
        sentiment == null ? Optional.empty() : guard.refusal(guard.topics().sentiment(), sentiment);
    if (refused.isEmpty() && entities != null) {
      refused = guard.refusal(guard.topics().entities(), entities);
    }
    if (refused.isPresent()) {
      deadLetter(
          r,
          DeadLetterReason.RESULT_REJECTED,
          new RejectedRecordException(
              DeadLetterReason.RESULT_REJECTED,
              "expected results the producer and the output topics accept, found "
                  + refused.get()));
      return;
    }
    if (sentiment != null) {
      context.forward(sentiment, nodes.sentimentSink());
      metrics.sentimentOut();
    }
    if (entities != null) {
      context.forward(entities, nodes.entitiesSink());
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
        guard.fit(
            DeadLetterRecords.of(
                key,
                value,
                timestamp,
                source,
                reason,
                error,
                Instant.ofEpochMilli(context.currentSystemTimeMs()))),
        nodes.deadLetterSink());
  }

  @Override
  public void close() {
    // The buffer stays in its store: it was committed with the offsets and is flushed after the
    // task starts again, here or on another instance. Batches in flight are dropped unforwarded
    // (their records are still buffered), but their forward passes are let finish so that nothing
    // uses the model after the task is gone.
    encodings.clear();
    if (pendingLease != null) {
      pendingLease.close();
      pendingLease = null;
    }
    if (inferenceThreads != null) {
      inferenceThreads.shutdown();
      try {
        if (!inferenceThreads.awaitTermination(60, TimeUnit.SECONDS)) {
          log.warn("Task {}: a forward pass still runs after 60 s of closing", context.taskId());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      inferenceThreads = null;
    }
    inFlight.forEach(batch -> batch.lease().close());
    inFlight.clear();
  }
}
