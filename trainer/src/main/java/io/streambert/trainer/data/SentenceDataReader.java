package io.streambert.trainer.data;

import java.nio.file.Path;

/** Reads sentence-labelled examples from a file. */
public interface SentenceDataReader {

  /**
   * Reads every example of {@code file}.
   *
   * @throws DataFormatException when the file is unusable, a row is bad under {@link
   *     BadRowPolicy#FAIL}, or too many rows are bad under {@link BadRowPolicy#SKIP}
   */
  SentenceDataset read(Path file, ReadOptions options);
}
