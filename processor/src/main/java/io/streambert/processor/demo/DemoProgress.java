package io.streambert.processor.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the demo has seen so far: which sentences have both results, under which model versions,
 * when the version changed, the longest pause between two results, and the samples the model got
 * wrong. Prints a row per answered sentence and the summary at the end. Used by the polling thread
 * only, apart from the counts the sending threads read.
 */
final class DemoProgress {

  private final ResultTable table;
  private final List<SampleSentence> samples;
  private final String expectVersion;
  private final Set<String> answered = ConcurrentHashMap.newKeySet();
  private final Map<String, Integer> versions = new LinkedHashMap<>();
  private volatile boolean switched;
  private volatile boolean rollingOut;
  private String currentVersion;
  private int switchedAt;
  private int oldAfterSwitch;
  private int samplesSeen;
  private int samplesWrong;
  private long lastAnswerNanos;
  private long longestPauseNanos;
  private boolean readySignalled;
  private int firstRoundAnswered;

  DemoProgress(ResultTable table, List<SampleSentence> samples, String expectVersion) {
    this.table = table;
    this.samples = samples;
    this.expectVersion = expectVersion;
  }

  /** Records and prints the results of one sent event (results of other clients are ignored). */
  void answered(DemoSender sender, String id, ResultCollector.Pair pair) {
    DemoSender.Sent sent = sender.byId(id);
    if (sent == null || !answered.add(id)) {
      return;
    }
    long now = System.nanoTime();
    if (rollingOut && lastAnswerNanos != 0) {
      longestPauseNanos = Math.max(longestPauseNanos, now - lastAnswerNanos);
    }
    lastAnswerNanos = rollingOut ? now : 0;
    String version = pair.sentiment().getModelVersion();
    versions.merge(version, 1, Integer::sum);
    if (currentVersion != null && !currentVersion.equals(version)) {
      if (switched && !version.equals(expectVersion)) {
        oldAfterSwitch++;
      } else {
        table.versionSwitch(
            currentVersion, version, sent.number(), sender.count(), answered.size() - 1);
      }
    }
    if (version.equals(expectVersion) && !switched) {
      switched = true;
      switchedAt = sent.number();
    }
    if (!switched || version.equals(expectVersion)) {
      currentVersion = version;
    }
    if (sent.number() <= samples.size()) {
      firstRoundAnswered++;
    }
    String note = "";
    Optional<SampleSentence> sample = SampleSentence.find(samples, sent.text());
    if (sample.isPresent()) {
      samplesSeen++;
      Optional<String> wrong = sample.get().mismatch(pair.sentiment(), pair.entities());
      if (wrong.isPresent()) {
        samplesWrong++;
        note = "   <- WRONG: " + wrong.get();
      }
    }
    table.row(sent.number(), version, pair.sentiment(), pair.entities(), sent.text(), note);
  }

  /** Writes the ready file once the first round of samples is answered. */
  void signalReady(Path readyFile, int roundSize) {
    if (readyFile == null || readySignalled || firstRoundAnswered < roundSize) {
      return;
    }
    readySignalled = true;
    try {
      Files.writeString(readyFile, "first round answered\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + readyFile, e);
    }
  }

  /** From now on the samples come at a steady pace while the new version rolls out. */
  void rolloutStarted() {
    rollingOut = true;
  }

  boolean switched() {
    return switched;
  }

  int answeredCount() {
    return answered.size();
  }

  /** Every sent sentence has its results and the expected version (if any) has taken over. */
  boolean finished(int sent) {
    return answered.size() == sent && (expectVersion == null || switched);
  }

  boolean samplesRight() {
    return samplesWrong == 0;
  }

  /** The closing lines: counts, versions, the switch, the longest pause, the samples. */
  String summary(List<DemoSender.Sent> sent) {
    long missing = sent.stream().filter(s -> !answered.contains(s.id())).count();
    StringBuilder b = new StringBuilder("\n");
    b.append(
        String.format(
            "sent %d sentences; %d have results on both topics, %d missing%n",
            sent.size(), answered.size(), missing));
    b.append("versions: ");
    versions.forEach((v, n) -> b.append(v).append(" x").append(n).append("  "));
    b.append('\n');
    if (expectVersion != null) {
      b.append(
          switched
              ? String.format(
                  "switch: %s served from sentence %d on; %d later results from the old version"
                      + " (batches already running)%n",
                  expectVersion, switchedAt, oldAfterSwitch)
              : "switch: " + expectVersion + " was not served\n");
    }
    if (rollingOut) {
      b.append(
          String.format(
              "longest pause between two results while the new version rolled out: %d ms%n",
              longestPauseNanos / 1_000_000));
    }
    b.append(String.format("samples: %d of %d right%n", samplesSeen - samplesWrong, samplesSeen));
    return b.toString();
  }
}
