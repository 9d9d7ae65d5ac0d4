package io.streambert.processor.demo;

import io.streambert.schemas.avro.Entity;
import io.streambert.schemas.avro.EntityResult;
import io.streambert.schemas.avro.SentimentResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One of the quickstart's sample sentences with the sentiment and entities a working model gives
 * it; the README shows them and the quickstart's test holds the demo model to them.
 *
 * @param label expected sentiment label
 * @param text the sentence
 * @param entities expected entities, {@code TYPE:text}, in order
 */
public record SampleSentence(String label, String text, List<String> entities) {

  private static final String RESOURCE = "samples.tsv";

  /** The samples, from the jar. */
  public static List<SampleSentence> load() {
    try (InputStream in = SampleSentence.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("expected " + RESOURCE + " beside SampleSentence");
      }
      List<SampleSentence> out = new ArrayList<>();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        if (f.length != 3) {
          throw new IllegalStateException(
              "expected label<TAB>text<TAB>entities in " + RESOURCE + ", found '" + line + "'");
        }
        out.add(new SampleSentence(f[0], f[1], List.of(f[2].split("\\|"))));
      }
      return List.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The sample whose text this is, if any. */
  public static Optional<SampleSentence> find(List<SampleSentence> samples, String text) {
    return samples.stream().filter(s -> s.text().equals(text)).findFirst();
  }

  /** What the model got wrong on this sample, or empty when both results are right. */
  public Optional<String> mismatch(SentimentResult sentiment, EntityResult entities) {
    List<String> problems = new ArrayList<>();
    if (sentiment != null && !label.equals(sentiment.getLabel())) {
      problems.add("sentiment: expected " + label + ", found " + sentiment.getLabel());
    }
    if (entities != null) {
      List<String> found = entities.getEntities().stream().map(SampleSentence::describe).toList();
      if (!found.equals(this.entities)) {
        problems.add("entities: expected " + this.entities + ", found " + found);
      }
    }
    return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
  }

  private static String describe(Entity e) {
    return e.getType() + ":" + e.getText();
  }
}
