package io.streambert.trainer.cli;

import io.streambert.schemas.avro.ModelRelease;
import io.streambert.trainer.publish.ReleaseTopic;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;

/** Opens the Kafka-side pieces a publish needs; a seam so tests can run without a broker. */
public interface ReleaseClients {

  /**
   * Opens the clients.
   *
   * @param config Kafka client and schema registry settings (Confluent keys)
   * @param timeout how long admin calls may take
   */
  Opened open(Map<String, Object> config, Duration timeout);

  /** Clients opened for one publish; closing closes all of them. */
  interface Opened extends AutoCloseable {
    /** Checks or creates the compacted release topic. */
    ReleaseTopic topic();

    /** Producer of releases with the Avro value serializer. */
    Producer<String, ModelRelease> producer();

    @Override
    void close();
  }
}
