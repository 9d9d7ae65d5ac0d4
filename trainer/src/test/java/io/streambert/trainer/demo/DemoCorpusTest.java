package io.streambert.trainer.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.trainer.data.ReadOptions;
import io.streambert.trainer.data.SentenceJsonlReader;
import io.streambert.trainer.data.TaggedJsonlReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCorpusTest {

  private final DemoCorpus corpus = new DemoCorpus();

  @Test
  void shouldGenerateTheSameSentencesForTheSameSeed() {
    assertThat(corpus.sentiment(50, 3, Set.of())).isEqualTo(corpus.sentiment(50, 3, Set.of()));
    assertThat(corpus.tagged(50, 3, Set.of())).isEqualTo(corpus.tagged(50, 3, Set.of()));
    assertThat(corpus.sentiment(50, 3, Set.of())).isNotEqualTo(corpus.sentiment(50, 4, Set.of()));
  }

  @Test
  void shouldBalanceTheTwoSentimentLabels() {
    List<DemoCorpus.Labelled> sentences = corpus.sentiment(2000, 1, Set.of());
    long positive = sentences.stream().filter(s -> s.label().equals("positive")).count();
    assertThat(positive).isBetween(850L, 1150L);
    assertThat(sentences).allMatch(s -> Set.of("positive", "negative").contains(s.label()));
  }

  @Test
  void shouldTagEveryWordWithAWellFormedBioTag() {
    for (RenderedSentence s : corpus.tagged(1000, 2, Set.of())) {
      assertThat(s.tags()).hasSameSizeAs(s.words());
      for (int i = 0; i < s.tags().size(); i++) {
        String tag = s.tags().get(i);
        assertThat(tag).matches("O|[BI]-(PER|LOC|ORG|MISC)");
        if (tag.startsWith("I-")) {
          assertThat(s.tags().get(i - 1)).as(s.text()).endsWith(tag.substring(2));
        }
      }
    }
  }

  @Test
  void shouldLeaveTheLeadingArticleOfANameOutsideItsEntity() {
    TemplateRenderer renderer = new TemplateRenderer(DemoLexicon.load());
    Random random = new Random(5);
    for (int i = 0; i < 400; i++) {
      RenderedSentence s = renderer.render("Talks with {ORG} began.", random);
      int the = s.words().indexOf("the");
      if (the >= 0) {
        assertThat(s.tags().get(the)).as(s.text()).isEqualTo("O");
        assertThat(s.tags().get(the + 1)).as(s.text()).isEqualTo("B-ORG");
        return;
      }
    }
    throw new AssertionError("expected an organisation named with 'the' in 400 renderings");
  }

  @Test
  void shouldWriteAnBeforeAVowelAndCapitaliseTheFirstWord() {
    TemplateRenderer renderer = new TemplateRenderer(DemoLexicon.load());
    Random random = new Random(9);
    for (int i = 0; i < 300; i++) {
      String text = renderer.render("{THING} is a {POS_ADJ} surprise.", random).text();
      assertThat(text).doesNotContainPattern("\\ba [aeiou]");
      assertThat(Character.isUpperCase(text.charAt(0))).as(text).isTrue();
    }
  }

  @Test
  void shouldWriteDisjointSplitsThatTheTrainersReadersAccept(@TempDir Path dir) throws Exception {
    DemoCorpus.Splits files = corpus.write(dir, 300, 300, 60, 11);
    Set<String> train = new HashSet<>(Files.readAllLines(files.sentimentTrain()));
    assertThat(Files.readAllLines(files.sentimentDev())).noneMatch(train::contains);
    ReadOptions strict = ReadOptions.strict();
    assertThat(new SentenceJsonlReader().read(files.sentimentTrain(), strict).examples())
        .hasSize(300);
    assertThat(new TaggedJsonlReader().read(files.entitiesDev(), strict).sentences()).hasSize(60);
  }
}
