package io.streambert.trainer.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A malformed row: where it is and what is wrong with it.
 *
 * @param file the file it was read from
 * @param line 1-based line number (for CoNLL sentences: the line of the offending token)
 * @param reason what was expected and what was found
 */
public record BadRow(Path file, long line, String reason) {
  public BadRow {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(reason, "reason");
  }

  /** {@code file:line: reason}, the form compilers use so editors can jump to it. */
  @Override
  public String toString() {
    return file + ":" + line + ": " + reason;
  }
}
