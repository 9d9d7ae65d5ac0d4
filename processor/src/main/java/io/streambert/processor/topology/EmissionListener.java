package io.streambert.processor.topology;

import io.streambert.processor.deadletter.DeadLetterReason;
import io.streambert.schemas.avro.EntityResult;
import io.streambert.schemas.avro.SentimentResult;

/**
 * Told of each record's outcome as the topology forwards it, for the live status page.
 *
 * <p>Called on stream threads and inference threads: an implementation must be thread-safe and must
 * never block.
 */
public interface EmissionListener {

  /** A listener that ignores everything. */
  EmissionListener NONE = new EmissionListener() {};

  /**
   * The results of one input record were forwarded.
   *
   * @param text the input text
   * @param sentiment its sentiment result, or null when the model has no sentiment task
   * @param entities its entity result, or null when the model has no entity task
   */
  default void resultsEmitted(String text, SentimentResult sentiment, EntityResult entities) {}

  /**
   * An input record was dead-lettered.
   *
   * @param reason why
   * @param error the error's description
   */
  default void deadLettered(DeadLetterReason reason, String error) {}
}
