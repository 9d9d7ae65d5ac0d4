package io.streambert.processor.status;

import io.streambert.schemas.avro.ModelState;
import io.streambert.schemas.avro.ModelStatus;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every instance's model state as the status topic tells it: per instance id (the record key), the
 * version of its latest SERVING record and its latest record of any state.
 *
 * <p>The latest record alone does not name the serving version: after a swap an instance reports
 * the new version SERVING and then the old one RETIRED.
 */
public final class InstanceStatuses {

  /**
   * One instance's view.
   *
   * @param instanceId the instance
   * @param servingVersion the version of its latest SERVING record, or null when none was seen
   * @param servingSinceMs when that version started serving (epoch ms), or null
   * @param lastVersion the version its latest record is about
   * @param lastState the state of its latest record
   * @param lastReason the reason of its latest record (rejections), or null
   * @param lastAtMs when the latest record's state was reached (epoch ms)
   */
  public record Instance(
      String instanceId,
      String servingVersion,
      Long servingSinceMs,
      String lastVersion,
      String lastState,
      String lastReason,
      long lastAtMs) {}

  private final Map<String, Instance> instances = new TreeMap<>();

  /** Takes in one status record read from the topic, in topic order. */
  public synchronized void accept(String key, ModelStatus status) {
    String id = key != null ? key : status.getInstanceId();
    Instance previous = instances.get(id);
    boolean serving = status.getState() == ModelState.SERVING;
    long at = status.getAt().toEpochMilli();
    String servingVersion =
        serving ? status.getModelVersion() : previous == null ? null : previous.servingVersion();
    Long servingSince = previous == null ? null : previous.servingSinceMs();
    if (serving) {
      servingSince = at;
    }
    instances.put(
        id,
        new Instance(
            id,
            servingVersion,
            servingSince,
            status.getModelVersion(),
            status.getState().name(),
            status.getReason(),
            at));
  }

  /** Every instance seen, ordered by id. */
  public synchronized List<Instance> instances() {
    return List.copyOf(instances.values());
  }
}
