package io.streambert.trainer.publish;

import io.streambert.schemas.avro.ModelRelease;
import io.streambert.schemas.avro.ModelState;
import io.streambert.schemas.avro.ModelStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What operators ask during a rollout, folded from the two topics: the release under each target
 * key (compacted release topic, tombstones remove a key) and, per processor instance, the version
 * it serves and what happened to it last (status topic).
 */
public final class RolloutView {

  /**
   * The current release under one key.
   *
   * @param key the record key (its target)
   * @param offset where the record is on the release topic
   */
  public record Release(String key, long offset, ModelRelease release) {}

  /**
   * One instance.
   *
   * @param instanceId the instance
   * @param serving its latest SERVING status, or null when it never reported one
   * @param last its latest status of any state
   */
  public record Instance(String instanceId, ModelStatus serving, ModelStatus last) {}

  private final Map<String, Release> releases = new TreeMap<>();
  private final Map<String, ModelStatus> serving = new TreeMap<>();
  private final Map<String, ModelStatus> last = new TreeMap<>();

  /** Applies one release record, in topic order; a null value (tombstone) removes its key. */
  public void release(String key, long offset, ModelRelease value) {
    if (value == null) {
      releases.remove(key);
    } else {
      releases.put(key, new Release(key, offset, value));
    }
  }

  /** Applies one status record, in topic order. */
  public void status(ModelStatus status) {
    if (status == null) {
      return;
    }
    last.put(status.getInstanceId(), status);
    if (status.getState() == ModelState.SERVING) {
      serving.put(status.getInstanceId(), status);
    }
  }

  /** The current release per key, newest (highest offset) first: the order processors apply. */
  public List<Release> releases() {
    List<Release> out = new ArrayList<>(releases.values());
    out.sort((a, b) -> Long.compare(b.offset(), a.offset()));
    return out;
  }

  /** Every instance that reported, by id. */
  public List<Instance> instances() {
    List<Instance> out = new ArrayList<>();
    for (Map.Entry<String, ModelStatus> e : last.entrySet()) {
      out.add(new Instance(e.getKey(), serving.get(e.getKey()), e.getValue()));
    }
    return out;
  }

  /** Both tables as aligned text. */
  public String render() {
    StringBuilder s = new StringBuilder();
    s.append("RELEASES (newest first; each instance applies the newest that targets it)\n");
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"KEY", "VERSION", "OFFSET", "CREATED", "BUNDLE"});
    for (Release r : releases()) {
      rows.add(
          new String[] {
            r.key(),
            r.release().getModelVersion(),
            Long.toString(r.offset()),
            r.release().getCreatedAt().toString(),
            r.release().getBundleUri()
          });
    }
    table(s, rows);
    s.append("\nINSTANCES\n");
    rows = new ArrayList<>();
    rows.add(new String[] {"INSTANCE", "SERVING", "SINCE", "LAST", "LAST VERSION", "REASON"});
    for (Instance i : instances()) {
      rows.add(
          new String[] {
            i.instanceId(),
            i.serving() == null ? "-" : i.serving().getModelVersion(),
            i.serving() == null ? "-" : i.serving().getAt().toString(),
            i.last().getState().toString(),
            i.last().getModelVersion(),
            i.last().getReason() == null ? "" : i.last().getReason()
          });
    }
    table(s, rows);
    return s.toString();
  }

  private static void table(StringBuilder s, List<String[]> rows) {
    int[] width = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.length; c++) {
        line.append(c == row.length - 1 ? row[c] : pad(row[c], width[c] + 2));
      }
      s.append(line.toString().stripTrailing()).append('\n');
    }
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(width - text.length());
  }
}
