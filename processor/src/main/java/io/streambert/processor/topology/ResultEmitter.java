package io.streambert.processor.topology;

import io.streambert.model.TextModel;
import io.streambert.model.TextPrediction;
import io.streambert.model.bundle.TaskKind;
import io.streambert.processor.deadletter.DeadLetterReason;
import io.streambert.processor.metrics.ProcessorMetrics;
import io.streambert.processor.serving.ReleaseCoordinate;
import io.streambert.schemas.avro.EntityResult;
import io.streambert.schemas.avro.SentimentResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Forwards the outcomes of a finished pass: per record its results, stamped with the event time and
 * named after the model that produced them (header {@value StreambertHeaders#MODEL_VERSION} and
 * field {@code modelVersion}), or a dead letter when the pass failed for it or a topic would refuse
 * its results.
 */
final class ResultEmitter {

  private final ProcessorContext<byte[], Object> context;
  private final ResultGuard guard;
  private final ProcessorMetrics metrics;
  private final StreambertTopology.Nodes nodes;
  private final DeadLetterEmitter deadLetters;
  private final EmissionListener listener;

  ResultEmitter(
      ProcessorContext<byte[], Object> context,
      ResultGuard guard,
      ProcessorMetrics metrics,
      StreambertTopology.Nodes nodes,
      DeadLetterEmitter deadLetters,
      EmissionListener listener) {
    this.context = context;
    this.guard = guard;
    this.metrics = metrics;
    this.nodes = nodes;
    this.deadLetters = deadLetters;
    this.listener = listener;
  }

  /** Forwards, in record order, what {@code model}'s pass produced for {@code pass.records()}. */
  void emit(PassPipeline.FinishedPass pass, TextModel model, ReleaseCoordinate release) {
    List<BufferedRecord> records = pass.records();
    if (!records.isEmpty()) {
      metrics.batch(records.size(), pass.tokens(), pass.nanos());
      metrics.passes(pass.planned());
    }
    String version = model.version();
    Headers headers = headers(version, release);
    boolean emitsEntities = model.manifest().task(TaskKind.TOKEN_CLASSIFICATION).isPresent();
    // The real clock, not the stream time cached at the start of this loop iteration (before the
    // inference): processedAt and the end-to-end latency include the forward pass.
    long now = TaskClock.SYSTEM.nowMs(context);
    Instant processedAt = Instant.ofEpochMilli(now);
    for (int i = 0; i < records.size(); i++) {
      BufferedRecord r = records.get(i);
      BatchInference.Outcome outcome = pass.outcomes().get(i);
      if (outcome.isOk()) {
        emit(r, outcome.prediction(), version, headers, emitsEntities, processedAt);
        metrics.endToEnd(now - r.eventTimeMs());
      } else {
        deadLetters.emit(
            r,
            outcome.error() instanceof HeldPassMove.UnencodableText
                ? DeadLetterReason.INVALID_TEXT
                : DeadLetterReason.INFERENCE_FAILED,
            outcome.error());
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
      Headers headers,
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
                        new RecordHeaders(headers.toArray())))
            .orElse(null);
    Record<byte[], EntityResult> entities =
        emitsEntities
            ? new Record<>(
                r.key(),
                ResultMapper.entities(r, prediction.entities(), version, processedAt),
                timestamp,
                new RecordHeaders(headers.toArray()))
            : null;
    Optional<String> refused =
        sentiment == null ? Optional.empty() : guard.refusal(guard.topics().sentiment(), sentiment);
    if (refused.isEmpty() && entities != null) {
      refused = guard.refusal(guard.topics().entities(), entities);
    }
    if (refused.isPresent()) {
      deadLetters.emit(
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
    listener.resultsEmitted(
        r.text(),
        sentiment == null ? null : sentiment.value(),
        entities == null ? null : entities.value());
  }

  /** The headers of a result: the model version and the release record that chose the model. */
  private static Headers headers(String version, ReleaseCoordinate release) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(StreambertHeaders.MODEL_VERSION, version.getBytes(StandardCharsets.UTF_8));
    headers.add(
        StreambertHeaders.MODEL_RELEASE, release.toString().getBytes(StandardCharsets.UTF_8));
    return headers;
  }
}
