package io.streambert.processor.status;

import io.streambert.processor.deadletter.DeadLetterReason;
import io.streambert.processor.topology.EmissionListener;
import io.streambert.schemas.avro.Entity;
import io.streambert.schemas.avro.EntityResult;
import io.streambert.schemas.avro.SentimentResult;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The latest enriched records and dead letters of this instance, in two small ring buffers, newest
 * first; what the status page lists.
 *
 * <p>Texts longer than {@value #MAX_TEXT_CHARS} chars are cut there (entities past the cut are
 * dropped), so a huge input cannot bloat the page.
 */
public final class RecentActivity implements EmissionListener {

  /** Longest text (UTF-16 chars) kept per record. */
  public static final int MAX_TEXT_CHARS = 500;

  /** Longest error description kept per dead letter. */
  public static final int MAX_ERROR_CHARS = 300;

  /** One entity span of an enriched record. */
  public record Span(int start, int end, String type, double score) {}

  /**
   * One input record and its results.
   *
   * @param atMs when its results were emitted (epoch ms)
   * @param eventId the input event's id
   * @param text the input text, cut to {@link #MAX_TEXT_CHARS}
   * @param truncated whether the text was cut
   * @param sentiment the sentiment label, or null when the model has no sentiment task
   * @param score the probability of that label, or null
   * @param entities the entity spans within {@code text}
   * @param modelVersion the model that produced the results
   */
  public record Enriched(
      long atMs,
      String eventId,
      String text,
      boolean truncated,
      String sentiment,
      Double score,
      List<Span> entities,
      String modelVersion) {}

  /** One dead letter: when, why, and the error's description. */
  public record DeadLetterNote(long atMs, String reason, String error) {}

  private final int capacity;
  private final Clock clock;
  private final Deque<Enriched> records = new ArrayDeque<>();
  private final Deque<DeadLetterNote> deadLetters = new ArrayDeque<>();

  /** Keeps the latest {@code capacity} records and dead letters each. */
  public RecentActivity(int capacity, Clock clock) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, found " + capacity);
    }
    this.capacity = capacity;
    this.clock = clock;
  }

  @Override
  public void resultsEmitted(String text, SentimentResult sentiment, EntityResult entities) {
    boolean truncated = text.length() > MAX_TEXT_CHARS;
    String kept = truncated ? text.substring(0, MAX_TEXT_CHARS) : text;
    List<Span> spans = new ArrayList<>();
    if (entities != null) {
      for (Entity e : entities.getEntities()) {
        if (e.getStart() >= 0 && e.getStart() < e.getEnd() && e.getEnd() <= kept.length()) {
          spans.add(new Span(e.getStart(), e.getEnd(), e.getType(), e.getScore()));
        }
      }
    }
    String eventId = sentiment != null ? sentiment.getEventId() : eventId(entities);
    String version = sentiment != null ? sentiment.getModelVersion() : version(entities);
    Enriched record =
        new Enriched(
            clock.millis(),
            eventId,
            kept,
            truncated,
            sentiment == null ? null : sentiment.getLabel(),
            sentiment == null ? null : sentiment.getScore(),
            List.copyOf(spans),
            version);
    synchronized (records) {
      push(records, record);
    }
  }

  @Override
  public void deadLettered(DeadLetterReason reason, String error) {
    String cut = error.length() > MAX_ERROR_CHARS ? error.substring(0, MAX_ERROR_CHARS) : error;
    DeadLetterNote note = new DeadLetterNote(clock.millis(), reason.name(), cut);
    synchronized (deadLetters) {
      push(deadLetters, note);
    }
  }

  /** The latest enriched records, newest first. */
  public List<Enriched> records() {
    synchronized (records) {
      return List.copyOf(records);
    }
  }

  /** The latest dead letters, newest first. */
  public List<DeadLetterNote> deadLetters() {
    synchronized (deadLetters) {
      return List.copyOf(deadLetters);
    }
  }

  private <T> void push(Deque<T> ring, T item) {
    ring.addFirst(item);
    while (ring.size() > capacity) {
      ring.removeLast();
    }
  }

  private static String eventId(EntityResult entities) {
    return entities == null ? "" : entities.getEventId();
  }

  private static String version(EntityResult entities) {
    return entities == null ? "" : entities.getModelVersion();
  }
}
