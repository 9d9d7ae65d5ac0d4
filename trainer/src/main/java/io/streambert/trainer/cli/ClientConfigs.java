package io.streambert.trainer.cli;

import io.streambert.schemas.registry.RegistryConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** The Kafka and registry client settings of a command: a properties file plus two options. */
final class ClientConfigs {
  private ClientConfigs() {}

  /**
   * Reads {@code file} (when given) and lets the options override it.
   *
   * @throws ParameterException when brokers or registry are given neither way
   */
  static Map<String, Object> load(
      CommandLine cli, Path file, String bootstrapServers, String registryUrl) throws IOException {
    Map<String, Object> config = new HashMap<>();
    if (file != null) {
      Properties props = new Properties();
      try (InputStream in = Files.newInputStream(file)) {
        props.load(in);
      }
      props.forEach((k, v) -> config.put(k.toString(), v));
    }
    if (bootstrapServers != null) {
      config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    }
    if (registryUrl != null) {
      config.put(RegistryConfig.URL, registryUrl);
    }
    if (!config.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
      throw new ParameterException(
          cli,
          "expected --bootstrap-servers or bootstrap.servers in --client-config, found neither");
    }
    if (!config.containsKey(RegistryConfig.URL)) {
      throw new ParameterException(
          cli, "expected --registry-url or schema.registry.url in --client-config, found neither");
    }
    return config;
  }
}
