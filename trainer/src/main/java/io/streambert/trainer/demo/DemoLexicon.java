package io.streambert.trainer.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The word lists and templates the demo corpus is generated from, read from the jar's resources
 * next to this class: names, places, organisations, nationalities and events, the sentiment
 * vocabulary, and the two template sets.
 */
final class DemoLexicon {

  /** A sentiment template: the label it renders and its text with {@code {SLOT}} markers. */
  record LabelledTemplate(String label, String template) {}

  private final Map<String, List<String>> slots;
  private final List<LabelledTemplate> sentimentTemplates;
  private final List<String> entityTemplates;

  private DemoLexicon(
      Map<String, List<String>> slots,
      List<LabelledTemplate> sentimentTemplates,
      List<String> entityTemplates) {
    this.slots = slots;
    this.sentimentTemplates = sentimentTemplates;
    this.entityTemplates = entityTemplates;
  }

  /** Reads every list from the resources. */
  static DemoLexicon load() {
    Map<String, List<String>> slots = new LinkedHashMap<>();
    slots.put("FIRST", lines("first-names.txt"));
    slots.put("LAST", lines("last-names.txt"));
    slots.put("LOC", lines("locations.txt"));
    slots.put("ORG", lines("organisations.txt"));
    slots.put("MISC", lines("misc.txt"));
    slots.put("EVENT", lines("events.txt"));
    for (String file : List.of("sentiment-words.txt", "entity-words.txt")) {
      for (String line : lines(file)) {
        String[] parts = split(file, line);
        slots.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(parts[1]);
      }
    }
    List<LabelledTemplate> sentiment = new ArrayList<>();
    for (String line : lines("sentiment-templates.txt")) {
      String[] parts = split("sentiment-templates.txt", line);
      sentiment.add(new LabelledTemplate(parts[0], parts[1]));
    }
    return new DemoLexicon(slots, sentiment, lines("entity-templates.txt"));
  }

  List<LabelledTemplate> sentimentTemplates() {
    return sentimentTemplates;
  }

  List<String> entityTemplates() {
    return entityTemplates;
  }

  /** Whether {@code slot} names a word list. */
  boolean hasSlot(String slot) {
    return "PER".equals(slot) || slots.containsKey(slot);
  }

  /**
   * A random value of {@code slot}. A person is a first and last name, or now and then the last
   * name alone, as news text refers to people it has already named.
   */
  String pick(String slot, Random random) {
    if ("PER".equals(slot)) {
      String last = pickFrom("LAST", random);
      return random.nextInt(5) == 0 ? last : pickFrom("FIRST", random) + " " + last;
    }
    return pickFrom(slot, random);
  }

  private String pickFrom(String slot, Random random) {
    List<String> values = slots.get(slot);
    if (values == null) {
      throw new IllegalArgumentException(
          "expected a slot of the demo lexicon "
              + slots.keySet()
              + " or PER, found {"
              + slot
              + "}");
    }
    return values.get(random.nextInt(values.size()));
  }

  private static String[] split(String file, String line) {
    String[] parts = line.split("\t", 2);
    if (parts.length != 2) {
      throw new IllegalStateException(
          "expected SLOT<TAB>value in demo resource " + file + ", found '" + line + "'");
    }
    return parts;
  }

  /** The non-blank, non-comment lines of a resource. */
  private static List<String> lines(String name) {
    try (InputStream in = DemoLexicon.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("expected the demo resource " + name + " in the jar");
      }
      List<String> out = new ArrayList<>();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = reader.readLine()) != null; ) {
        if (!line.isBlank() && !line.startsWith("#")) {
          out.add(line.strip());
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read demo resource " + name, e);
    }
  }
}
