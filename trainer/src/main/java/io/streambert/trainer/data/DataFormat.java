package io.streambert.trainer.data;

import java.nio.file.Path;
import java.util.Locale;

/** File formats the trainer reads; {@link #AUTO} picks one from the file name. */
public enum DataFormat {
  /** GLUE-style TSV with a header (sentence labels only). */
  TSV,
  /** JSON Lines: {@code {"text","label"}} or {@code {"tokens","tags"}}. */
  JSONL,
  /** CoNLL column file (tagged tokens only). */
  CONLL,
  /** By extension: {@code .tsv}, {@code .jsonl}/{@code .json}, anything else CoNLL. */
  AUTO;

  /** This format, or for {@link #AUTO} the one the file name suggests. */
  public DataFormat resolve(Path file) {
    if (this != AUTO) {
      return this;
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".tsv")) {
      return TSV;
    }
    if (name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".ndjson")) {
      return JSONL;
    }
    return CONLL;
  }

  /** The reader of sentence labels in this format. */
  public SentenceDataReader sentenceReader(Path file) {
    return switch (resolve(file)) {
      case TSV -> new GlueTsvReader();
      case JSONL -> new SentenceJsonlReader();
      default ->
          throw new IllegalArgumentException(
              "sentence labels are read from TSV or JSON Lines, not "
                  + resolve(file)
                  + ": "
                  + file);
    };
  }

  /** The reader of tagged tokens in this format. */
  public TaggingDataReader taggingReader(Path file, int tagColumn, TagScheme scheme) {
    return switch (resolve(file)) {
      case CONLL -> new ConllReader(tagColumn, scheme);
      case JSONL -> new TaggedJsonlReader(scheme);
      default ->
          throw new IllegalArgumentException(
              "tagged tokens are read from CoNLL or JSON Lines, not "
                  + resolve(file)
                  + ": "
                  + file);
    };
  }
}
