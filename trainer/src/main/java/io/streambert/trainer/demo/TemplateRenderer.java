package io.streambert.trainer.demo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fills a template's {@code {SLOT}} markers from the lexicon and records the entity spans. */
final class TemplateRenderer {

  private static final Pattern SLOT = Pattern.compile("\\{([A-Z_]+)}");

  /** The entity type each entity slot stands for; events are CoNLL's MISC. */
  private static final Map<String, String> ENTITY_TYPES =
      Map.of("PER", "PER", "LOC", "LOC", "ORG", "ORG", "MISC", "MISC", "EVENT", "MISC");

  private final DemoLexicon lexicon;

  TemplateRenderer(DemoLexicon lexicon) {
    this.lexicon = lexicon;
  }

  /**
   * Renders {@code template}: every slot gets a random value, a value's leading lower-case words
   * ("the" of "the United Nations") stay outside its entity, as CoNLL tags them, and the sentence
   * starts with a capital.
   */
  RenderedSentence render(String template, Random random) {
    StringBuilder text = new StringBuilder();
    List<RenderedSentence.Span> spans = new ArrayList<>();
    Set<String> used = new HashSet<>();
    Matcher m = SLOT.matcher(template);
    int last = 0;
    while (m.find()) {
      text.append(template, last, m.start());
      String slot = m.group(1);
      if (!lexicon.hasSlot(slot)) {
        throw new IllegalArgumentException(
            "expected known slots in demo template '" + template + "', found {" + slot + "}");
      }
      String value = pickUnused(slot, used, random);
      if (needsAn(text, value)) {
        text.insert(text.length() - 1, 'n');
      }
      String type = ENTITY_TYPES.get(slot);
      if (type != null) {
        int lead = leadingLowerCase(value);
        text.append(value, 0, lead);
        int start = text.length();
        text.append(value, lead, value.length());
        spans.add(new RenderedSentence.Span(start, text.length(), type));
      } else {
        text.append(value);
      }
      last = m.end();
    }
    text.append(template.substring(last));
    if (!text.isEmpty() && Character.isLowerCase(text.charAt(0))) {
      text.setCharAt(0, Character.toUpperCase(text.charAt(0)));
    }
    return RenderedSentence.of(text.toString(), spans);
  }

  /** A value not yet used in this sentence ("friendly and friendly" reads as a mistake). */
  private String pickUnused(String slot, Set<String> used, Random random) {
    String value = lexicon.pick(slot, random);
    for (int i = 0; i < 8 && !used.add(value); i++) {
      value = lexicon.pick(slot, random);
    }
    return value;
  }

  /** Whether the text ends with the article "a" and the value starts with a vowel. */
  private static boolean needsAn(StringBuilder text, String value) {
    int n = text.length();
    boolean article =
        n >= 2
            && text.charAt(n - 1) == ' '
            && (text.charAt(n - 2) == 'a' || text.charAt(n - 2) == 'A')
            && (n == 2 || text.charAt(n - 3) == ' ');
    return article && !value.isEmpty() && "aeiouAEIOU".indexOf(value.charAt(0)) >= 0;
  }

  /** Length of the value's leading lower-case words with the space after them. */
  private static int leadingLowerCase(String value) {
    int i = 0;
    while (i < value.length() && Character.isLowerCase(value.charAt(i))) {
      int space = value.indexOf(' ', i);
      if (space < 0) {
        return 0;
      }
      i = space + 1;
    }
    return i;
  }
}
