package io.streambert.processor.topology;

import io.streambert.processor.deadletter.DeadLetterReason;
import io.streambert.schemas.avro.EntityResult;
import io.streambert.schemas.avro.SentimentResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An {@link EmissionListener} that keeps what it is told, in order. */
final class RecordingListener implements EmissionListener {

  /** One {@link #resultsEmitted} call. */
  record Results(String text, SentimentResult sentiment, EntityResult entities) {}

  private final List<Results> results = new CopyOnWriteArrayList<>();
  private final List<DeadLetterReason> deadLetters = new CopyOnWriteArrayList<>();

  @Override
  public void resultsEmitted(String text, SentimentResult sentiment, EntityResult entities) {
    results.add(new Results(text, sentiment, entities));
  }

  @Override
  public void deadLettered(DeadLetterReason reason, String error) {
    deadLetters.add(reason);
  }

  List<Results> results() {
    return List.copyOf(results);
  }

  List<DeadLetterReason> deadLetters() {
    return List.copyOf(deadLetters);
  }
}
