package io.streambert.processor.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;

/** Renders {@link ProcessorConfig#DEFINITION} as the Markdown table kept in the README. */
public final class ConfigDocs {

  /** Marks the start of the generated table in {@code processor/README.md}. */
  public static final String BEGIN =
      "<!-- config-table:begin (generated: ProcessorMain --config-table) -->";

  /** Marks the end of the generated table. */
  public static final String END = "<!-- config-table:end -->";

  private ConfigDocs() {}

  /** The table, one row per key, required and high-importance keys first. */
  public static String markdownTable() {
    List<ConfigKey> keys = new ArrayList<>(ProcessorConfig.DEFINITION.configKeys().values());
    keys.sort(
        Comparator.comparing((ConfigKey k) -> k.hasDefault())
            .thenComparing(k -> k.importance)
            .thenComparing(k -> k.name));
    StringBuilder out = new StringBuilder();
    out.append("| Key | Environment override | Type | Default | Valid values | Description |\n");
    out.append("|---|---|---|---|---|---|\n");
    for (ConfigKey k : keys) {
      out.append("| `")
          .append(k.name)
          .append("` | `")
          .append(ConfigLoader.envName(k.name))
          .append("` | ")
          .append(k.type.name().toLowerCase(java.util.Locale.ROOT))
          .append(" | ")
          .append(defaultText(k))
          .append(" | ")
          .append(validValues(k))
          .append(" | ")
          .append(escape(k.documentation))
          .append(" |\n");
    }
    out.append("| `kafka.*` | `STREAMBERT_KAFKA_*` | any |  |  |")
        .append(" Passed to the Kafka Streams client without the prefix, e.g.")
        .append(
            " `kafka.max.poll.records` or `kafka.sasl.jaas.config`. Refused: keys the processor")
        .append(" sets itself or relies on (")
        .append(
            String.join(
                ", ", PassThroughKeys.refusedKeys().stream().map(k -> "`" + k + "`").toList()))
        .append("; the client keys also with a `producer.`, `consumer.`, ... prefix; `acks=all`,")
        .append(" `enable.idempotence=true`, `isolation.level=read_committed` accepted). |\n");
    return out.toString();
  }

  private static String defaultText(ConfigKey k) {
    if (!k.hasDefault()) {
      return "**required**";
    }
    if (k.defaultValue == null) {
      return "(unset)";
    }
    String text = ConfigDef.convertToString(k.defaultValue, k.type);
    if (k.name.equals(ProcessorConfig.STATE_DIR)) {
      text = "${java.io.tmpdir}/streambert-state";
    }
    return "`" + text + "`";
  }

  private static String validValues(ConfigKey k) {
    if (k.validator == null) {
      return "";
    }
    if (k.validator instanceof ConfigDef.NonEmptyStringWithoutControlChars) {
      return "non-empty";
    }
    return escape(k.validator.toString());
  }

  private static String escape(String text) {
    return text.replace("|", "\\|");
  }
}
