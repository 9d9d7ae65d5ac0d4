package io.streambert.trainer.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads CoNLL column files: one token per line, whitespace-separated columns, a blank line between
 * sentences.
 *
 * <p>The token is in the first column, the tag in a configurable column (default: the last). {@code
 * -DOCSTART-} lines are skipped wherever they stand (CoNLL-2003 as distributed here has them at the
 * end of each document) and end the sentence before them. Every line of a file must have as many
 * columns as the first token line; a sentence with any bad line is bad as a whole and is reported
 * at that line.
 */
public final class ConllReader implements TaggingDataReader {
  /** Marks a document boundary in CoNLL files. */
  public static final String DOCSTART = "-DOCSTART-";

  /** Tag column meaning "the last column". */
  public static final int LAST_COLUMN = -1;

  private final int tagColumn;
  private final TagScheme scheme;

  /**
   * A reader.
   *
   * @param tagColumn 0-based column of the tag, or {@link #LAST_COLUMN}; must not be 0 (the token)
   * @param scheme how the file writes entity tags
   */
  public ConllReader(int tagColumn, TagScheme scheme) {
    if (tagColumn == 0 || tagColumn < LAST_COLUMN) {
      throw new IllegalArgumentException(
          "expected a tag column >= 1 (0 is the token) or LAST_COLUMN, found " + tagColumn);
    }
    this.tagColumn = tagColumn;
    this.scheme = Objects.requireNonNull(scheme, "scheme");
  }

  /** A reader for BIO tags in the last column. */
  public ConllReader() {
    this(LAST_COLUMN, TagScheme.BIO);
  }

  @Override
  public TaggingDataset read(Path file, ReadOptions options) {
    TaggingCollector sentences = new TaggingCollector(file, options, scheme);
    SentenceBuffer buffer = new SentenceBuffer(sentences);
    LineReader.read(file, buffer::line);
    buffer.flush();
    return sentences.finish();
  }

  /** Gathers the lines of one sentence at a time. */
  private final class SentenceBuffer {
    private final TaggingCollector sentences;
    private final List<String> tokens = new ArrayList<>();
    private final List<String> tags = new ArrayList<>();
    private final List<Long> lines = new ArrayList<>();
    private int columns = -1;
    private long columnsLine;
    private long problemLine = -1;
    private String problem;

    SentenceBuffer(TaggingCollector sentences) {
      this.sentences = sentences;
    }

    void line(long number, String line) {
      String trimmed = line.strip();
      if (trimmed.isEmpty()) {
        flush();
        return;
      }
      String[] fields = trimmed.split("\\s+");
      if (fields[0].equals(DOCSTART)) {
        flush();
        return;
      }
      lines.add(number);
      if (problem != null) {
        return;
      }
      if (fields.length < 2) {
        fail(
            number,
            "missing column: expected a token and a tag, found 1 column \"" + trimmed + "\"");
        return;
      }
      if (tagColumn != LAST_COLUMN && fields.length <= tagColumn) {
        fail(
            number,
            "missing column: expected the tag in column "
                + (tagColumn + 1)
                + ", found "
                + fields.length
                + " columns");
        return;
      }
      if (columns < 0) {
        columns = fields.length;
        columnsLine = number;
      } else if (fields.length != columns) {
        fail(
            number,
            (fields.length < columns ? "missing column: " : "extra column: ")
                + "expected "
                + columns
                + " columns as on line "
                + columnsLine
                + ", found "
                + fields.length);
        return;
      }
      tokens.add(fields[0]);
      tags.add(fields[tagColumn == LAST_COLUMN ? fields.length - 1 : tagColumn]);
    }

    private void fail(long number, String why) {
      problemLine = number;
      problem = why;
    }

    void flush() {
      if (lines.isEmpty()) {
        return;
      }
      if (problem != null) {
        sentences.bad(problemLine, problem);
      } else {
        long[] numbers = lines.stream().mapToLong(Long::longValue).toArray();
        sentences.sentence(List.copyOf(tokens), List.copyOf(tags), numbers);
      }
      tokens.clear();
      tags.clear();
      lines.clear();
      problem = null;
      problemLine = -1;
    }
  }
}
