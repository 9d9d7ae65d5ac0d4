package io.streambert.trainer.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the int8 gate measured: each task's dev metric for both bundles, how many predictions agree,
 * and the verdict against an {@link Int8Tolerance}.
 *
 * @param sentiment the sentence task, when dev sentences were given
 * @param entities the token task, when tagged dev sentences were given
 * @param tolerance the limits judged against
 */
public record Int8Comparison(
    Optional<Task> sentiment, Optional<Task> entities, Int8Tolerance tolerance) {

  /**
   * One task on its dev set.
   *
   * @param metric the metric's manifest name ({@code sentiment.accuracy}, {@code entities.f1})
   * @param predictions predictions compared (sentences for a sentence task, words for a token task)
   * @param fp32 the fp32 bundle's metric, 0-1
   * @param int8 the int8 bundle's metric, 0-1
   * @param agreeing predictions the int8 bundle left unchanged
   */
  public record Task(String metric, int predictions, double fp32, double int8, int agreeing) {
    /** The int8 bundle's loss in points (0-100 scale); negative when it scores higher. */
    public double dropPoints() {
      return 100 * (fp32 - int8);
    }

    public double agreement() {
      return predictions == 0 ? 1 : (double) agreeing / predictions;
    }
  }

  /** Each limit that was exceeded, in words; empty when the int8 bundle passes. */
  public List<String> failures() {
    List<String> out = new ArrayList<>();
    sentiment.ifPresent(t -> judge(t, tolerance.maxAccuracyDrop(), out));
    entities.ifPresent(t -> judge(t, tolerance.maxEntityF1Drop(), out));
    return out;
  }

  public boolean passed() {
    return failures().isEmpty();
  }

  /** Manifest metrics of the int8 bundle: its own scores, the drops and the agreements. */
  public Map<String, Double> metrics() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Optional<Task> task : List.of(sentiment, entities)) {
      task.ifPresent(
          t -> {
            out.put(t.metric(), t.int8());
            out.put("int8." + t.metric() + ".fp32", t.fp32());
            out.put("int8." + t.metric() + ".drop_points", t.dropPoints());
            out.put(
                "int8." + t.metric().substring(0, t.metric().indexOf('.')) + ".agreement",
                t.agreement());
          });
    }
    return out;
  }

  private void judge(Task t, double maxDrop, List<String> out) {
    if (t.dropPoints() > maxDrop) {
      out.add(
          String.format(
              Locale.ROOT,
              "%s: expected a drop of at most %.2f points, found %.2f (fp32 %.4f, int8 %.4f)",
              t.metric(),
              maxDrop,
              t.dropPoints(),
              t.fp32(),
              t.int8()));
    }
    if (t.agreement() < tolerance.minAgreement()) {
      out.add(
          String.format(
              Locale.ROOT,
              "%s: expected at least %.2f%% of the predictions unchanged, found %.2f%% (%d of %d)",
              t.metric(),
              100 * tolerance.minAgreement(),
              100 * t.agreement(),
              t.agreeing(),
              t.predictions()));
    }
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("int8 vs fp32 on the dev sets:");
    for (Optional<Task> task : List.of(sentiment, entities)) {
      task.ifPresent(
          t ->
              b.append(
                  String.format(
                      Locale.ROOT,
                      " %s fp32 %.4f int8 %.4f (drop %.2f points), %.2f%% of %d predictions"
                          + " unchanged;",
                      t.metric(),
                      t.fp32(),
                      t.int8(),
                      t.dropPoints(),
                      100 * t.agreement(),
                      t.predictions())));
    }
    b.append(passed() ? " passed" : " REFUSED: " + String.join("; ", failures()));
    return b.toString();
  }
}
