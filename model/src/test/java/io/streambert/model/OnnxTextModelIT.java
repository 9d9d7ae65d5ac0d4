package io.streambert.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambert.model.decoding.EntitySpan;
import io.streambert.model.encoding.EncodedText;
import io.streambert.model.encoding.InvalidTextException;
import io.streambert.model.encoding.TokenWindow;
import io.streambert.model.inference.BatchPolicy;
import io.streambert.model.inference.EngineConfig;
import io.streambert.model.inference.ExecutionProvider;
import io.streambert.model.testing.TestBundles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real MiniLM bundle (seeded heads) served end to end. */
class OnnxTextModelIT {
  private static final double TOLERANCE = 1e-4;
  private static final List<String> SENTENCES =
      List.of(
          "Angela Merkel met Emmanuel Macron in Paris on Tuesday.",
          "The film is a charming, often hilarious journey.",
          "Shares of Siemens AG fell 3% in Frankfurt after the U.S. announced new tariffs.",
          "Terrible.",
          "Zoë flew from São Paulo to 東京 😀 and loved every minute of it!",
          "It's a bit long, but the acting from the whole cast (especially Tom Hanks) makes up"
              + " for it.",
          "Nobody expected the quiet village of Little Whinging to become famous overnight.",
          "ok");

  private static OnnxTextModel model;

  @BeforeAll
  static void load() {
    model =
        OnnxTextModel.load(
            TestBundles.miniLmBothTasks(),
            EngineConfig.builder().provider(ExecutionProvider.AUTO).intraOpThreads(2).build());
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void shouldServeBothTasksFromTheBundleManifest() throws Exception {
    TextPrediction p = model.predict(List.of(model.encode(SENTENCES.get(0)))).get(0);

    assertThat(model.version()).isEqualTo(TestBundles.VERSION);
    assertThat(model.providerDecision())
        .startsWith(
            model.provider() == ExecutionProvider.CUDA
                ? "CUDA (requested by auto"
                : "CPU (cuda requested by auto: unavailable");
    assertThat(p.sentiment()).isPresent();
    assertThat(p.sentiment().get().probabilities().keySet())
        .containsExactlyElementsOf(model.manifest().tasks().get("sentiment").labels());
    for (EntitySpan span : p.entities()) {
      assertThat(SENTENCES.get(0).substring(span.start(), span.end())).isEqualTo(span.text());
    }
  }

  @Test
  void shouldGiveTheSameResultInABatchAsAlone() throws Exception {
    List<EncodedText> texts = new ArrayList<>();
    for (String s : SENTENCES) {
      texts.add(model.encode(s));
    }
    texts.add(model.encode(longText(3)));

    List<TextPrediction> sorted = model.predict(texts);
    List<TextPrediction> arrival = model.predict(texts, BatchPolicy.ARRIVAL_DYNAMIC);

    for (int i = 0; i < texts.size(); i++) {
      TextPrediction alone = model.predict(List.of(texts.get(i))).get(0);
      assertSame(sorted.get(i), alone, "sorted batch, text " + i);
      assertSame(arrival.get(i), alone, "arrival batch, text " + i);
    }
  }

  @Test
  void shouldMergeWindowsLikeEachWindowServedAlone() throws Exception {
    String text = longText(4);
    EncodedText encoded = model.encode(text);
    assertThat(encoded.windows()).hasSizeGreaterThanOrEqualTo(3);

    TextPrediction merged = model.predict(List.of(encoded)).get(0);

    int compared = 0;
    for (TokenWindow window : encoded.windows()) {
      // Inside the chars this window owns, the merged spans are this window's own spans.
      int from = window.charStarts()[window.ownedFrom()];
      int to = window.charEnds()[window.ownedTo() - 1];
      TextPrediction alone = model.predict(List.of(new EncodedText(text, List.of(window)))).get(0);
      List<EntitySpan> expected = inside(alone.entities(), from, to);
      List<EntitySpan> actual = inside(merged.entities(), from, to);
      assertThat(actual)
          .extracting(EntitySpan::type, EntitySpan::start, EntitySpan::end)
          .isEqualTo(
              expected.stream()
                  .map(s -> org.assertj.core.groups.Tuple.tuple(s.type(), s.start(), s.end()))
                  .toList());
      compared += expected.size();
    }
    assertThat(compared).as("spans compared").isPositive();
  }

  @Test
  void shouldGiveEveryThreadTheSameAnswerFromOneSharedModel() throws Exception {
    List<EncodedText> texts = new ArrayList<>();
    for (String s : SENTENCES) {
      texts.add(model.encode(s));
    }
    List<TextPrediction> expected = model.predict(texts);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<List<TextPrediction>>> futures = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        futures.add(pool.submit(() -> model.predict(texts)));
      }
      for (Future<List<TextPrediction>> f : futures) {
        List<TextPrediction> got = f.get();
        for (int i = 0; i < texts.size(); i++) {
          assertSame(got.get(i), expected.get(i), "thread result " + i);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shouldRejectBlankTextAtEncoding() {
    assertThatThrownBy(() -> model.encode("  \t ")).isInstanceOf(InvalidTextException.class);
  }

  private static List<EntitySpan> inside(List<EntitySpan> spans, int from, int to) {
    return spans.stream().filter(s -> s.start() >= from && s.end() <= to).toList();
  }

  private static String longText(int rounds) {
    StringBuilder b = new StringBuilder();
    for (int r = 0; r < rounds; r++) {
      for (String s : SENTENCES) {
        b.append(s).append(' ');
      }
    }
    return b.toString().strip();
  }

  private static void assertSame(TextPrediction actual, TextPrediction expected, String what) {
    Map<String, Float> a = actual.sentiment().orElseThrow().probabilities();
    Map<String, Float> e = expected.sentiment().orElseThrow().probabilities();
    assertThat(a.keySet()).as(what).containsExactlyElementsOf(e.keySet());
    for (String label : e.keySet()) {
      assertThat((double) Math.abs(a.get(label) - e.get(label))).as(what).isLessThan(TOLERANCE);
    }
    assertThat(actual.entities())
        .as(what)
        .extracting(EntitySpan::type, EntitySpan::start, EntitySpan::end)
        .isEqualTo(
            expected.entities().stream()
                .map(s -> org.assertj.core.groups.Tuple.tuple(s.type(), s.start(), s.end()))
                .toList());
    for (int i = 0; i < expected.entities().size(); i++) {
      assertThat(
              (double)
                  Math.abs(actual.entities().get(i).score() - expected.entities().get(i).score()))
          .as(what)
          .isLessThan(TOLERANCE);
    }
  }
}
