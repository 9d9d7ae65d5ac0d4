package io.streambert.schemas.serde;

import java.util.Map;
import java.util.Objects;

/**
 * Serializer settings, readable from Confluent's serde keys.
 *
 * @param autoRegisterSchemas register the record's schema on first use; otherwise look up its id
 * @param useLatestVersion when not auto-registering, write with the subject's latest id (which must
 *     be the record's schema) instead of looking up the record's schema
 * @param subjectNameStrategy how to name the subject; Confluent's TopicNameStrategy by default
 */
public record AvroSerdeConfig(
    boolean autoRegisterSchemas,
    boolean useLatestVersion,
    SubjectNameStrategy subjectNameStrategy) {

  /** Confluent key: register schemas automatically; default true. */
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

  /** Confluent key: use the subject's latest version instead of a lookup; default false. */
  public static final String USE_LATEST_VERSION = "use.latest.version";

  /** Validates the strategy. */
  public AvroSerdeConfig {
    Objects.requireNonNull(subjectNameStrategy, "subjectNameStrategy");
  }

  /** Auto-registration on, TopicNameStrategy. */
  public static AvroSerdeConfig defaults() {
    return new AvroSerdeConfig(true, false, SubjectNameStrategy.TOPIC_NAME);
  }

  /**
   * Reads {@value #AUTO_REGISTER_SCHEMAS} and {@value #USE_LATEST_VERSION}; missing keys keep their
   * defaults.
   *
   * @throws IllegalArgumentException if a value is not a boolean
   */
  public static AvroSerdeConfig fromProperties(Map<String, ?> props) {
    return new AvroSerdeConfig(
        bool(props, AUTO_REGISTER_SCHEMAS, true),
        bool(props, USE_LATEST_VERSION, false),
        SubjectNameStrategy.TOPIC_NAME);
  }

  private static boolean bool(Map<String, ?> props, String key, boolean defaultValue) {
    Object value = props.get(key);
    if (value == null) {
      return defaultValue;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    String s = String.valueOf(value).trim();
    if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(s);
    }
    throw new IllegalArgumentException(key + " must be true or false, found '" + value + "'");
  }
}
