package io.streambert.processor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.streambert.model.OnnxTextModel;
import io.streambert.model.bundle.ModelBundle;
import io.streambert.model.inference.EngineConfig;
import io.streambert.model.testing.TestBundles;
import io.streambert.processor.StreambertApp;
import io.streambert.processor.config.ProcessorConfig;
import io.streambert.schemas.avro.Entity;
import io.streambert.schemas.avro.EntityResult;
import io.streambert.schemas.registry.RegistryConfig;
import io.streambert.schemas.registry.RestSchemaRegistryClient;
import io.streambert.schemas.registry.SchemaRegistryClient;
import io.streambert.schemas.registry.server.MiniSchemaRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The live status page in a real headless Chromium while a processor serves the real MiniLM bundle
 * on a real broker: the page shows the meters /metrics shows, the serving version from the status
 * topic, the produced sentences with their entities highlighted and a dead letter, and a text that
 * carries a script tag as plain text, with no script run. Saves a screenshot to {@code
 * target/status-page.png}.
 *
 * <p>Skipped when no Chromium and ChromeDriver are installed ({@code apt-get install chromium
 * chromium-driver}; {@code .ci/run} installs them).
 */
class StatusPageIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final String INSTANCE = "status-page-it";
  private static final String SCRIPT_TEXT =
      "Ada Lovelace wrote <script>alert(1)</script> to Charles Babbage in London.";
  private static final Pattern SCRAPED_IN =
      Pattern.compile("(?m)^streambert_records_in_total(?:\\{[^}]*})? ([0-9.eE+]+)$");

  private static final String PAGE_STATE =
      String.join(
          "\n",
          "const text = (id) => document.getElementById(id).textContent;",
          "const all = (root, css) => Array.from(root.querySelectorAll(css));",
          "const plain = (e) => { const c = e.cloneNode(true);",
          "  all(c, '.entity-type').forEach((t) => t.remove()); return c.textContent; };",
          "return {",
          "  version: text('serving-version'), recordsIn: text('records-in-total'),",
          "  recordsOut: text('records-out-total'), deadLetters: text('dead-letters-total'),",
          "  batches: text('batches-total'), batchSize: text('batch-size'),",
          "  passLatency: text('pass-latency'),",
          "  instances: all(document, '#instances tr').map((r) => ({",
          "    id: r.getAttribute('data-instance'),",
          "    serving: r.querySelector('.serving').textContent })),",
          "  records: all(document, '#records li.record').map((li) => ({",
          "    id: li.getAttribute('data-event-id'),",
          "    text: plain(li.querySelector('.record-text')),",
          "    sentiment: li.querySelector('.sentiment') && li.querySelector('.sentiment').textContent,",
          "    entityTexts: all(li, 'mark.entity .entity-text').map((e) => e.textContent),",
          "    entityTypes: all(li, 'mark.entity .entity-type').map((e) => e.textContent) })),",
          "  deadLetterReasons: all(document, '#dead-letter-counts tr')",
          "    .map((r) => r.getAttribute('data-reason')),",
          "  lastReasons: all(document, '#dead-letters .reason').map((e) => e.textContent),",
          "  injected: all(document, '#records script, #records [onerror], #records img').length,",
          "  scripts: all(document, 'script').map((e) => e.src),",
          "};");

  private KafkaBroker broker;
  private MiniSchemaRegistry registry;
  private OnnxTextModel model;
  private Path stateDir;
  private ChromeDriver browser;

  @BeforeEach
  void startBrowser() {
    Optional<Path> chromium = executable("CHROME_BIN", "chromium", "chromium-browser");
    Optional<Path> driver = executable("CHROMEDRIVER", "chromedriver");
    Assumptions.assumeTrue(
        chromium.isPresent() && driver.isPresent(),
        "expected chromium and chromedriver on the PATH (apt-get install chromium chromium-driver),"
            + " found chromium="
            + chromium
            + ", chromedriver="
            + driver
            + ": skipping the browser test");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.get().toFile());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,2200");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(driver.get().toFile()).build();
    browser = new ChromeDriver(service, options);
  }

  @AfterEach
  void closeEverything() {
    if (browser != null) {
      browser.quit();
    }
    if (model != null) {
      model.close();
    }
    if (registry != null) {
      registry.close();
    }
    if (stateDir != null) {
      ItFiles.deleteRecursively(stateDir);
    }
  }

  @Test
  void shouldShowFiguresVersionsRecordsAndDeadLettersWithEveryTextEscaped() throws Exception {
    // Given a processor on the MiniLM bundle with its HTTP port and a status topic
    broker = SharedBroker.get();
    registry = new MiniSchemaRegistry().start();
    SchemaRegistryClient registryClient =
        new RestSchemaRegistryClient(RegistryConfig.of(registry.url()));
    ModelBundle bundle = TestBundles.miniLmBothTasks();
    model = OnnxTextModel.load(bundle, EngineConfig.defaults());
    PipelineTopics topics = PipelineTopics.unique("status-page-it").create(broker, 1);
    String status = topics.input().replace("text-in", "status");
    broker.createTopic(status, 1, Map.of());
    stateDir = Files.createTempDirectory("status-page-it-state-");

    try (StreambertApp app = StreambertApp.create(config(topics, status, bundle), model);
        PipelineOutputs outputs =
            new PipelineOutputs(broker.bootstrapServers(), topics, registryClient)) {
      app.start();

      // When sentences, one carrying a script tag, and a malformed record go in
      Map<String, String> texts = new LinkedHashMap<>();
      List<String> sentences = new ArrayList<>(SampleTexts.take(8));
      sentences.add(SCRIPT_TEXT);
      try (TextEventProducer producer =
          new TextEventProducer(broker.bootstrapServers(), topics.input(), registryClient)) {
        for (int i = 0; i < sentences.size(); i++) {
          String id = String.format("page-%02d", i);
          texts.put(id, sentences.get(i));
          producer.send("k" + i, TextEventProducer.event(id, sentences.get(i), Instant.now()));
        }
        producer.sendRaw("bad", new byte[] {0, 1});
      }
      String scriptId = String.format("page-%02d", sentences.size() - 1);
      await("every result and the dead letter on the output topics")
          .atMost(TIMEOUT)
          .until(
              () -> {
                outputs.poll(Duration.ofMillis(200));
                return outputs.entityCountsByEventId().size() == texts.size()
                    && outputs.sentimentCountsByEventId().size() == texts.size()
                    && outputs.deadLetters().size() == 1;
              });
      Map<String, List<Entity>> entities = new HashMap<>();
      for (PipelineOutputs.Received<EntityResult> r : outputs.entities()) {
        entities.put(r.value().getEventId(), r.value().getEntities());
      }

      // Then the page shows them, with the same figure as /metrics now that nothing comes in
      String page = "http://127.0.0.1:" + app.httpPort() + "/status/";
      browser.get(page);
      String version = model.version();
      long scrapedIn = scrapedRecordsIn(app.scrape());
      assertThat(scrapedIn).isEqualTo(texts.size() + 1);
      await("the page showing every figure, record and dead letter")
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofMillis(250))
          .untilAsserted(() -> assertPage(pageState(), version, scrapedIn, texts, entities));
      Map<String, Object> shown = pageState();
      assertThat(entities.values().stream().mapToInt(List::size).sum())
          .as("entity spans to highlight")
          .isPositive();

      // The script tag is text: no element came from it and no alert fired.
      assertThat(records(shown).get(scriptId).get("text")).isEqualTo(SCRIPT_TEXT);
      assertThat(shown.get("injected")).isEqualTo(0L);
      assertThat(shown.get("scripts")).isEqualTo(List.of(page + "status.js"));
      assertThatThrownBy(() -> browser.switchTo().alert())
          .isInstanceOf(NoAlertPresentException.class);

      Path shot = Path.of("target", "status-page.png").toAbsolutePath();
      Files.createDirectories(shot.getParent());
      Files.copy(
          browser.getScreenshotAs(OutputType.FILE).toPath(),
          shot,
          StandardCopyOption.REPLACE_EXISTING);
      System.out.println("Status page screenshot: " + shot);
    }
  }

  private ProcessorConfig config(PipelineTopics topics, String status, ModelBundle bundle) {
    Map<String, Object> c = new HashMap<>();
    c.put(ProcessorConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
    c.put(ProcessorConfig.APPLICATION_ID, "status-page-it-" + topics.input());
    c.put(ProcessorConfig.INSTANCE_ID, INSTANCE);
    topics.putInto(c);
    c.put(ProcessorConfig.TOPIC_STATUS, status);
    c.put(ProcessorConfig.SCHEMA_REGISTRY_URL, registry.url());
    c.put(ProcessorConfig.MODEL_BUNDLE_PATH, bundle.directory().toString());
    c.put(ProcessorConfig.STATE_DIR, stateDir.toString());
    c.put(ProcessorConfig.BATCH_MAX_RECORDS, "4");
    c.put(ProcessorConfig.BATCH_MAX_WAIT_MS, "50");
    c.put(ProcessorConfig.HTTP_HOST, "127.0.0.1");
    c.put(ProcessorConfig.HTTP_PORT, "0");
    return ProcessorConfig.of(c);
  }

  private static void assertPage(
      Map<String, Object> shown,
      String version,
      long recordsIn,
      Map<String, String> texts,
      Map<String, List<Entity>> entities) {
    assertThat(shown.get("version")).isEqualTo(version);
    assertThat(shown.get("recordsIn")).isEqualTo(String.valueOf(recordsIn));
    assertThat(shown.get("recordsOut")).isEqualTo(String.valueOf(2 * texts.size()));
    assertThat(shown.get("deadLetters")).isEqualTo("1");
    assertThat((String) shown.get("batches")).matches("[1-9][0-9]*");
    assertThat((String) shown.get("batchSize")).matches("[0-9.]+");
    assertThat((String) shown.get("passLatency")).matches("[0-9.,]+");
    assertThat(shown.get("instances"))
        .isEqualTo(List.of(Map.of("id", INSTANCE, "serving", version)));
    assertThat(shown.get("deadLetterReasons")).isEqualTo(List.of("TOO_SHORT"));
    assertThat(shown.get("lastReasons")).isEqualTo(List.of("TOO_SHORT"));
    Map<String, Map<String, Object>> records = records(shown);
    assertThat(records).containsOnlyKeys(texts.keySet());
    for (Map.Entry<String, String> sent : texts.entrySet()) {
      Map<String, Object> r = records.get(sent.getKey());
      List<Entity> spans = entities.get(sent.getKey());
      // The text as produced, once the type labels the page adds to each entity are left out.
      assertThat(r.get("text")).as("text of %s", sent.getKey()).isEqualTo(sent.getValue());
      assertThat((String) r.get("sentiment")).isIn("negative", "positive");
      assertThat(r.get("entityTexts")).isEqualTo(spans.stream().map(Entity::getText).toList());
      assertThat(r.get("entityTypes")).isEqualTo(spans.stream().map(Entity::getType).toList());
    }
  }

  /** Everything the test reads from the page, read at once (the page redraws every 2 s). */
  @SuppressWarnings("unchecked")
  private Map<String, Object> pageState() {
    return (Map<String, Object>) ((JavascriptExecutor) browser).executeScript(PAGE_STATE);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> records(Map<String, Object> shown) {
    Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
    for (Object r : (List<Object>) shown.get("records")) {
      Map<String, Object> record = (Map<String, Object>) r;
      byId.put((String) record.get("id"), record);
    }
    return byId;
  }

  private static long scrapedRecordsIn(String scrape) {
    Matcher m = SCRAPED_IN.matcher(scrape);
    assertThat(m.find()).as("streambert_records_in_total in /metrics").isTrue();
    return (long) Double.parseDouble(m.group(1));
  }

  /** The first of {@code names} on the PATH, or the file {@code variable} names. */
  private static Optional<Path> executable(String variable, String... names) {
    String given = System.getenv(variable);
    if (given != null && Files.isExecutable(Path.of(given))) {
      return Optional.of(Path.of(given));
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      for (String name : names) {
        Path p = Path.of(dir, name);
        if (!dir.isEmpty() && Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }
}
