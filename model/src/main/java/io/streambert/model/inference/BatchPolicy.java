package io.streambert.model.inference;

/**
 * How windows are ordered and padded into forward passes.
 *
 * <p>Serving always uses {@link #SORTED_DYNAMIC}; the other policies exist so the benchmark can
 * measure what sorting and dynamic padding save, through the same code path.
 *
 * @param sortByLength order windows by length before cutting sub-batches (else arrival order)
 * @param fixedLength pad every window to this length; 0 pads each sub-batch to its longest window
 */
public record BatchPolicy(boolean sortByLength, int fixedLength) {
  /** Sorted by length, each sub-batch padded to its longest window: the serving policy. */
  public static final BatchPolicy SORTED_DYNAMIC = new BatchPolicy(true, 0);

  /** Arrival order, each sub-batch padded to its longest window. */
  public static final BatchPolicy ARRIVAL_DYNAMIC = new BatchPolicy(false, 0);

  public BatchPolicy {
    if (fixedLength < 0) {
      throw new IllegalArgumentException("fixedLength must be 0 or positive, found " + fixedLength);
    }
  }

  /** Arrival order, every window padded to {@code length} tokens (the static-shape path). */
  public static BatchPolicy fixed(int length) {
    if (length < 1) {
      throw new IllegalArgumentException("a fixed length must be positive, found " + length);
    }
    return new BatchPolicy(false, length);
  }
}
