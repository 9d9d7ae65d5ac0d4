package io.streambert.processor.demo;

import io.streambert.schemas.avro.Entity;
import io.streambert.schemas.avro.EntityResult;
import io.streambert.schemas.avro.SentimentResult;
import java.io.PrintStream;
import java.util.Map;

/**
 * Prints enriched results as a table, one row a sentence: its number, the model version, the
 * sentiment with its score, and the text with every entity marked with its type. On a terminal
 * entities are coloured by type; elsewhere (logs, CI) they read {@code [Angela Merkel]PER}.
 */
final class ResultTable {

  private static final String RESET = "\u001b[0m";
  private static final Map<String, String> COLOURS =
      Map.of("PER", "\u001b[1;36m", "LOC", "\u001b[1;32m", "ORG", "\u001b[1;35m");
  private static final String OTHER_COLOUR = "\u001b[1;33m";
  private static final String DIM = "\u001b[2m";

  private final PrintStream out;
  private final boolean colour;

  ResultTable(PrintStream out, boolean colour) {
    this.out = out;
    this.colour = colour;
  }

  void header() {
    out.printf("%n%4s  %-10s %-15s %s%n", "#", "model", "sentiment", "text (entities marked)");
  }

  /** A row; {@code note} (a sample's mismatch, or empty) follows it. */
  void row(
      int number, String version, SentimentResult s, EntityResult e, String text, String note) {
    String sentiment = s == null ? "-" : String.format("%s %.2f", s.getLabel(), s.getScore());
    synchronized (out) {
      out.printf("%4d  %-10s %-15s %s%s%n", number, version, sentiment, marked(text, e), note);
    }
  }

  /** The line that shows where the serving version changed. */
  void versionSwitch(String from, String to, int number, int sent, int answered) {
    synchronized (out) {
      out.printf(
          "      ---- model %s -> %s from sentence %d on (so far %d sent, %d answered, none"
              + " lost) ----%n",
          from, to, number, sent, answered);
    }
  }

  void line(String text) {
    synchronized (out) {
      out.println(text);
    }
  }

  /** The text with each entity wrapped; offsets are the result's own, into the original text. */
  String marked(String text, EntityResult result) {
    if (result == null) {
      return text;
    }
    StringBuilder b = new StringBuilder();
    int at = 0;
    for (Entity entity : result.getEntities()) {
      if (entity.getStart() < at || entity.getEnd() > text.length()) {
        continue;
      }
      b.append(text, at, entity.getStart());
      String span = text.substring(entity.getStart(), entity.getEnd());
      if (colour) {
        b.append(COLOURS.getOrDefault(entity.getType(), OTHER_COLOUR))
            .append(span)
            .append(RESET)
            .append(DIM)
            .append('/')
            .append(entity.getType())
            .append(RESET);
      } else {
        b.append('[').append(span).append(']').append(entity.getType());
      }
      at = entity.getEnd();
    }
    return b.append(text.substring(at)).toString();
  }
}
