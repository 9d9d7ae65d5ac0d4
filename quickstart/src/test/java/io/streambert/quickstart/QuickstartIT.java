package io.streambert.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.processor.demo.SampleSentence;
import io.streambert.schemas.avro.EntityResult;
import io.streambert.schemas.avro.SentimentResult;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's main command, {@code ops/demo}, in its short mode on this machine: it trains (or
 * takes from the cache) the demo models, publishes v1 and then v2 through the release topic while
 * the processor serves, and leaves the stack running ({@code --keep}) so this test can read every
 * topic itself afterwards rather than trust the demo's own summary.
 */
class QuickstartIT {

  private static final Path ROOT = Paths.get("").toAbsolutePath().getParent();
  private static final Path LOG = Paths.get("target", "quickstart.log").toAbsolutePath();
  private static final long DEMO_TIMEOUT_MINUTES = 15;

  private static int exitCode;
  private static String output;
  private static TopicContents topics;

  @BeforeAll
  static void runTheDemo() throws Exception {
    for (String jar :
        List.of(
            "processor/target/streambert-processor.jar", "trainer/target/streambert-trainer.jar")) {
      assertThat(ROOT.resolve(jar))
          .as("expected %s, built by the modules before this one (./mvnw verify builds all)", jar)
          .isRegularFile();
    }
    Files.createDirectories(LOG.getParent());
    Process demo =
        new ProcessBuilder(ROOT.resolve("ops/demo").toString(), "--short", "--no-stdin", "--keep")
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(LOG.toFile())
            .redirectInput(new File("/dev/null"))
            .start();
    if (!demo.waitFor(DEMO_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      demo.descendants().forEach(ProcessHandle::destroy);
      demo.destroy();
      throw new AssertionError(
          "expected ops/demo to finish within " + DEMO_TIMEOUT_MINUTES + " min; see " + LOG);
    }
    exitCode = demo.exitValue();
    output = Files.readString(LOG, StandardCharsets.UTF_8);
    System.out.println(output);
    Map<String, String> stack = readEnv(ROOT.resolve("target/demo/stack.env"));
    topics = TopicContents.read(stack.get("BOOTSTRAP_SERVERS"), stack.get("SCHEMA_REGISTRY_URL"));
  }

  @AfterAll
  static void stopTheStack() throws Exception {
    new ProcessBuilder(ROOT.resolve("ops/demo").toString(), "--stop")
        .directory(ROOT.toFile())
        .inheritIO()
        .start()
        .waitFor(2, TimeUnit.MINUTES);
  }

  @Test
  void shouldFinishWithEverySentenceAnsweredAndTheSamplesRight() {
    assertThat(exitCode).as("ops/demo exit code; output in %s", LOG).isZero();
    Matcher samples = Pattern.compile("samples: (\\d+) of (\\d+) right").matcher(output);
    assertThat(samples.find()).as("a samples line in the demo's summary").isTrue();
    assertThat(samples.group(1)).isEqualTo(samples.group(2));
    assertThat(output).contains(", 0 missing").contains("switch: 1.1.0 served from sentence");
  }

  @Test
  void shouldWriteExactlyOneResultPerTopicForEveryInputEvent() {
    assertThat(topics.events()).as("text events the demo produced").hasSizeGreaterThan(12);
    assertThat(topics.sentiment().keySet())
        .as("sentiment results by event id")
        .containsExactlyInAnyOrderElementsOf(topics.events().keySet());
    assertThat(topics.entities().keySet())
        .as("entity results by event id")
        .containsExactlyInAnyOrderElementsOf(topics.events().keySet());
    assertThat(topics.duplicates()).as("event ids with more than one result").isEmpty();
  }

  @Test
  void shouldSwitchFromV1ToV2WithoutGoingBackInAnyPartition() {
    Map<Integer, List<String>> versionsByPartition = new TreeMap<>();
    topics
        .events()
        .forEach(
            (id, at) ->
                versionsByPartition
                    .computeIfAbsent(at.partition(), p -> new ArrayList<>())
                    .add(at.offset() + "=" + topics.sentiment().get(id).getModelVersion()));
    List<String> all = new ArrayList<>();
    versionsByPartition.forEach(
        (partition, entries) -> {
          entries.sort((a, b) -> Long.compare(offset(a), offset(b)));
          List<String> versions =
              entries.stream().map(e -> e.substring(e.indexOf('=') + 1)).toList();
          int firstV2 = versions.indexOf("1.1.0");
          if (firstV2 >= 0) {
            assertThat(versions.subList(firstV2, versions.size()))
                .as("versions in input order of partition %d after its first v2 result", partition)
                .containsOnly("1.1.0");
          }
          all.addAll(versions);
        });
    assertThat(all)
        .as("versions that answered")
        .contains("1.0.0", "1.1.0")
        .containsOnly("1.0.0", "1.1.0");
  }

  @Test
  void shouldGetEverySampleSentimentAndEntityRightOnBothVersions() {
    List<SampleSentence> samples = SampleSentence.load();
    Map<String, Integer> checked = new HashMap<>();
    topics
        .events()
        .forEach(
            (id, at) ->
                SampleSentence.find(samples, at.text())
                    .ifPresent(
                        sample -> {
                          SentimentResult s = topics.sentiment().get(id);
                          EntityResult e = topics.entities().get(id);
                          assertThat(sample.mismatch(s, e))
                              .as("model %s on '%s'", s.getModelVersion(), sample.text())
                              .isEmpty();
                          checked.merge(s.getModelVersion(), 1, Integer::sum);
                        }));
    assertThat(checked.getOrDefault("1.0.0", 0)).isGreaterThanOrEqualTo(samples.size());
    assertThat(checked.getOrDefault("1.1.0", 0)).isGreaterThanOrEqualTo(samples.size());
  }

  private static long offset(String entry) {
    return Long.parseLong(entry.substring(0, entry.indexOf('=')));
  }

  private static Map<String, String> readEnv(Path file) throws IOException {
    assertThat(file).as("the stack file ops/demo --keep writes").isRegularFile();
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    }
    Map<String, String> out = new HashMap<>();
    p.forEach((k, v) -> out.put((String) k, (String) v));
    return out;
  }
}
