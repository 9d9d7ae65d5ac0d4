package io.streambert.trainer.cli;

import io.streambert.trainer.data.ReadReport;
import io.streambert.trainer.data.SentenceDataset;
import io.streambert.trainer.data.SentenceExample;
import io.streambert.trainer.data.TaggingDataset;
import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Prints what was read: rows kept and skipped, label sets and their counts. */
final class DataSummary {
  private DataSummary() {}

  static void print(PrintWriter out, TaskData data) {
    data.sentiment()
        .ifPresent(
            s -> {
              s.train().ifPresent(d -> sentences(out, "sentiment train", d));
              s.dev().ifPresent(d -> sentences(out, "sentiment dev", d));
            });
    data.entities()
        .ifPresent(
            e -> {
              e.train().ifPresent(d -> tags(out, "entities train", d));
              e.dev().ifPresent(d -> tags(out, "entities dev", d));
            });
    out.flush();
  }

  private static void sentences(PrintWriter out, String what, SentenceDataset d) {
    Map<String, Long> counts =
        d.examples().stream()
            .collect(
                Collectors.groupingBy(SentenceExample::label, TreeMap::new, Collectors.counting()));
    out.printf(
        "%-16s %s; %d examples used; labels %s; counts %s%n",
        what, report(d.report()), d.size(), d.labels(), counts);
  }

  private static void tags(PrintWriter out, String what, TaggingDataset d) {
    Map<String, Long> types =
        d.sentences().stream()
            .flatMap(s -> s.tags().stream())
            .filter(t -> t.startsWith("B-"))
            .collect(
                Collectors.groupingBy(
                    (Function<String, String>) t -> t.substring(2),
                    TreeMap::new,
                    Collectors.counting()));
    out.printf(
        "%-16s %s; %d sentences used, %d entities %s; tags %s%n",
        what, report(d.report()), d.size(), d.entityCount(), types, d.tags());
  }

  private static String report(ReadReport r) {
    return r.summary();
  }
}
