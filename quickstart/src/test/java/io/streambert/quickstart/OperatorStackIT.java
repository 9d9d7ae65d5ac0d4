package io.streambert.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streambert.model.bundle.DemoBundles;
import io.streambert.schemas.avro.TextEvent;
import io.streambert.schemas.registry.RegistryConfig;
import io.streambert.schemas.registry.RestSchemaRegistryClient;
import io.streambert.schemas.serde.AvroSerdes;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The operator's commands as an operator runs them, each a real script in its own process: {@code
 * ops/local/start} (broker and registry on free ports), {@code ops/processors start 2} (two
 * processor JVMs with no bootstrap bundle), {@code ops/rollout publish}, {@code rollback} and
 * {@code list}, {@code ops/processors stop} of one instance and then of all, {@code
 * ops/local/stop}. The steps build on each other, so they run in order; what each version answered
 * is read back from the result topics, not from the scripts' output.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorStackIT {

  private static final Path ROOT = Paths.get("").toAbsolutePath().getParent();
  private static final Path WORK = Paths.get("target", "operator-stack").toAbsolutePath();
  private static final Path STACK = WORK.resolve("stack");
  private static final Path STORE = WORK.resolve("store");
  private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration RESULT_TIMEOUT = Duration.ofMinutes(3);
  private static final int EVENTS_PER_STEP = 16;

  private static final Map<String, String> ENV = new HashMap<>();
  private static String bootstrap;
  private static String registryUrl;
  private static KafkaProducer<String, TextEvent> producer;
  private static final List<Long> PIDS = new ArrayList<>();

  @BeforeAll
  static void startTheStack() throws Exception {
    assertThat(ROOT.resolve("processor/target/streambert-processor.jar"))
        .as("the processor jar, built by the modules before this one (./mvnw verify builds all)")
        .isRegularFile();
    deleteTree(WORK);
    Files.createDirectories(STORE);
    int kafka = freePort();
    int controller = freePort();
    int registry = freePort();
    bootstrap = "127.0.0.1:" + kafka;
    registryUrl = "http://127.0.0.1:" + registry;
    ENV.put("STREAMBERT_STORE", STORE.toUri().toString());
    ENV.put("STREAMBERT_BOOTSTRAP_SERVERS", bootstrap);
    ENV.put("STREAMBERT_REGISTRY_URL", registryUrl);
    ok(
        "ops/local/start",
        "--dir",
        STACK.toString(),
        "--kafka-port",
        Integer.toString(kafka),
        "--controller-port",
        Integer.toString(controller),
        "--registry-port",
        Integer.toString(registry),
        "--partitions",
        "4",
        "--heap",
        "512m");
    DemoBundles.miniLmBothTasks(WORK.resolve("bundle-1.0.0"), "1.0.0", 11);
    DemoBundles.miniLmBothTasks(WORK.resolve("bundle-2.0.0"), "2.0.0", 22);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    producer =
        new KafkaProducer<>(
            p,
            new StringSerializer(),
            AvroSerdes.specific(
                    TextEvent.class,
                    new RestSchemaRegistryClient(RegistryConfig.of(registryUrl)),
                    false)
                .serializer());
  }

  @AfterAll
  static void stopEverything() throws Exception {
    if (producer != null) {
      producer.close();
    }
    run("ops/processors", "stop", "--dir", STACK.toString());
    run("ops/local/stop", "--dir", STACK.toString());
  }

  @Test
  @Order(1)
  void shouldServeTheFirstPublishedReleaseOnInstancesStartedWithoutABundle() throws Exception {
    ok(
        "ops/processors",
        "start",
        "2",
        "--dir",
        STACK.toString(),
        "--heap",
        "768m",
        "--set",
        "model.store.trusted.prefixes=" + STORE.toUri());
    rememberPids();
    ok("ops/rollout", "publish", "--bundle", WORK.resolve("bundle-1.0.0").toString());

    awaitBothServing("1.0.0");
    awaitBothReady();
    assertAnswered(produce("v1"), "1.0.0");
  }

  @Test
  @Order(2)
  void shouldSwapBothInstancesToANewReleaseWithoutARestart() throws Exception {
    ok("ops/rollout", "publish", "--bundle", WORK.resolve("bundle-2.0.0").toString());

    awaitBothServing("2.0.0");
    assertAnswered(produce("v2"), "2.0.0");
    assertThat(pidsAlive()).as("the instances' processes after the swap").isEqualTo(PIDS.size());
  }

  @Test
  @Order(3)
  void shouldRollBackBothInstancesToTheEarlierVersion() throws Exception {
    ok("ops/rollout", "rollback", "1.0.0");

    awaitBothServing("1.0.0");
    assertAnswered(produce("rollback"), "1.0.0");
  }

  @Test
  @Order(4)
  void shouldKeepAnsweringOnTheSurvivorWhenOneInstanceStops() throws Exception {
    ok("ops/processors", "stop", "proc-2", "--dir", STACK.toString());

    Result status = ok("ops/processors", "status", "--dir", STACK.toString());
    assertThat(status.output())
        .as("status: a stopped instance is not an error")
        .containsPattern("proc-1\\s+running\\s")
        .containsPattern("proc-2\\s+stopped\\s");
    assertAnswered(produce("survivor"), "1.0.0");
  }

  @Test
  @Order(5)
  void shouldLeaveExactlyOneResultPerEventAndNoProcessBehind() throws Exception {
    TopicContents all = TopicContents.read(bootstrap, registryUrl);
    assertThat(all.events()).hasSize(4 * EVENTS_PER_STEP);
    assertThat(all.sentiment().keySet()).containsExactlyInAnyOrderElementsOf(all.events().keySet());
    assertThat(all.entities().keySet()).containsExactlyInAnyOrderElementsOf(all.events().keySet());
    assertThat(all.duplicates()).as("event ids with more than one result").isEmpty();

    ok("ops/processors", "stop", "--dir", STACK.toString());
    ok("ops/local/stop", "--dir", STACK.toString());
    assertThat(pidsAlive()).as("processes of the stack and the instances after stop").isZero();
  }

  /** Sends {@link #EVENTS_PER_STEP} events with ids {@code step-N}; returns the ids. */
  private static List<String> produce(String step) throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < EVENTS_PER_STEP; i++) {
      String id = step + "-" + i;
      TextEvent event =
          TextEvent.newBuilder()
              .setId(id)
              .setText("Angela Merkel met Emmanuel Macron in Paris (" + step + " " + i + ").")
              .setEventTime(Instant.now())
              .build();
      producer.send(new ProducerRecord<>("text-in", id, event)).get();
      ids.add(id);
    }
    return ids;
  }

  /** Waits until every id has both results, then checks that {@code version} made all of them. */
  private static void assertAnswered(List<String> ids, String version) {
    TopicContents answered =
        await()
            .atMost(RESULT_TIMEOUT)
            .pollInterval(Duration.ofSeconds(2))
            .until(
                () -> TopicContents.read(bootstrap, registryUrl),
                t ->
                    t.sentiment().keySet().containsAll(ids)
                        && t.entities().keySet().containsAll(ids));
    for (String id : ids) {
      assertThat(answered.sentiment().get(id).getModelVersion())
          .as("version of the sentiment result of %s", id)
          .isEqualTo(version);
      assertThat(answered.entities().get(id).getModelVersion())
          .as("version of the entity result of %s", id)
          .isEqualTo(version);
    }
  }

  /** Waits until {@code ops/rollout list} shows proc-1 and proc-2 serving {@code version}. */
  private static void awaitBothServing(String version) {
    Pattern[] serving = {
      Pattern.compile("(?m)^proc-1\\s+" + Pattern.quote(version) + "\\s"),
      Pattern.compile("(?m)^proc-2\\s+" + Pattern.quote(version) + "\\s")
    };
    await()
        .atMost(RESULT_TIMEOUT)
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () -> run("ops/rollout", "list").output(),
            out -> Stream.of(serving).allMatch(p -> p.matcher(out).find()));
  }

  private static void awaitBothReady() {
    await()
        .atMost(RESULT_TIMEOUT)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> run("ops/processors", "status", "--dir", STACK.toString()),
            r -> r.exitCode() == 0 && !r.output().contains("not ready"));
  }

  private static void rememberPids() throws IOException {
    try (Stream<Path> files = Files.walk(STACK)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
        PIDS.add(Long.parseLong(Files.readString(f).trim()));
      }
    }
    assertThat(PIDS).as("pid files of the broker, the registry and two instances").hasSize(4);
  }

  private static long pidsAlive() {
    return PIDS.stream()
        .filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
        .count();
  }

  record Result(int exitCode, String output) {}

  private static Result ok(String... command) throws Exception {
    Result r = run(command);
    assertThat(r.exitCode())
        .as("exit code of %s; output:%n%s", String.join(" ", command), r.output())
        .isZero();
    return r;
  }

  private static Result run(String... command) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(command));
    cmd.set(0, ROOT.resolve(command[0]).toString());
    Path log = Files.createTempFile(Files.createDirectories(WORK), "script", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(new File("/dev/null"));
    pb.environment().putAll(ENV);
    Process p = pb.start();
    if (!p.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
      throw new AssertionError("expected " + cmd + " to finish within " + SCRIPT_TIMEOUT);
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    Files.delete(log);
    return new Result(p.exitValue(), out);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.delete(f);
      }
    }
  }
}
