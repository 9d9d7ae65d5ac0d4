package io.streambert.trainer.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Small labelled sets for the CI-sized fine-tune: a slice of {@code shared/data} (SST-2,
 * CoNLL-2003) when that folder exists beside the repository, else a generated set that is learnable
 * in the same number of steps, so the test always runs.
 */
final class SmokeData {

  static final List<String> SENTIMENT_LABELS = List.of("0", "1");
  static final List<String> TAGS =
      List.of("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC");

  record Sentences(List<String> texts, int[] labels) {}

  record Tagged(List<List<String>> words, List<int[]> tags) {
    List<String> texts() {
      return words.stream().map(w -> String.join(" ", w)).toList();
    }
  }

  final String source;
  final Sentences sentimentTrain;
  final Sentences sentimentDev;
  final Tagged entitiesTrain;
  final Tagged entitiesDev;

  private SmokeData(String source, Sentences st, Sentences sd, Tagged et, Tagged ed) {
    this.source = source;
    this.sentimentTrain = st;
    this.sentimentDev = sd;
    this.entitiesTrain = et;
    this.entitiesDev = ed;
  }

  /** {@code shared/data}, found by walking up from the working directory. */
  static Optional<Path> sharedData() {
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("data");
      if (Files.isRegularFile(candidate.resolve("sst2/train.tsv"))
          && Files.isRegularFile(candidate.resolve("conll2003/train.txt"))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * The smoke sets; {@code -Dstreambert.smoke.data=generated} forces the generated ones even where
   * {@code shared/data} exists.
   */
  static SmokeData load(int trainSize, int devSentences, int devTagged) throws IOException {
    boolean forceGenerated = "generated".equals(System.getProperty("streambert.smoke.data"));
    Optional<Path> shared = forceGenerated ? Optional.empty() : sharedData();
    if (shared.isPresent()) {
      Path d = shared.get();
      return new SmokeData(
          d.toString(),
          sst(d.resolve("sst2/train.tsv"), trainSize, 1),
          sst(d.resolve("sst2/dev.tsv"), devSentences, 2),
          conll(d.resolve("conll2003/train.txt"), trainSize),
          conll(d.resolve("conll2003/valid.txt"), devTagged));
    }
    return new SmokeData(
        "generated",
        generatedSentences(trainSize, 1),
        generatedSentences(devSentences, 2),
        generatedTagged(trainSize, 3),
        generatedTagged(devTagged, 4));
  }

  /** A random sample of an SST-2 file (header skipped). */
  private static Sentences sst(Path file, int n, long seed) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<String> rows = new ArrayList<>(lines.subList(1, lines.size()));
    java.util.Collections.shuffle(rows, new Random(seed));
    List<String> texts = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (String row : rows) {
      int tab = row.lastIndexOf('\t');
      String text = row.substring(0, tab).trim();
      // Whole sentences, not the one-word phrases of SST-2's training split.
      if (text.split(" ").length < 6) {
        continue;
      }
      texts.add(text);
      labels.add(Integer.parseInt(row.substring(tab + 1).trim()));
      if (texts.size() == n) {
        break;
      }
    }
    return new Sentences(texts, labels.stream().mapToInt(Integer::intValue).toArray());
  }

  /** The first sentences (with an entity and at most 30 words) of a CoNLL file. */
  private static Tagged conll(Path file, int n) throws IOException {
    List<List<String>> words = new ArrayList<>();
    List<int[]> tags = new ArrayList<>();
    List<String> w = new ArrayList<>();
    List<Integer> t = new ArrayList<>();
    List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    lines.add("");
    for (String line : lines) {
      if (line.startsWith("-DOCSTART-")) {
        continue;
      }
      if (line.isBlank()) {
        if (!w.isEmpty() && w.size() <= 30 && t.stream().anyMatch(x -> x != 0)) {
          words.add(List.copyOf(w));
          tags.add(t.stream().mapToInt(Integer::intValue).toArray());
          if (words.size() == n) {
            break;
          }
        }
        w.clear();
        t.clear();
        continue;
      }
      String[] cols = line.trim().split("\\s+");
      w.add(cols[0]);
      t.add(TAGS.indexOf(cols[cols.length - 1]));
    }
    return new Tagged(words, tags);
  }

  private static final String[] GOOD = {
    "wonderful", "moving", "brilliant", "funny", "charming", "superb"
  };
  private static final String[] BAD = {"dull", "awful", "boring", "tedious", "clumsy", "dreadful"};
  private static final String[] THINGS = {"film", "story", "cast", "script", "ending", "score"};

  private static Sentences generatedSentences(int n, long seed) {
    Random r = new Random(seed);
    List<String> texts = new ArrayList<>();
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      boolean positive = r.nextBoolean();
      String[] words = positive ? GOOD : BAD;
      texts.add(
          "the "
              + THINGS[r.nextInt(THINGS.length)]
              + " was "
              + words[r.nextInt(words.length)]
              + " and the "
              + THINGS[r.nextInt(THINGS.length)]
              + " felt "
              + words[r.nextInt(words.length)]
              + " .");
      labels[i] = positive ? 1 : 0;
    }
    return new Sentences(texts, labels);
  }

  private static final String[][] PEOPLE = {
    {"Maria", "Lopez"}, {"John", "Smith"}, {"Akira", "Tanaka"}
  };
  private static final String[] PLACES = {"Paris", "Berlin", "Nairobi", "Lima"};
  private static final String[] ORGS = {"Siemens", "Reuters", "Toyota", "UNICEF"};

  private static Tagged generatedTagged(int n, long seed) {
    Random r = new Random(seed);
    List<List<String>> words = new ArrayList<>();
    List<int[]> tags = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String[] person = PEOPLE[r.nextInt(PEOPLE.length)];
      List<String> w =
          List.of(
              person[0],
              person[1],
              "of",
              ORGS[r.nextInt(ORGS.length)],
              "arrived",
              "in",
              PLACES[r.nextInt(PLACES.length)],
              "on",
              "Monday",
              ".");
      words.add(w);
      tags.add(new int[] {1, 2, 0, 3, 0, 0, 5, 0, 0, 0});
    }
    return new Tagged(words, tags);
  }
}
