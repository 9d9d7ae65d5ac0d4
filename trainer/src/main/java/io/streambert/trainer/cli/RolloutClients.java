package io.streambert.trainer.cli;

import io.streambert.schemas.avro.ModelRelease;
import io.streambert.schemas.avro.ModelStatus;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;

/** Opens the consumers {@code versions} reads the release and status topics with. */
interface RolloutClients {

  /** A group-less consumer of release records (Avro values, String keys). */
  Consumer<String, ModelRelease> releases(Map<String, Object> config);

  /** A group-less consumer of status records (Avro values, String keys). */
  Consumer<String, ModelStatus> statuses(Map<String, Object> config);
}
