package io.streambert.processor.limits;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the producer and the broker will take a record, judged before it is sent.
 *
 * <p>A record the broker refuses (larger than the producer's {@code max.request.size} or the
 * topic's {@code max.message.bytes}, a timestamp outside the topic's window) fails its send after
 * the fact: under exactly-once the whole transaction aborts and the same input is processed and
 * refused again, for ever. Checking each result first lets the processor dead-letter the one input
 * instead. The size is an upper bound for a record alone in an uncompressed batch ({@link
 * #sizeOf}), so a record that passes fits; a record that would only fit compressed is refused.
 */
public final class SendLimits {

  private static final Logger log = LoggerFactory.getLogger(SendLimits.class);

  private final int maxRequestSize;
  private final LongSupplier clockMs;
  private final Map<String, TopicLimits> topics = new ConcurrentHashMap<>();

  /** Limits of a producer with {@code maxRequestSize}, topics at the broker defaults until read. */
  public SendLimits(int maxRequestSize, LongSupplier clockMs) {
    this.maxRequestSize = maxRequestSize;
    this.clockMs = clockMs;
  }

  /** Limits of a producer with {@code maxRequestSize} and the system clock. */
  public SendLimits(int maxRequestSize) {
    this(maxRequestSize, System::currentTimeMillis);
  }

  /** Uses {@code limits} for {@code topic} from now on. */
  public void set(String topic, TopicLimits limits) {
    topics.put(topic, limits);
  }

  /** The limits assumed for {@code topic}. */
  public TopicLimits of(String topic) {
    return topics.getOrDefault(topic, TopicLimits.BROKER_DEFAULTS);
  }

  /** The producer's {@code max.request.size}. */
  public int maxRequestSize() {
    return maxRequestSize;
  }

  /**
   * Reads the limits of {@code names} from the brokers. A topic whose configuration cannot be read
   * (no DescribeConfigs right, brokers unreachable) keeps the broker defaults, with a warning.
   */
  public void read(Admin admin, Collection<String> names) {
    Map<ConfigResource, String> resources = new HashMap<>();
    for (String name : names) {
      resources.put(new ConfigResource(ConfigResource.Type.TOPIC, name), name);
    }
    try {
      Map<ConfigResource, Config> configs =
          admin.describeConfigs(resources.keySet()).all().get(30, TimeUnit.SECONDS);
      configs.forEach((resource, config) -> set(resource.name(), limitsOf(config)));
      log.info("Output topic limits: {}", topics);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      log.warn(
          "Cannot read the configuration of topics {} ({}); assuming the broker defaults {}."
              + " Grant DescribeConfigs on them so that results a topic would refuse are"
              + " dead-lettered instead of failing their send",
          names,
          e.getCause() != null ? e.getCause() : e,
          TopicLimits.BROKER_DEFAULTS);
    }
  }

  private static TopicLimits limitsOf(Config config) {
    TopicLimits d = TopicLimits.BROKER_DEFAULTS;
    return new TopicLimits(
        (int) number(config, "max.message.bytes", d.maxMessageBytes()),
        number(config, "message.timestamp.before.max.ms", d.timestampBeforeMaxMs()),
        number(config, "message.timestamp.after.max.ms", d.timestampAfterMaxMs()),
        "LogAppendTime".equalsIgnoreCase(text(config, "message.timestamp.type")));
  }

  private static long number(Config config, String key, long fallback) {
    String value = text(config, key);
    try {
      return value == null ? fallback : Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static String text(Config config, String key) {
    ConfigEntry entry = config.get(key);
    return entry == null ? null : entry.value();
  }

  /**
   * Why the record would be refused, or empty when it would be accepted.
   *
   * @param topic where it goes
   * @param key its serialized key, or null
   * @param value its serialized value, or null
   * @param headers its headers
   * @param timestamp its timestamp in ms
   */
  public Optional<String> refusal(
      String topic, byte[] key, byte[] value, Header[] headers, long timestamp) {
    int size = sizeOf(key, value, headers);
    TopicLimits limits = of(topic);
    if (size > maxRequestSize) {
      return Optional.of(
          "a record to "
              + topic
              + " of "
              + size
              + " bytes is over the producer's max.request.size of "
              + maxRequestSize);
    }
    if (size > limits.maxMessageBytes()) {
      return Optional.of(
          "a record to "
              + topic
              + " of "
              + size
              + " bytes is over the topic's max.message.bytes of "
              + limits.maxMessageBytes());
    }
    if (!limits.logAppendTime()) {
      long now = clockMs.getAsLong();
      if (timestamp < now && now - timestamp > limits.timestampBeforeMaxMs()) {
        return Optional.of(
            "a record to "
                + topic
                + " with timestamp "
                + timestamp
                + " is more than the topic's message.timestamp.before.max.ms of "
                + limits.timestampBeforeMaxMs()
                + " ms in the past");
      }
      if (timestamp > now && timestamp - now > limits.timestampAfterMaxMs()) {
        return Optional.of(
            "a record to "
                + topic
                + " with timestamp "
                + timestamp
                + " is more than the topic's message.timestamp.after.max.ms of "
                + limits.timestampAfterMaxMs()
                + " ms in the future");
      }
    }
    return Optional.empty();
  }

  /** The smaller of the producer's and the topic's size limit. */
  public int maxRecordSize(String topic) {
    return Math.min(maxRequestSize, of(topic).maxMessageBytes());
  }

  /**
   * An upper bound of the size of a record alone in an uncompressed record batch (format v2): the
   * 61-byte batch header, the record's fixed fields (at most 21 bytes), and every length as a
   * 5-byte varint. What the producer compares with {@code max.request.size} and the broker with
   * {@code max.message.bytes} is never larger.
   */
  public static int sizeOf(byte[] key, byte[] value, Header[] headers) {
    long size = BATCH_OVERHEAD + RECORD_OVERHEAD;
    size += VARINT + (key == null ? 0 : key.length);
    size += VARINT + (value == null ? 0 : value.length);
    size += VARINT;
    for (Header h : headers) {
      size += VARINT + h.key().getBytes(StandardCharsets.UTF_8).length;
      size += VARINT + (h.value() == null ? 0 : h.value().length);
    }
    return (int) Math.min(Integer.MAX_VALUE, size);
  }

  private static final int BATCH_OVERHEAD = 61;
  private static final int RECORD_OVERHEAD = 21;
  private static final int VARINT = 5;

  /** Whether {@code timestamp} is within what {@code topic} accepts now. */
  public boolean acceptsTimestamp(String topic, long timestamp) {
    return refusal(topic, null, null, new Header[0], timestamp).isEmpty();
  }
}
