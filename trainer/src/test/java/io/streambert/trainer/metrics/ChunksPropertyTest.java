package io.streambert.trainer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.trainer.data.TagScheme;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class ChunksPropertyTest {
  private static final String[] TYPES = {"PER", "ORG", "LOC", "MISC"};

  /** Random non-overlapping spans over {@code length} words, adjacent same-type spans included. */
  private static List<Chunk> randomSpans(int length, long seed) {
    Random r = new Random(seed);
    List<Chunk> spans = new ArrayList<>();
    int i = 0;
    while (i < length) {
      if (r.nextInt(3) == 0) {
        i++;
        continue;
      }
      int end = Math.min(length, i + 1 + r.nextInt(4));
      spans.add(new Chunk(TYPES[r.nextInt(r.nextBoolean() ? 1 : TYPES.length)], i, end));
      i = end;
    }
    return spans;
  }

  private static List<String> bio(int length, List<Chunk> spans) {
    String[] tags = new String[length];
    Arrays.fill(tags, "O");
    for (Chunk c : spans) {
      for (int i = c.start(); i < c.end(); i++) {
        tags[i] = (i == c.start() ? "B-" : "I-") + c.type();
      }
    }
    return List.of(tags);
  }

  /** IOB1: I- everywhere, B- only where a span directly follows one of the same type. */
  private static List<String> iob1(int length, List<Chunk> spans) {
    String[] tags = new String[length];
    Arrays.fill(tags, "O");
    Chunk previous = null;
    for (Chunk c : spans) {
      boolean adjacentSameType =
          previous != null && previous.end() == c.start() && previous.type().equals(c.type());
      for (int i = c.start(); i < c.end(); i++) {
        tags[i] = (i == c.start() && adjacentSameType ? "B-" : "I-") + c.type();
      }
      previous = c;
    }
    return List.of(tags);
  }

  @Property(tries = 300)
  void shouldRecoverExactlyTheSpansWrittenAsBio(
      @ForAll @IntRange(min = 0, max = 40) int length, @ForAll long seed) {
    List<Chunk> spans = randomSpans(length, seed);

    assertThat(Chunks.extract(bio(length, spans))).isEqualTo(spans);
  }

  @Property(tries = 300)
  void shouldRecoverTheSameSpansFromIob1ConvertedToBio(
      @ForAll @IntRange(min = 0, max = 40) int length, @ForAll long seed) {
    List<Chunk> spans = randomSpans(length, seed);
    List<String> converted = TagScheme.IOB1.toBio(iob1(length, spans)).tags();

    assertThat(converted).isEqualTo(bio(length, spans));
    assertThat(Chunks.extract(iob1(length, spans))).isEqualTo(spans);
  }

  @Property(tries = 200)
  void shouldScorePerfectPredictionsAsOneAndEmptyPredictionsAsZeroRecall(
      @ForAll @IntRange(min = 1, max = 30) int length, @ForAll long seed) {
    List<String> gold = bio(length, randomSpans(length, seed));
    List<String> none = bio(length, List.of());

    TaggingResult perfect = EntityMetrics.evaluate("e", List.of(gold), List.of(gold));
    TaggingResult empty = EntityMetrics.evaluate("e", List.of(gold), List.of(none));

    if (perfect.overall().gold() > 0) {
      assertThat(perfect.f1()).isEqualTo(1.0);
      assertThat(empty.overall().recall()).isZero();
    }
    assertThat(empty.overall().predicted()).isZero();
  }
}
