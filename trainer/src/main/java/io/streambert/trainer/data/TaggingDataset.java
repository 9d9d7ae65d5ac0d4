package io.streambert.trainer.data;

import java.util.List;

/**
 * Tagged sentences with their tag set.
 *
 * @param sentences the sentences, in file order, tags in BIO
 * @param tags the tag set, index = class id: "O" first, then B-/I- pairs by entity type
 * @param report what the read saw
 */
public record TaggingDataset(List<TaggedSentence> sentences, List<String> tags, ReadReport report) {
  public TaggingDataset {
    sentences = List.copyOf(sentences);
    tags = List.copyOf(tags);
  }

  /** Class id of a tag. */
  public int tagId(String tag) {
    int id = tags.indexOf(tag);
    if (id < 0) {
      throw new IllegalArgumentException("unknown tag " + tag + ", expected one of " + tags);
    }
    return id;
  }

  /** Number of gold entities (BIO spans) over all sentences. */
  public int entityCount() {
    int n = 0;
    for (TaggedSentence s : sentences) {
      for (String tag : s.tags()) {
        if (tag.startsWith("B-")) {
          n++;
        }
      }
    }
    return n;
  }

  /** Number of sentences. */
  public int size() {
    return sentences.size();
  }
}
