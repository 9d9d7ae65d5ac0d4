package io.streambert.trainer.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/** Reads JSON Lines of {@code {"tokens": [...], "tags": [...]}}, one sentence per line. */
public final class TaggedJsonlReader implements TaggingDataReader {
  private final TagScheme scheme;

  /** A reader for tags written in {@code scheme}. */
  public TaggedJsonlReader(TagScheme scheme) {
    this.scheme = Objects.requireNonNull(scheme, "scheme");
  }

  /** A reader for BIO tags. */
  public TaggedJsonlReader() {
    this(TagScheme.BIO);
  }

  @Override
  public TaggingDataset read(Path file, ReadOptions options) {
    TaggingCollector sentences = new TaggingCollector(file, options, scheme);
    LineReader.read(
        file,
        (number, line) -> {
          if (line.isBlank()) {
            return;
          }
          Optional<JsonNode> parsed = JsonFields.object(line, why -> sentences.bad(number, why));
          if (parsed.isEmpty()) {
            return;
          }
          JsonNode node = parsed.get();
          JsonFields.Result tokens = JsonFields.strings(node, "tokens");
          if (tokens.problem().isPresent()) {
            sentences.bad(number, tokens.problem().get());
            return;
          }
          JsonFields.Result tags = JsonFields.strings(node, "tags");
          if (tags.problem().isPresent()) {
            sentences.bad(number, tags.problem().get());
            return;
          }
          long[] lines = new long[Math.max(tokens.values().size(), tags.values().size())];
          Arrays.fill(lines, number);
          if (lines.length == 0) {
            lines = new long[] {number};
          }
          sentences.sentence(tokens.values(), tags.values(), lines);
        });
    return sentences.finish();
  }
}
