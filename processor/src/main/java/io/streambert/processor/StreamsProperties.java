package io.streambert.processor;

import static org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_INSTANCE_ID_CONFIG;

import io.streambert.processor.config.ProcessorConfig;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams client properties of a processor instance, derived from its configuration. */
public final class StreamsProperties {

  private StreamsProperties() {}

  /** The Kafka Streams properties derived from {@code config}, pass-through keys applied last. */
  public static Properties of(ProcessorConfig config) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingGuarantee().streamsValue());
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.numStreamThreads());
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
    p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
    // An idle stream thread blocks in poll() for poll.ms before it runs wall-clock punctuators:
    // keep that well under the max wait so a partial batch is flushed on time.
    p.put(StreamsConfig.POLL_MS_CONFIG, pollMs(config.batchMaxWait().toMillis()));
    p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
    p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
    config.groupInstanceId().ifPresent(id -> p.put(GROUP_INSTANCE_ID_CONFIG, id));
    p.putAll(config.kafkaOverrides());
    return p;
  }

  /** The producers' {@code max.request.size}: a pass-through override or Kafka's default. */
  static int maxRequestSize(Properties streams) {
    Object value =
        streams.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
    if (value == null) {
      value = streams.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
    }
    return value == null ? 1_048_576 : Integer.parseInt(String.valueOf(value).trim());
  }

  /** Kafka Streams' poll timeout for a max wait: a quarter of it, between 5 and 100 ms. */
  static long pollMs(long maxWaitMs) {
    return Math.max(5, Math.min(100, maxWaitMs / 4));
  }
}
