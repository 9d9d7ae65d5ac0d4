package io.streambert.processor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.model.testing.TestBundles;
import io.streambert.processor.ProcessorMain;
import io.streambert.processor.config.ProcessorConfig;
import io.streambert.schemas.registry.RegistryConfig;
import io.streambert.schemas.registry.RestSchemaRegistryClient;
import io.streambert.schemas.registry.SchemaRegistryClient;
import io.streambert.schemas.registry.server.MiniSchemaRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The processor against a broker that authenticates with SCRAM-SHA-512 over TLS and authorizes with
 * ACLs ({@code StandardAuthorizer}): with a user allowed only the processor's topics, group,
 * internal topics and transactional ids, it processes every record; with a wrong password it exits
 * with {@link ProcessorMain#EXIT_KAFKA_ACCESS_REFUSED} and says what to check.
 *
 * <p>The processor runs in a child JVM: the TLS and SASL settings come from its configuration file,
 * the password from the environment ({@code STREAMBERT_KAFKA_SASL_JAAS_CONFIG}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureBrokerIT {

  private static final String USER = "streambert-processor";
  private static final String PASSWORD = "scram-" + Long.toHexString(System.nanoTime());
  private static final int RECORDS = 40;

  private KafkaBroker broker;
  private MiniSchemaRegistry registry;
  private SchemaRegistryClient registryClient;
  private Path workDir;

  @BeforeAll
  void startSecureBroker() throws Exception {
    broker = KafkaBroker.startWithSecureListener();
    registry = new MiniSchemaRegistry().start();
    registryClient = new RestSchemaRegistryClient(RegistryConfig.of(registry.url()));
    workDir = Files.createTempDirectory("secure-broker-it-");
    try (Admin admin = broker.admin()) {
      admin
          .alterUserScramCredentials(
              List.of(
                  new UserScramCredentialUpsertion(
                      USER, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), PASSWORD)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  @AfterAll
  void stopEverything() {
    if (registry != null) {
      registry.close();
    }
    if (broker != null) {
      broker.close();
    }
    if (workDir != null) {
      ItFiles.deleteRecursively(workDir);
    }
  }

  @Test
  void shouldProcessEveryRecordWithOnlyTheProcessorsOwnRights() throws Exception {
    PipelineTopics topics = PipelineTopics.unique("secure").create(broker, 2);
    String applicationId = "secure-it-" + topics.input();
    allowOnlyWhatTheProcessorNeeds(topics, applicationId);
    List<String> ids = new ArrayList<>();

    Path log = logFile(topics.input());
    try (PipelineOutputs outputs =
            new PipelineOutputs(broker.bootstrapServers(), topics, registryClient);
        ProcessorProcess child =
            ProcessorProcess.start(
                childConfig(topics, applicationId),
                log,
                List.of("-Xmx512m"),
                passwordEnv(PASSWORD))) {
      try (TextEventProducer producer =
          new TextEventProducer(broker.bootstrapServers(), topics.input(), registryClient)) {
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        List<String> texts = SampleTexts.take(RECORDS);
        for (int i = 0; i < RECORDS; i++) {
          String id = "secure-" + i;
          ids.add(id);
          producer.send(
              "key-" + (i % 7), TextEventProducer.event(id, texts.get(i), base.plusMillis(i)));
        }
        producer.flush();
      }

      boolean complete =
          outputs.pollUntil(
              () ->
                  outputs.sentimentCountsByEventId().size() >= RECORDS
                          && outputs.entityCountsByEventId().size() >= RECORDS
                      || !child.isAlive(),
              Duration.ofMinutes(3),
              Duration.ofSeconds(1));

      assertThat(complete && child.isAlive())
          .as(
              "%d/%d sentiment, %d/%d entities; child: %s",
              outputs.sentimentCountsByEventId().size(),
              RECORDS,
              outputs.entityCountsByEventId().size(),
              RECORDS,
              child.outputTail())
          .isTrue();
      assertThat(outputs.sentimentCountsByEventId().keySet())
          .containsExactlyInAnyOrderElementsOf(ids);
      assertThat(outputs.deadLetters()).isEmpty();
      assertThat(Files.readString(log)).doesNotContain(PASSWORD);
    }
  }

  @Test
  void shouldExitWithTheAccessRefusedCodeAndSayWhatToCheckWhenThePasswordIsWrong()
      throws Exception {
    PipelineTopics topics = PipelineTopics.unique("secure-bad").create(broker, 1);
    String applicationId = "secure-bad-it-" + topics.input();
    allowOnlyWhatTheProcessorNeeds(topics, applicationId);
    String wrong = "wrong-" + PASSWORD;

    Path log = logFile(topics.input());
    try (ProcessorProcess child =
        ProcessorProcess.start(
            childConfig(topics, applicationId), log, List.of("-Xmx512m"), passwordEnv(wrong))) {
      OptionalInt exit = child.awaitExitCode(180);

      assertThat(exit)
          .as("exit code; child: %s", child.outputTail())
          .hasValue(ProcessorMain.EXIT_KAFKA_ACCESS_REFUSED);
      String output = Files.readString(log);
      assertThat(output)
          .contains("Kafka refused the processor's credentials")
          .contains("kafka.sasl.jaas.config")
          .doesNotContain(wrong);
    }
  }

  private void allowOnlyWhatTheProcessorNeeds(PipelineTopics topics, String applicationId)
      throws Exception {
    String principal = "User:" + USER;
    List<AclBinding> acls = new ArrayList<>();
    acls.add(
        allow(
            ResourceType.TOPIC, topics.input(), PatternType.LITERAL, principal, AclOperation.READ));
    acls.add(
        allow(
            ResourceType.TOPIC,
            topics.input(),
            PatternType.LITERAL,
            principal,
            AclOperation.DESCRIBE));
    for (String output : topics.outputs()) {
      acls.add(
          allow(ResourceType.TOPIC, output, PatternType.LITERAL, principal, AclOperation.WRITE));
      acls.add(
          allow(ResourceType.TOPIC, output, PatternType.LITERAL, principal, AclOperation.DESCRIBE));
      // To read the limits results are checked against before they are sent.
      acls.add(
          allow(
              ResourceType.TOPIC,
              output,
              PatternType.LITERAL,
              principal,
              AclOperation.DESCRIBE_CONFIGS));
    }
    // Internal topics (the batch buffer's changelog), the group and the transactional ids.
    acls.add(
        allow(
            ResourceType.TOPIC, applicationId, PatternType.PREFIXED, principal, AclOperation.ALL));
    acls.add(
        allow(
            ResourceType.GROUP, applicationId, PatternType.PREFIXED, principal, AclOperation.ALL));
    acls.add(
        allow(
            ResourceType.TRANSACTIONAL_ID,
            applicationId,
            PatternType.PREFIXED,
            principal,
            AclOperation.ALL));
    try (Admin admin = broker.admin()) {
      admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
    }
  }

  private static AclBinding allow(
      ResourceType type, String name, PatternType pattern, String principal, AclOperation op) {
    return new AclBinding(
        new ResourcePattern(type, name, pattern),
        new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW));
  }

  private Map<String, String> childConfig(PipelineTopics topics, String applicationId) {
    Map<String, String> c = new HashMap<>();
    KafkaBroker.SecureListener secure = broker.secureListener();
    c.put(ProcessorConfig.BOOTSTRAP_SERVERS, secure.bootstrapServers());
    c.put(ProcessorConfig.APPLICATION_ID, applicationId);
    topics.putInto(c);
    c.put(ProcessorConfig.SCHEMA_REGISTRY_URL, registry.url());
    c.put(
        ProcessorConfig.MODEL_BUNDLE_PATH,
        TestBundles.miniLmBothTasks().directory().toAbsolutePath().toString());
    c.put(ProcessorConfig.STATE_DIR, workDir.resolve(applicationId).toString());
    c.put(ProcessorConfig.BATCH_MAX_WAIT_MS, "50");
    c.put(ProcessorConfig.HTTP_PORT, "-1");
    // Everything but the password comes from the file.
    secure
        .clientConfig(USER, "unused")
        .forEach(
            (k, v) -> {
              if (!k.equals("sasl.jaas.config")) {
                c.put(ProcessorConfig.KAFKA_PREFIX + k, v);
              }
            });
    return c;
  }

  private static Map<String, String> passwordEnv(String password) {
    return Map.of(
        "STREAMBERT_KAFKA_SASL_JAAS_CONFIG", KafkaBroker.SecureListener.jaasConfig(USER, password));
  }

  private static Path logFile(String name) throws Exception {
    return Files.createDirectories(Path.of("target", "it-logs")).resolve(name + ".log");
  }
}
