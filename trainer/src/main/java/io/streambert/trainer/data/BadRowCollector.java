package io.streambert.trainer.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies a {@link BadRowPolicy} while a file is read, and the bad-row limit at the end. */
final class BadRowCollector {
  private static final Logger LOG = LoggerFactory.getLogger(BadRowCollector.class);
  private static final int LOGGED_ROWS = 20;
  private static final int ROWS_IN_MESSAGE = 5;

  private final Path file;
  private final ReadOptions options;
  private final List<BadRow> skipped = new ArrayList<>();

  BadRowCollector(Path file, ReadOptions options) {
    this.file = file;
    this.options = options;
  }

  /** Records a bad row; throws at once under {@link BadRowPolicy#FAIL}. */
  void report(long line, String reason) {
    BadRow row = new BadRow(file, line, reason);
    if (options.badRowPolicy() == BadRowPolicy.FAIL) {
      throw new DataFormatException(
          "bad row (bad-row policy FAIL; use SKIP to leave such rows out): " + row, List.of(row));
    }
    if (skipped.size() < LOGGED_ROWS) {
      LOG.warn("skipping bad row: {}", row);
    } else if (skipped.size() == LOGGED_ROWS) {
      LOG.warn("more bad rows in {}; only the first {} are logged", file, LOGGED_ROWS);
    }
    skipped.add(row);
  }

  /**
   * Ends the read: fails if nothing usable is left or too many rows were bad.
   *
   * @param rows rows seen, good and bad
   * @param repairedTags tags rewritten to BIO
   */
  ReadReport finish(int rows, int repairedTags) {
    ReadReport report = new ReadReport(file, rows, skipped, repairedTags);
    if (rows == 0) {
      throw new DataFormatException("expected at least one data row in " + file + ", found none");
    }
    if (report.kept() == 0) {
      throw new DataFormatException(
          "every one of the " + rows + " rows in " + file + " is bad; first: " + first(), skipped);
    }
    double fraction = (double) skipped.size() / rows;
    if (fraction > options.maxBadFraction()) {
      throw new DataFormatException(
          String.format(
              "%d of %d rows in %s are bad (%.2f %%), more than the allowed %.2f %%; first: %s",
              skipped.size(), rows, file, 100 * fraction, 100 * options.maxBadFraction(), first()),
          skipped);
    }
    if (!skipped.isEmpty()) {
      LOG.warn("{}", report.summary());
    } else {
      LOG.info("{}", report.summary());
    }
    return report;
  }

  private String first() {
    return skipped.subList(0, Math.min(ROWS_IN_MESSAGE, skipped.size())).toString();
  }
}
