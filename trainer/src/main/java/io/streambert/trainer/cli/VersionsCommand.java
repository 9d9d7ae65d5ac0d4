package io.streambert.trainer.cli;

import io.streambert.schemas.avro.ModelRelease;
import io.streambert.schemas.avro.ModelStatus;
import io.streambert.trainer.publish.BundleStores;
import io.streambert.trainer.publish.ReleaseTopic;
import io.streambert.trainer.publish.RolloutView;
import io.streambert.trainer.publish.StoredBundle;
import io.streambert.trainer.publish.TopicSnapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code versions}: which release each target has, and which version each instance serves. */
@Command(
    name = "versions",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "List the current release per target key (the compacted release topic) and, per processor"
          + " instance, the version it serves and its last status (loading, rejected with the"
          + " reason, retired) from the status topic. With --store, also the stored versions."
    })
public final class VersionsCommand implements Callable<Integer> {
  /** Default status topic (the processors publish ModelStatus records there). */
  public static final String DEFAULT_STATUS_TOPIC = "model-status";

  @Spec CommandSpec spec;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT,...",
      description = "Kafka brokers (or bootstrap.servers in --client-config).")
  String bootstrapServers;

  @Option(
      names = "--registry-url",
      paramLabel = "URL",
      description = "Schema registry (or schema.registry.url in --client-config).")
  String registryUrl;

  @Option(
      names = "--client-config",
      paramLabel = "FILE",
      description = "Properties for the Kafka and registry clients (Confluent key names).")
  Path clientConfig;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      defaultValue = ReleaseTopic.DEFAULT_NAME,
      description = "Release topic. Default: ${DEFAULT-VALUE}.")
  String topic;

  @Option(
      names = "--status-topic",
      paramLabel = "TOPIC",
      defaultValue = DEFAULT_STATUS_TOPIC,
      description = "Status topic. Default: ${DEFAULT-VALUE}.")
  String statusTopic;

  @Option(
      names = "--store",
      paramLabel = "URI",
      description = "Also list the versions in this bundle store (file: URI or folder).")
  String store;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "PT30S",
      description = "How long reading each topic may take (ISO-8601). Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  private final RolloutClients clients;

  /** A command reading a real cluster. */
  public VersionsCommand() {
    this(new KafkaRolloutClients());
  }

  /** A command using the given clients (tests). */
  VersionsCommand(RolloutClients clients) {
    this.clients = clients;
  }

  @Override
  public Integer call() throws IOException {
    Map<String, Object> config =
        ClientConfigs.load(spec.commandLine(), clientConfig, bootstrapServers, registryUrl);
    RolloutView view = new RolloutView();
    try (Consumer<String, ModelRelease> releases = clients.releases(config)) {
      for (ConsumerRecord<String, ModelRelease> r : TopicSnapshot.read(releases, topic, timeout)) {
        view.release(r.key(), r.offset(), r.value());
      }
    }
    try (Consumer<String, ModelStatus> statuses = clients.statuses(config)) {
      for (ConsumerRecord<String, ModelStatus> r :
          TopicSnapshot.read(statuses, statusTopic, timeout)) {
        view.status(r.value());
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(view.render());
    if (store != null) {
      out.println();
      out.println("STORED VERSIONS (" + store + ")");
      for (StoredBundle b : BundleStores.open(store).list()) {
        out.println(b.version() + "  " + b.sha256() + "  " + b.uri());
      }
    }
    out.flush();
    return ExitCodes.OK;
  }
}
