package io.streambert.trainer.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The labelled demo set: sentiment sentences (reviews of films, hotels, phones...) and
 * entity-tagged sentences (news about people, places, organisations, nationalities and events),
 * generated from {@link DemoLexicon}'s templates and word lists by a seeded generator, so the same
 * seed always writes the same files. Train and dev sentences never repeat each other.
 */
public final class DemoCorpus {

  /** The files {@link #write} produced, in the trainer's JSON Lines formats. */
  public record Splits(
      Path sentimentTrain, Path sentimentDev, Path entitiesTrain, Path entitiesDev) {}

  /** Share of tagged sentences printed in capitals, as news headlines and results lines are. */
  private static final double UPPER_CASE_SHARE = 0.1;

  /** Marks an entity template that always renders in capitals (datelines, headlines). */
  private static final String HEADLINE = "^";

  /** Share of tagged sentences rendered from the review templates, which name entities too. */
  private static final double REVIEW_SHARE = 0.3;

  private final DemoLexicon lexicon = DemoLexicon.load();
  private final TemplateRenderer renderer = new TemplateRenderer(lexicon);

  /** Sentiment sentences with their label ({@code positive} or {@code negative}). */
  public record Labelled(String text, String label) {}

  /**
   * {@code count} distinct sentiment sentences, the two labels equally often.
   *
   * @param exclude texts that must not be produced (another split's)
   */
  public List<Labelled> sentiment(int count, long seed, Set<String> exclude) {
    Random random = new Random(seed);
    List<DemoLexicon.LabelledTemplate> templates = lexicon.sentimentTemplates();
    Set<String> seen = new LinkedHashSet<>(exclude);
    List<Labelled> out = new ArrayList<>(count);
    for (int attempts = 0; out.size() < count; attempts++) {
      guard(attempts, count);
      DemoLexicon.LabelledTemplate t = templates.get(random.nextInt(templates.size()));
      String text = renderer.render(t.template(), random).text();
      if (seen.add(text)) {
        out.add(new Labelled(text, t.label()));
      }
    }
    return out;
  }

  /**
   * {@code count} distinct tagged sentences.
   *
   * @param exclude texts that must not be produced (another split's)
   */
  public List<RenderedSentence> tagged(int count, long seed, Set<String> exclude) {
    Random random = new Random(seed);
    Set<String> seen = new LinkedHashSet<>(exclude);
    List<RenderedSentence> out = new ArrayList<>(count);
    for (int attempts = 0; out.size() < count; attempts++) {
      guard(attempts, count);
      String template =
          random.nextDouble() < REVIEW_SHARE
              ? lexicon
                  .sentimentTemplates()
                  .get(random.nextInt(lexicon.sentimentTemplates().size()))
                  .template()
              : lexicon.entityTemplates().get(random.nextInt(lexicon.entityTemplates().size()));
      boolean headline = template.startsWith(HEADLINE);
      RenderedSentence s = renderer.render(headline ? template.substring(1) : template, random);
      if (headline || random.nextDouble() < UPPER_CASE_SHARE) {
        s = s.upperCase();
      }
      if (seen.add(s.text())) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * Writes train and dev splits of both tasks into {@code dir} as JSON Lines: {@code {"text",
   * "label"}} and {@code {"tokens", "tags"}}.
   */
  public Splits write(Path dir, int sentimentTrain, int entitiesTrain, int dev, long seed)
      throws IOException {
    Files.createDirectories(dir);
    List<Labelled> sTrain = sentiment(sentimentTrain, seed, Set.of());
    List<Labelled> sDev = sentiment(dev, seed + 1, texts(sTrain));
    List<RenderedSentence> eTrain = tagged(entitiesTrain, seed + 2, Set.of());
    List<RenderedSentence> eDev =
        tagged(
            dev,
            seed + 3,
            new LinkedHashSet<>(eTrain.stream().map(RenderedSentence::text).toList()));
    Splits files =
        new Splits(
            dir.resolve("sentiment-train.jsonl"),
            dir.resolve("sentiment-dev.jsonl"),
            dir.resolve("entities-train.jsonl"),
            dir.resolve("entities-dev.jsonl"));
    writeLabelled(files.sentimentTrain(), sTrain);
    writeLabelled(files.sentimentDev(), sDev);
    writeTagged(files.entitiesTrain(), eTrain);
    writeTagged(files.entitiesDev(), eDev);
    return files;
  }

  private static Set<String> texts(List<Labelled> sentences) {
    Set<String> out = new LinkedHashSet<>();
    sentences.forEach(s -> out.add(s.text()));
    return out;
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private static void writeLabelled(Path file, List<Labelled> sentences) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Labelled s : sentences) {
        ObjectNode node = JSON.createObjectNode().put("text", s.text()).put("label", s.label());
        w.write(JSON.writeValueAsString(node));
        w.newLine();
      }
    }
  }

  private static void writeTagged(Path file, List<RenderedSentence> sentences) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (RenderedSentence s : sentences) {
        ObjectNode node = JSON.createObjectNode();
        s.words().forEach(node.putArray("tokens")::add);
        s.tags().forEach(node.putArray("tags")::add);
        w.write(JSON.writeValueAsString(node));
        w.newLine();
      }
    }
  }

  /** Stops a request the templates cannot fill with distinct sentences. */
  private static void guard(int attempts, int count) {
    if (attempts > 50 * count + 1000) {
      throw new IllegalArgumentException(
          "expected the demo templates to yield "
              + count
              + " distinct sentences, found too few after "
              + attempts
              + " attempts");
    }
  }
}
