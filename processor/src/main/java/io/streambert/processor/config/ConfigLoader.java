package io.streambert.processor.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Reads a {@link ProcessorConfig} from a properties file, then applies environment overrides.
 *
 * <p>The override of key {@code batch.max.records} is {@code STREAMBERT_BATCH_MAX_RECORDS}: the key
 * upper-cased, dots and dashes replaced by underscores, prefixed with {@value #ENV_PREFIX}.
 * Pass-through Kafka keys work the same way: {@code STREAMBERT_KAFKA_MAX_POLL_RECORDS} sets {@code
 * kafka.max.poll.records}. Other {@code STREAMBERT_} variables are ignored.
 */
public final class ConfigLoader {

  /** Prefix of environment variables that override configuration keys. */
  public static final String ENV_PREFIX = "STREAMBERT_";

  private ConfigLoader() {}

  /** Loads {@code file} (null: environment only) and applies the process environment. */
  public static ProcessorConfig load(Path file) {
    return load(file, System.getenv());
  }

  /** Loads {@code file} (may be null: environment only) and applies overrides from {@code env}. */
  public static ProcessorConfig load(Path file, Map<String, String> env) {
    return load(file, env, Map.of());
  }

  /**
   * Loads {@code file} (may be null), applies overrides from {@code env}, then {@code overrides}
   * (command-line settings, which win).
   */
  public static ProcessorConfig load(
      Path file, Map<String, String> env, Map<String, String> overrides) {
    Map<String, Object> values = new HashMap<>();
    if (file != null) {
      values.putAll(readProperties(file));
    }
    values.putAll(environmentOverrides(env));
    values.putAll(overrides);
    return ProcessorConfig.of(values);
  }

  /** The environment variable overriding {@code key}. */
  public static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** The configuration keys set by {@code env}. */
  static Map<String, String> environmentOverrides(Map<String, String> env) {
    Map<String, String> byEnvName = new HashMap<>();
    for (String key : ProcessorConfig.DEFINITION.names()) {
      byEnvName.put(envName(key), key);
    }
    Map<String, String> overrides = new HashMap<>();
    String kafkaEnvPrefix = envName(ProcessorConfig.KAFKA_PREFIX);
    for (Map.Entry<String, String> e : env.entrySet()) {
      String key = byEnvName.get(e.getKey());
      if (key != null) {
        overrides.put(key, e.getValue());
      } else if (e.getKey().startsWith(kafkaEnvPrefix)
          && e.getKey().length() > kafkaEnvPrefix.length()) {
        String rest = e.getKey().substring(kafkaEnvPrefix.length());
        overrides.put(
            ProcessorConfig.KAFKA_PREFIX + rest.toLowerCase(Locale.ROOT).replace('_', '.'),
            e.getValue());
      }
    }
    return overrides;
  }

  private static Map<String, String> readProperties(Path file) {
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      props.load(in);
    } catch (NoSuchFileException e) {
      throw new InvalidConfigException(
          "Configuration file " + file.toAbsolutePath() + " does not exist", e);
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidConfigException(
          "Cannot read configuration file "
              + file.toAbsolutePath()
              + " as Java properties: "
              + e.getMessage(),
          e);
    }
    Map<String, String> values = new HashMap<>();
    for (String name : props.stringPropertyNames()) {
      values.put(name.trim(), props.getProperty(name).trim());
    }
    return values;
  }
}
