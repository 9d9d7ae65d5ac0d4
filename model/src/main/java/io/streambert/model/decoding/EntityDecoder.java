package io.streambert.model.decoding;

import io.streambert.model.bundle.TagDecoding;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns per-word tag logits into entity spans with char offsets into the original text.
 *
 * <p>Each word's tag is chosen by a {@link TagSequenceDecoder}: greedily (BIO (IOB2), IOB1, IO and
 * BIOES/BILOU tag lists), or as the best BIO-valid sequence ({@link TagDecoding#BIO_VITERBI}, BIO
 * lists only). Ill-formed greedy sequences never throw: an {@code I-X} after {@code O} or after a
 * different type starts a new span. A span's score is the mean probability of its words' chosen
 * tags. A span covers its first word's start to its last word's end, minus surrounding punctuation
 * that belongs to the word but not to the name (quotes, brackets, a sentence-final period).
 */
public final class EntityDecoder {
  private static final String LEADING_PUNCTUATION = "\"'([{“‘«";
  private static final String TRAILING_PUNCTUATION = ",;:!?\"')]}”’»";

  private final List<String> tags;
  private final Tag[] parsed;
  private final TagSequenceDecoder sequence;

  /**
   * Creates a greedy decoder for the given tag list.
   *
   * @param tags the task's tags in logit order, e.g. {@code O, B-PER, I-PER, ...}
   */
  public EntityDecoder(List<String> tags) {
    this(tags, TagDecoding.GREEDY);
  }

  /**
   * Creates a decoder for the given tag list and decoding.
   *
   * @param tags the task's tags in logit order, e.g. {@code O, B-PER, I-PER, ...}
   * @param decoding how tags are chosen (BIO Viterbi needs BIO tags)
   * @throws IllegalArgumentException for fewer than 2 tags, or Viterbi over tags that are not BIO
   */
  public EntityDecoder(List<String> tags, TagDecoding decoding) {
    this.tags = List.copyOf(tags);
    if (this.tags.size() < 2) {
      throw new IllegalArgumentException("a token task needs at least 2 tags, found " + this.tags);
    }
    this.parsed = new Tag[this.tags.size()];
    for (int i = 0; i < parsed.length; i++) {
      parsed[i] = Tag.parse(this.tags.get(i));
    }
    this.sequence = new TagSequenceDecoder(this.tags, decoding);
  }

  /** The tags in logit order. */
  public List<String> tags() {
    return tags;
  }

  /** How this decoder chooses tags. */
  public TagDecoding decoding() {
    return sequence.decoding();
  }

  /**
   * Decodes the words of one text into spans, in text order.
   *
   * @param text the original text the word offsets point into
   * @param words the text's words in order, each with its tag logits
   */
  public List<EntitySpan> decode(String text, List<TaggedWord> words) {
    float[][] logits = new float[words.size()][];
    for (int w = 0; w < logits.length; w++) {
      TaggedWord word = words.get(w);
      boolean located = word.start() >= 0 && word.end() > word.start();
      logits[w] = located ? word.logits() : null;
    }
    int[] chosen = sequence.decode(logits);
    List<EntitySpan> spans = new ArrayList<>();
    float[] probabilities = new float[parsed.length];
    Open open = null;
    for (int w = 0; w < chosen.length; w++) {
      TaggedWord word = words.get(w);
      if (chosen[w] == TagSequenceDecoder.NO_TAG) {
        open = close(text, open, spans);
        continue;
      }
      Softmax.apply(word.logits(), 0, parsed.length, probabilities);
      Tag tag = parsed[chosen[w]];
      float p = probabilities[chosen[w]];
      switch (tag.position()) {
        case OUTSIDE -> open = close(text, open, spans);
        case BEGIN, SINGLE -> {
          close(text, open, spans);
          open = new Open(tag.type(), word, p);
        }
        case INSIDE, END -> {
          if (open != null && open.type.equals(tag.type())) {
            open.add(word, p);
          } else {
            close(text, open, spans);
            open = new Open(tag.type(), word, p);
          }
        }
      }
      if (tag.position() == Position.SINGLE || tag.position() == Position.END) {
        open = close(text, open, spans);
      }
    }
    close(text, open, spans);
    return List.copyOf(spans);
  }

  /** Emits the open span (if any, and if anything is left after trimming); returns null. */
  private static Open close(String text, Open open, List<EntitySpan> spans) {
    if (open == null) {
      return null;
    }
    int start = Math.max(0, open.start);
    int end = Math.min(text.length(), open.end);
    boolean periodTrimmed = false;
    boolean changed = true;
    while (changed && start < end) {
      changed = false;
      if (LEADING_PUNCTUATION.indexOf(text.charAt(start)) >= 0
          || Character.isWhitespace(text.charAt(start))) {
        start++;
        changed = true;
      } else if (TRAILING_PUNCTUATION.indexOf(text.charAt(end - 1)) >= 0
          || Character.isWhitespace(text.charAt(end - 1))) {
        end--;
        changed = true;
      } else if (!periodTrimmed
          && text.charAt(end - 1) == '.'
          && text.lastIndexOf('.', end - 2) < start) {
        // "Germany." loses its sentence-final period; "U.S." keeps its own.
        end--;
        periodTrimmed = true;
        changed = true;
      }
    }
    if (start < end) {
      spans.add(
          new EntitySpan(
              text.substring(start, end), open.type, start, end, open.scoreSum / open.n));
    }
    return null;
  }

  /** A span being built. */
  private static final class Open {
    final String type;
    final int start;
    int end;
    float scoreSum;
    int n;

    Open(String type, TaggedWord first, float p) {
      this.type = type;
      this.start = first.start();
      this.end = first.end();
      this.scoreSum = p;
      this.n = 1;
    }

    void add(TaggedWord word, float p) {
      end = Math.max(end, word.end());
      scoreSum += p;
      n++;
    }
  }

  private enum Position {
    OUTSIDE,
    BEGIN,
    INSIDE,
    END,
    SINGLE
  }

  private record Tag(Position position, String type) {
    static Tag parse(String tag) {
      if (tag.equals("O")) {
        return new Tag(Position.OUTSIDE, "");
      }
      if (tag.length() > 2 && (tag.charAt(1) == '-' || tag.charAt(1) == '_')) {
        String type = tag.substring(2);
        switch (tag.charAt(0)) {
          case 'B':
            return new Tag(Position.BEGIN, type);
          case 'I':
            return new Tag(Position.INSIDE, type);
          case 'E':
          case 'L':
            return new Tag(Position.END, type);
          case 'S':
          case 'U':
            return new Tag(Position.SINGLE, type);
          default:
            break;
        }
      }
      // IO scheme: a bare type continues a run of the same type.
      return new Tag(Position.INSIDE, tag);
    }
  }
}
