package io.streambert.trainer.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Validates tagged sentences, converts their tags to BIO and builds the dataset. */
final class TaggingCollector {
  private final Path file;
  private final ReadOptions options;
  private final TagScheme scheme;
  private final BadRowCollector bad;
  private final List<TaggedSentence> sentences = new ArrayList<>();
  private final Set<String> seenTags = new LinkedHashSet<>();
  private int rows;
  private int rewritten;

  TaggingCollector(Path file, ReadOptions options, TagScheme scheme) {
    this.file = file;
    this.options = options;
    this.scheme = scheme;
    this.bad = new BadRowCollector(file, options);
  }

  /** A sentence that failed before its tokens could be read. */
  void bad(long line, String reason) {
    rows++;
    bad.report(line, reason);
  }

  /**
   * A sentence as found.
   *
   * @param lines the line of each token (for messages); for one-line formats all the same line
   */
  void sentence(List<String> tokens, List<String> tags, long[] lines) {
    rows++;
    if (tokens.isEmpty()) {
      bad.report(lines.length == 0 ? 0 : lines[0], "expected at least one token, found none");
      return;
    }
    if (tokens.size() != tags.size()) {
      bad.report(
          lines[0],
          "expected one tag per token, found "
              + tokens.size()
              + " tokens and "
              + tags.size()
              + " tags");
      return;
    }
    for (int i = 0; i < tokens.size(); i++) {
      String token = tokens.get(i);
      if (token.isBlank()
          || !token.equals(token.strip())
          || token.chars().anyMatch(Character::isWhitespace)) {
        bad.report(
            lines[i], "expected a non-empty token without whitespace, found \"" + token + "\"");
        return;
      }
      var problem = TagScheme.problem(tags.get(i));
      if (problem.isPresent()) {
        bad.report(lines[i], problem.get());
        return;
      }
    }
    TagScheme.Conversion bio = scheme.toBio(tags);
    if (options.labels().isPresent()) {
      for (int i = 0; i < bio.tags().size(); i++) {
        if (!options.labels().get().contains(bio.tags().get(i))) {
          bad.report(
              lines[i],
              "unknown tag \""
                  + bio.tags().get(i)
                  + "\", expected one of "
                  + options.labels().get());
          return;
        }
      }
    }
    rewritten += bio.rewritten();
    seenTags.addAll(bio.tags());
    sentences.add(new TaggedSentence(tokens, bio.tags()));
  }

  TaggingDataset finish() {
    ReadReport report = bad.finish(rows, rewritten);
    List<String> tags = options.labels().orElseGet(() -> LabelSets.bioTags(seenTags));
    if (options.labels().isEmpty() && tags.size() < 3) {
      throw new DataFormatException(
          "expected at least one entity type (B-/I- tags) in " + file + ", found only " + tags);
    }
    return new TaggingDataset(sentences, tags, report);
  }
}
