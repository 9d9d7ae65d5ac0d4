package io.streambert.processor.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft Kafka broker (broker and controller in one process) running in a child
 * JVM, listening on 127.0.0.1 only.
 *
 * <p>Transactions work on this single node: the transaction state log and the offsets topic have
 * replication factor 1 and min ISR 1. The child exits on its own when this JVM dies (see {@link
 * KafkaBrokerMain}); {@link #close()} kills it and deletes its data.
 */
public final class KafkaBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private volatile Process process;
  private final Path directory;
  private final String bootstrapServers;
  private final boolean deleteOnClose;
  private final List<String> command;
  private final SecureListener secure;

  private KafkaBroker(
      Path directory,
      String bootstrapServers,
      boolean deleteOnClose,
      List<String> command,
      SecureListener secure) {
    this.directory = directory;
    this.bootstrapServers = bootstrapServers;
    this.deleteOnClose = deleteOnClose;
    this.command = List.copyOf(command);
    this.secure = secure;
  }

  /**
   * A second listener speaking SASL_SSL with SCRAM-SHA-512, on a broker whose authorizer ({@code
   * StandardAuthorizer}) lets only super users and what ACLs allow through. The plain listener of
   * {@link #bootstrapServers()} stays open for the tests' own clients, which act as super user.
   *
   * @param bootstrapServers the {@code bootstrap.servers} of the secure listener
   * @param truststore a PKCS12 truststore holding the broker's self-signed certificate
   * @param truststorePassword its password
   */
  public record SecureListener(
      String bootstrapServers, Path truststore, String truststorePassword) {

    /** Client properties to connect to this listener as {@code user} with {@code password}. */
    public Map<String, String> clientConfig(String user, String password) {
      return Map.of(
          "security.protocol",
          "SASL_SSL",
          "sasl.mechanism",
          "SCRAM-SHA-512",
          "sasl.jaas.config",
          jaasConfig(user, password),
          "ssl.truststore.location",
          truststore.toString(),
          "ssl.truststore.password",
          truststorePassword,
          "ssl.truststore.type",
          "PKCS12");
    }

    /** The {@code sasl.jaas.config} value for {@code user} with {@code password}. */
    public static String jaasConfig(String user, String password) {
      return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
          + user
          + "\" password=\""
          + password
          + "\";";
    }
  }

  /** Starts a broker in a fresh temporary directory that is deleted on close. */
  public static KafkaBroker start() {
    try {
      return start(Files.createTempDirectory("streambert-kafka-"), true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts a broker whose logs and data live in {@code directory}, waiting until it serves metadata
   * requests.
   */
  public static KafkaBroker start(Path directory, boolean deleteOnClose) {
    return start(directory, deleteOnClose, TEST_JVM_OPTIONS);
  }

  /**
   * JVM options of a test broker: it carries little load, so a short JIT and serial GC start it
   * faster on small hosts.
   */
  public static final List<String> TEST_JVM_OPTIONS =
      List.of("-Xms64m", "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  /**
   * The JVM options {@code kafka-server-start.sh} gives a broker (full JIT, G1): what benchmarks
   * should run against, since a C1-only broker spends several times the CPU per request.
   */
  public static final List<String> SERVER_JVM_OPTIONS =
      List.of(
          "-Xms1g",
          "-Xmx1g",
          "-XX:+UseG1GC",
          "-XX:MaxGCPauseMillis=20",
          "-XX:InitiatingHeapOccupancyPercent=35",
          "-XX:+ExplicitGCInvokesConcurrent");

  /** Like {@link #start(Path, boolean)}, with the broker JVM's options given. */
  public static KafkaBroker start(Path directory, boolean deleteOnClose, List<String> jvmOptions) {
    return start(directory, deleteOnClose, jvmOptions, false);
  }

  /**
   * Starts a broker in a fresh temporary directory with a {@link SecureListener} besides its plain
   * one; deleted on close.
   */
  public static KafkaBroker startWithSecureListener() {
    try {
      return start(
          Files.createTempDirectory("streambert-kafka-secure-"), true, TEST_JVM_OPTIONS, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static KafkaBroker start(
      Path directory, boolean deleteOnClose, List<String> jvmOptions, boolean withSecureListener) {
    long started = System.nanoTime();
    try {
      Files.createDirectories(directory);
      int brokerPort = freePort();
      int controllerPort = freePort();
      Path config = directory.resolve("server.properties");
      writeServerProperties(config, brokerPort, controllerPort, directory.resolve("data"));
      SecureListener secure = null;
      if (withSecureListener) {
        secure = SecureBrokerConfig.addSaslSslListener(config, directory, freePort());
      }
      List<String> command = new ArrayList<>();
      command.add(javaExecutable());
      command.addAll(jvmOptions);
      command.add("-Dlogback.configurationFile=it/logback-broker.xml");
      command.add("-Dstreambert.broker.log=" + directory.resolve("broker.log"));
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(KafkaBrokerMain.class.getName());
      command.add(config.toString());
      command.add(Uuid.randomUuid().toString());
      KafkaBroker broker =
          new KafkaBroker(directory, "127.0.0.1:" + brokerPort, deleteOnClose, command, secure);
      broker.launch();
      broker.awaitReady();
      LOG.info(
          "Kafka broker on {} ready in {} ms (data in {})",
          broker.bootstrapServers,
          Duration.ofNanos(System.nanoTime() - started).toMillis(),
          directory);
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start a Kafka broker in " + directory, e);
    }
  }

  private void launch() throws IOException {
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(directory.resolve("broker.out").toFile()))
            .start();
  }

  /** The secure listener, when the broker was started with one. */
  public SecureListener secureListener() {
    if (secure == null) {
      throw new IllegalStateException("this broker was started without a secure listener");
    }
    return secure;
  }

  /**
   * Stops the broker: with SIGTERM (a controlled shutdown, waiting up to 60 s) or SIGKILL. Its
   * ports and data stay, for {@link #restart()}.
   */
  public void stop(boolean kill) {
    if (kill) {
      process.destroyForcibly();
    } else {
      process.destroy();
    }
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping the Kafka broker", e);
    }
    LOG.info("Kafka broker on {} stopped with {}", bootstrapServers, kill ? "SIGKILL" : "SIGTERM");
  }

  /** Starts the stopped broker again on the same ports and data, waiting until it answers. */
  public void restart() {
    if (process.isAlive()) {
      throw new IllegalStateException("the broker on " + bootstrapServers + " still runs");
    }
    long started = System.nanoTime();
    try {
      launch();
    } catch (IOException e) {
      throw new UncheckedIOException("could not restart the Kafka broker in " + directory, e);
    }
    // A restart recovers the logs first (after SIGKILL, every segment since the last flush).
    awaitReady(START_TIMEOUT.multipliedBy(3));
    LOG.info(
        "Kafka broker on {} restarted in {} ms",
        bootstrapServers,
        Duration.ofNanos(System.nanoTime() - started).toMillis());
  }

  /** Returns the {@code bootstrap.servers} value for clients of this broker. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Returns the directory holding the broker's configuration, logs and data. */
  public Path directory() {
    return directory;
  }

  /** Returns the process id of the broker JVM. */
  public long pid() {
    return process.pid();
  }

  /** Returns a new admin client for this broker; the caller closes it. */
  public Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
  }

  /**
   * Creates one topic with replication factor 1 and the given topic configs ({@code
   * max.message.bytes}, ...), failing if it already exists.
   */
  public void createTopic(String name, int partitions, Map<String, String> configs) {
    try (Admin admin = admin()) {
      admin
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
          .all()
          .get(30, TimeUnit.SECONDS);
      awaitLeaders(admin, List.of(name), partitions);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not create topic " + name, e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException("could not create topic " + name, e);
    }
  }

  /** Creates topics with replication factor 1, failing if any of them already exists. */
  public void createTopics(int partitions, String... names) {
    try (Admin admin = admin()) {
      List<NewTopic> topics = new ArrayList<>();
      for (String name : names) {
        topics.add(new NewTopic(name, partitions, (short) 1));
      }
      admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
      awaitLeaders(admin, List.of(names), partitions);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not create topics " + List.of(names), e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException("could not create topics " + List.of(names), e);
    }
  }

  /**
   * Waits until every partition of {@code names} has a leader that answers for its log. A producer
   * that writes to a partition before then gets NOT_LEADER_OR_FOLLOWER, and the idempotent producer
   * of kafka-clients 4.3.1 was seen to retry its next batches with OUT_OF_ORDER_SEQUENCE_NUMBER for
   * minutes afterwards (a benchmark hung on it).
   */
  private static void awaitLeaders(Admin admin, List<String> names, int partitions)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      Map<String, TopicDescription> described;
      try {
        described = admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        // Under load the controller can answer a describe before the new topics reach its
        // metadata: not there yet is not a failure until the deadline.
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(50);
        continue;
      }
      boolean ready =
          described.values().stream()
              .allMatch(
                  d ->
                      d.partitions().size() == partitions
                          && d.partitions().stream()
                              .allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
      if (ready) {
        // A leader in the metadata is not yet a writable log (the smoke run of the benchmark still
        // got NOT_LEADER_OR_FOLLOWER after it): ListOffsets is answered by the leader's log, and
        // the admin client retries it until the partition exists there.
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (String name : names) {
          for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(name, p), OffsetSpec.latest());
          }
        }
        admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "expected a leader for each of the "
                + partitions
                + " partitions of "
                + names
                + " within 30 s, found "
                + described);
      }
      sleep(50);
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (deleteOnClose) {
      ItFiles.deleteRecursively(directory);
    }
  }

  private void awaitReady() {
    awaitReady(START_TIMEOUT);
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    awaitListening(deadline);
    Exception last = null;
    try (Admin admin = admin()) {
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "expected the Kafka broker to start, found it exited with code "
                  + process.exitValue()
                  + "; output:\n"
                  + ItFiles.tail(directory.resolve("broker.out")));
        }
        try {
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (Exception e) {
          last = e;
        }
        sleep(200);
      }
    }
    close();
    throw new IllegalStateException(
        "expected the Kafka broker on "
            + bootstrapServers
            + " to answer within "
            + timeout
            + ", found no answer; output:\n"
            + ItFiles.tail(directory.resolve("broker.out")),
        last);
  }

  private void awaitListening(long deadline) {
    String[] hostPort = bootstrapServers.split(":");
    while (System.nanoTime() < deadline && process.isAlive()) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 500);
        return;
      } catch (IOException notYet) {
        sleep(100);
      }
    }
  }

  /** Writes a KRaft combined-mode configuration bound to 127.0.0.1. */
  static void writeServerProperties(Path file, int brokerPort, int controllerPort, Path dataDir)
      throws IOException {
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.setProperty(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("log.dirs", dataDir.toString());
    p.setProperty("num.partitions", "1");
    // Tests produce events stamped with fixed dates long past: time-based retention would delete
    // them (and results carrying their event time) before they are read.
    p.setProperty("log.retention.ms", "-1");
    p.setProperty("auto.create.topics.enable", "false");
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("offsets.topic.num.partitions", "4");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("transaction.state.log.num.partitions", "4");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
    p.setProperty("log.cleaner.threads", "1");
    p.setProperty("num.network.threads", "2");
    p.setProperty("num.io.threads", "4");
    try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(out, "streambert single-node KRaft broker for tests");
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  /** The {@code java} launcher of the running JVM, for child JVMs. */
  public static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
    }
  }
}
