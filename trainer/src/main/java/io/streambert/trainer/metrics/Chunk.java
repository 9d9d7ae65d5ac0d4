package io.streambert.trainer.metrics;

/**
 * An entity span over word positions.
 *
 * @param type entity type, e.g. PER
 * @param start first word, inclusive
 * @param end last word, exclusive
 */
public record Chunk(String type, int start, int end) {
  public Chunk {
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException(
          "expected 0 <= start < end, found start=" + start + " end=" + end);
    }
  }
}
