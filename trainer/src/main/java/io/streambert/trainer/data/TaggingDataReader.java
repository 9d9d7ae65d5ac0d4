package io.streambert.trainer.data;

import java.nio.file.Path;

/** Reads tagged sentences from a file; tags come out in BIO. */
public interface TaggingDataReader {

  /**
   * Reads every sentence of {@code file}.
   *
   * @throws DataFormatException when the file is unusable, a sentence is bad under {@link
   *     BadRowPolicy#FAIL}, or too many sentences are bad under {@link BadRowPolicy#SKIP}
   */
  TaggingDataset read(Path file, ReadOptions options);
}
