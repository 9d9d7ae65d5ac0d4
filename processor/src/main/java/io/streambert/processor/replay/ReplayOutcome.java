package io.streambert.processor.replay;

/** What a replay did with one dead letter it read. */
public enum ReplayOutcome {
  /** Its original key and value were written to the target topic (acknowledged). */
  REPLAYED("replayed"),
  /** Dry run: it would have been replayed. */
  WOULD_REPLAY("would replay"),
  /** Not replayed: its key or value holds only a prefix of the original. */
  SKIPPED_TRUNCATED("skipped, truncated"),
  /** Not replayed: it has no original value (a tombstone), so there is nothing to process. */
  SKIPPED_NO_VALUE("skipped, no value"),
  /** Not replayed: its reason is not among the selected ones. */
  OTHER_REASON("other reason"),
  /** Not replayed: it failed outside the selected time range. */
  OUTSIDE_TIME_RANGE("outside time"),
  /** Not replayed: the record is not a readable DeadLetter. */
  UNREADABLE("unreadable"),
  /** The write to the target topic failed. */
  WRITE_FAILED("write failed");

  private final String label;

  ReplayOutcome(String label) {
    this.label = label;
  }

  /** The column heading of the report. */
  public String label() {
    return label;
  }
}
