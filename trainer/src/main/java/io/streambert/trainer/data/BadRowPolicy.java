package io.streambert.trainer.data;

/** What a reader does with a malformed row. */
public enum BadRowPolicy {
  /** Report the row, leave it out and count it; the read still fails past the bad-row limit. */
  SKIP,
  /** Stop at the first bad row with an exception naming file and line. */
  FAIL
}
