package io.streambert.processor.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Real sentences for integration tests and benchmarks: SST-2 dev and CoNLL-2003 valid from the
 * shared data folder when it exists, generated sentences with names and places otherwise.
 */
public final class SampleTexts {

  private static final String[] PEOPLE = {
    "Angela Merkel", "Phil Simmons", "Maria Garcia", "John Smith", "Yuki Tanaka", "Ahmed Khan"
  };
  private static final String[] PLACES = {
    "London", "Paris", "New York", "Berlin", "Tokyo", "Cairo", "Sydney", "Toronto"
  };
  private static final String[] ORGS = {
    "Reuters", "the United Nations", "Siemens", "Leicestershire", "the European Union"
  };
  private static final String[] OPINIONS = {
    "a charming and often affecting journey",
    "unflinchingly bleak and desperate",
    "the best film of the year",
    "a tedious mess with no redeeming qualities",
    "warm, funny and beautifully acted",
    "too long and painfully predictable"
  };

  private SampleTexts() {}

  /**
   * Returns {@code count} sentences: SST-2 dev and CoNLL valid interleaved (repeated when more are
   * asked for than exist), or generated sentences when the shared data folder is absent.
   */
  public static List<String> take(int count) {
    List<String> pool = sharedData().map(SampleTexts::readShared).orElseGet(SampleTexts::generated);
    List<String> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(pool.get(i % pool.size()));
    }
    return out;
  }

  /** Returns whether the texts come from the shared data sets rather than the generator. */
  public static boolean fromSharedData() {
    return sharedData().isPresent();
  }

  /**
   * Finds {@code shared/data} beside the repository root by walking up from the working directory.
   */
  public static Optional<Path> sharedData() {
    for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        dir != null;
        dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("data");
      if (Files.isRegularFile(candidate.resolve("sst2").resolve("dev.tsv"))
          && Files.isRegularFile(candidate.resolve("conll2003").resolve("valid.txt"))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static List<String> readShared(Path data) {
    try {
      List<String> sst = readSst2(data.resolve("sst2").resolve("dev.tsv"));
      List<String> conll = readConll(data.resolve("conll2003").resolve("valid.txt"));
      List<String> mixed = new ArrayList<>(sst.size() + conll.size());
      for (int i = 0; i < Math.max(sst.size(), conll.size()); i++) {
        if (i < sst.size()) {
          mixed.add(sst.get(i));
        }
        if (i < conll.size()) {
          mixed.add(conll.get(i));
        }
      }
      return mixed;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the shared data in " + data, e);
    }
  }

  private static List<String> readSst2(Path file) throws IOException {
    List<String> sentences = new ArrayList<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (String line : lines.subList(1, lines.size())) {
      int tab = line.lastIndexOf('\t');
      String sentence = (tab < 0 ? line : line.substring(0, tab)).strip();
      if (!sentence.isEmpty()) {
        sentences.add(sentence);
      }
    }
    return sentences;
  }

  private static List<String> readConll(Path file) throws IOException {
    List<String> sentences = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        if (current.length() > 0) {
          sentences.add(current.toString());
          current.setLength(0);
        }
        continue;
      }
      String token = line.split(" ", 2)[0];
      if (token.equals("-DOCSTART-")) {
        continue;
      }
      if (current.length() > 0) {
        current.append(' ');
      }
      current.append(token);
    }
    if (current.length() > 0) {
      sentences.add(current.toString());
    }
    return sentences;
  }

  private static List<String> generated() {
    List<String> sentences = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      String person = PEOPLE[i % PEOPLE.length];
      String place = PLACES[(i / PEOPLE.length) % PLACES.length];
      String org = ORGS[i % ORGS.length];
      String opinion = OPINIONS[(i / 3) % OPINIONS.length];
      sentences.add(
          switch (i % 3) {
            case 0 -> person + " said in " + place + " that the new film is " + opinion + ".";
            case 1 -> org + " reported on Monday that " + person + " will visit " + place + ".";
            default -> "it 's " + opinion + " , according to critics in " + place + " .";
          });
    }
    return sentences;
  }
}
