package io.streambert.trainer.metrics;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Entity precision, recall and F1 with exact span match, the CoNLL-2003 / seqeval convention.
 *
 * <p>A predicted entity counts as correct only if a gold entity has the same type and the same
 * first and last word. Spans come from {@link Chunks} (seqeval's default mode: an {@code I-}
 * without {@code B-} starts an entity).
 */
public final class EntityMetrics {
  private EntityMetrics() {}

  /**
   * Scores predicted tag sequences against gold ones.
   *
   * @param task task name for the manifest keys
   * @param gold gold tags per sentence
   * @param predicted predicted tags per sentence, same sentences and lengths
   */
  public static TaggingResult evaluate(
      String task, List<List<String>> gold, List<List<String>> predicted) {
    if (gold.size() != predicted.size()) {
      throw new IllegalArgumentException(
          "expected one predicted sentence per gold sentence, found "
              + gold.size()
              + " gold and "
              + predicted.size()
              + " predicted");
    }
    Map<String, long[]> counts = new TreeMap<>(); // type -> tp, predicted, gold
    List<List<Chunk>> goldChunks = new java.util.ArrayList<>(gold.size());
    List<List<Chunk>> predChunks = new java.util.ArrayList<>(gold.size());
    Set<String> types = new TreeSet<>();
    for (int s = 0; s < gold.size(); s++) {
      if (gold.get(s).size() != predicted.get(s).size()) {
        throw new IllegalArgumentException(
            "sentence "
                + s
                + ": expected "
                + gold.get(s).size()
                + " predicted tags as in gold, found "
                + predicted.get(s).size());
      }
      List<Chunk> g = Chunks.extract(gold.get(s));
      List<Chunk> p = Chunks.extract(predicted.get(s));
      goldChunks.add(g);
      predChunks.add(p);
      g.forEach(c -> types.add(c.type()));
      p.forEach(c -> types.add(c.type()));
    }
    for (String type : types) {
      counts.put(type, new long[3]);
    }
    ConfusionTable confusion = new ConfusionTable(List.copyOf(types));
    for (int s = 0; s < gold.size(); s++) {
      Set<Chunk> goldSet = new HashSet<>(goldChunks.get(s));
      Map<Long, String> predByBounds = new HashMap<>();
      for (Chunk p : predChunks.get(s)) {
        counts.get(p.type())[1]++;
        predByBounds.put(bounds(p), p.type());
      }
      Set<Long> goldBounds = new HashSet<>();
      for (Chunk g : goldChunks.get(s)) {
        counts.get(g.type())[2]++;
        goldBounds.add(bounds(g));
        String predType = predByBounds.get(bounds(g));
        confusion.add(g.type(), predType == null ? ConfusionTable.NONE : predType);
      }
      for (Chunk p : predChunks.get(s)) {
        if (goldSet.contains(p)) {
          counts.get(p.type())[0]++;
        }
        if (!goldBounds.contains(bounds(p))) {
          confusion.add(ConfusionTable.NONE, p.type());
        }
      }
    }
    Map<String, Counts> perType = new TreeMap<>();
    Counts overall = new Counts(0, 0, 0);
    for (var e : counts.entrySet()) {
      long[] c = e.getValue();
      Counts typeCounts = new Counts(c[0], c[1], c[2]);
      perType.put(e.getKey(), typeCounts);
      overall = overall.plus(typeCounts);
    }
    return new TaggingResult(task, gold.size(), overall, perType, confusion);
  }

  private static long bounds(Chunk c) {
    return ((long) c.start() << 32) | c.end();
  }
}
