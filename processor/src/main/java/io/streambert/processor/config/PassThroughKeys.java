package io.streambert.processor.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which {@code kafka.*} pass-through keys the processor refuses, and why.
 *
 * <p>Pass-through keys are applied after everything the processor sets, so without this check a key
 * could silently replace what correctness depends on: the processing guarantee, the serdes that let
 * bad bytes reach the dead-letter topic, the error handlers, the producer settings that keep
 * results from being lost. Those keys are refused with the reason and, where there is one, the
 * processor key to use instead. Every other Kafka client key (security, timeouts, sizes, {@code
 * group.instance.id}, ...) passes through.
 */
public final class PassThroughKeys {

  /**
   * Prefixes Kafka Streams uses to address one of its clients ({@code producer.acks}); a refused
   * client key is refused under each of them too.
   */
  static final List<String> CLIENT_PREFIXES =
      List.of(
          "producer.",
          "consumer.",
          "main.consumer.",
          "restore.consumer.",
          "global.consumer.",
          "admin.");

  private static final String ROUTED_HERE =
      "the processor routes every bad record to topic.dead.letter itself, with its own DeadLetter"
          + " records";

  /** Streams-level keys: refused without a client prefix. */
  private static final Map<String, String> STREAMS_KEYS = new LinkedHashMap<>();

  /** Client-level keys: refused bare and under every {@link #CLIENT_PREFIXES} prefix. */
  private static final Map<String, String> CLIENT_KEYS = new LinkedHashMap<>();

  /** Values of client keys that keep what the processor relies on, so they are accepted. */
  private static final Map<String, List<String>> SAFE_VALUES =
      Map.of(
          "acks", List.of("all", "-1"),
          "enable.idempotence", List.of("true"),
          "isolation.level", List.of("read_committed"));

  static {
    for (String key :
        List.of(
            ProcessorConfig.APPLICATION_ID,
            ProcessorConfig.BOOTSTRAP_SERVERS,
            ProcessorConfig.PROCESSING_GUARANTEE,
            ProcessorConfig.NUM_STREAM_THREADS,
            ProcessorConfig.COMMIT_INTERVAL_MS,
            ProcessorConfig.STATE_DIR)) {
      STREAMS_KEYS.put(key, "set the processor key '" + key + "' instead (one value, validated)");
    }
    String serdes = "values are read as bytes so that undecodable ones reach the dead-letter topic";
    STREAMS_KEYS.put("default.key.serde", serdes);
    STREAMS_KEYS.put("default.value.serde", serdes);
    for (String key :
        List.of(
            "deserialization.exception.handler",
            "default.deserialization.exception.handler",
            "production.exception.handler",
            "default.production.exception.handler",
            "processing.exception.handler",
            "errors.dead.letter.queue.topic.name")) {
      STREAMS_KEYS.put(key, ROUTED_HERE);
    }
    STREAMS_KEYS.put(
        "default.timestamp.extractor",
        "an extractor that returns a negative timestamp makes Kafka Streams drop the record"
            + " silently; results carry the event's own time");
    STREAMS_KEYS.put(
        "upgrade.from", "only for rolling upgrades of Kafka Streams itself; not supported here");

    CLIENT_KEYS.put(
        "acks",
        "results are acknowledged by all in-sync replicas (acks=all) so that none is lost when a"
            + " leader fails");
    CLIENT_KEYS.put(
        "enable.idempotence",
        "the idempotent producer keeps results from being duplicated or reordered by retries");
    CLIENT_KEYS.put(
        "transactional.id", "Kafka Streams derives transactional ids from application.id");
    CLIENT_KEYS.put(
        "isolation.level",
        "under exactly_once_v2 the processor must read only committed input (read_committed)");
    CLIENT_KEYS.put(
        "enable.auto.commit",
        "offsets are committed by Kafka Streams with the results, never on a timer");
    for (String key :
        List.of("key.serializer", "value.serializer", "key.deserializer", "value.deserializer")) {
      CLIENT_KEYS.put(key, "Kafka Streams chooses the clients' (de)serializers itself");
    }
  }

  private PassThroughKeys() {}

  /**
   * Why {@code key} (without the {@code kafka.} prefix) may not be passed through with {@code
   * value}, or empty when it may.
   */
  public static Optional<String> refusal(String key, Object value) {
    String reason = STREAMS_KEYS.get(key);
    if (reason != null) {
      return Optional.of(reason);
    }
    String clientKey = key;
    for (String prefix : CLIENT_PREFIXES) {
      if (key.startsWith(prefix) && CLIENT_KEYS.containsKey(key.substring(prefix.length()))) {
        clientKey = key.substring(prefix.length());
      }
    }
    reason = CLIENT_KEYS.get(clientKey);
    if (reason == null) {
      return Optional.empty();
    }
    List<String> safe = SAFE_VALUES.getOrDefault(clientKey, List.of());
    String text = value == null ? "" : String.valueOf(value).trim().toLowerCase(Locale.ROOT);
    if (safe.contains(text)) {
      return Optional.empty();
    }
    return Optional.of(
        reason + (safe.isEmpty() ? "" : " (accepted values: " + String.join(", ", safe) + ")"));
  }

  /**
   * Checks every {@code kafka.*} key of {@code values}.
   *
   * @throws InvalidConfigException naming each refused key and why it is refused
   */
  static void check(Map<String, ?> values) {
    List<String> refused = new ArrayList<>();
    for (Map.Entry<String, ?> e : values.entrySet()) {
      String key = e.getKey();
      if (key.startsWith(ProcessorConfig.KAFKA_PREFIX)) {
        String bare = key.substring(ProcessorConfig.KAFKA_PREFIX.length());
        refusal(bare, e.getValue()).ifPresent(reason -> refused.add("'" + key + "': " + reason));
      }
    }
    if (!refused.isEmpty()) {
      refused.sort(null);
      throw new InvalidConfigException(
          "Refused pass-through configuration (expected kafka.* keys that do not override what"
              + " the processor relies on): "
              + String.join("; ", refused));
    }
  }

  /** The refused keys, without the {@code kafka.} prefix, for the documentation. */
  public static List<String> refusedKeys() {
    List<String> keys = new ArrayList<>(STREAMS_KEYS.keySet());
    keys.addAll(CLIENT_KEYS.keySet());
    return keys;
  }
}
