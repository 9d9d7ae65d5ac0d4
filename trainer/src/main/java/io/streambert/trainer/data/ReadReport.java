package io.streambert.trainer.data;

import java.nio.file.Path;
import java.util.List;

/**
 * What a read saw: how many rows (sentences, for tagged data) and which were skipped.
 *
 * @param file the file read
 * @param rows rows seen, good and bad (header, blank and {@code -DOCSTART-} lines excluded)
 * @param skipped the bad rows left out
 * @param repairedTags tags rewritten to BIO (IOB1 input, or an {@code I-} that starts an entity)
 */
public record ReadReport(Path file, int rows, List<BadRow> skipped, int repairedTags) {
  public ReadReport {
    skipped = List.copyOf(skipped);
  }

  /** Rows kept. */
  public int kept() {
    return rows - skipped.size();
  }

  /** One line for logs: {@code train.tsv: 1000 rows, 998 kept, 2 skipped}. */
  public String summary() {
    String s =
        file.getFileName()
            + ": "
            + rows
            + " rows, "
            + kept()
            + " kept, "
            + skipped.size()
            + " skipped";
    return repairedTags > 0 ? s + ", " + repairedTags + " tags rewritten to BIO" : s;
  }
}
