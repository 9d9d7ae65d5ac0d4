package io.streambert.processor.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * What {@code /api/status} answers, as JSON: one instant's view of this instance and of every
 * instance the status topic names.
 *
 * @param instanceId this instance's id
 * @param servingVersion the model this instance serves now, or null before one serves
 * @param atMs when the snapshot was taken (epoch ms)
 * @param sampleSeconds the length of one chart interval
 * @param instances every instance's model state, from the status topic
 * @param totals this instance's meters since start
 * @param samples per-interval figures over the last minutes, oldest first
 * @param records the latest enriched records, newest first
 * @param deadLetters the latest dead letters, newest first
 */
public record StatusSnapshot(
    String instanceId,
    String servingVersion,
    long atMs,
    double sampleSeconds,
    List<InstanceStatuses.Instance> instances,
    MeterSampler.Totals totals,
    List<MeterSampler.Sample> samples,
    List<RecentActivity.Enriched> records,
    List<RecentActivity.DeadLetterNote> deadLetters) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** This snapshot as a JSON object. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the status snapshot as JSON", e);
    }
  }
}
