package io.streambert.model.inference;

import io.streambert.model.encoding.CaseClass;
import io.streambert.model.encoding.TokenWindow;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.util.List;

/**
 * Windows padded into rectangular {@code [batch, sequence]} input tensors.
 *
 * <p>Padding positions hold the tokenizer's pad id, type id 0 and attention mask 0. The buffers are
 * direct and in native byte order, so ONNX Runtime wraps them without another copy.
 */
public final class EncodedBatch {
  private final int size;
  private final int sequenceLength;
  private final int realTokens;
  private final LongBuffer inputIds;
  private final LongBuffer attentionMask;
  private final LongBuffer typeIds;
  private final LongBuffer caseIds;

  private EncodedBatch(List<TokenWindow> windows, long padId, int sequenceLength) {
    if (windows.isEmpty()) {
      throw new IllegalArgumentException("a batch needs at least one window, found none");
    }
    this.size = windows.size();
    this.sequenceLength = sequenceLength;
    int cells = Math.multiplyExact(size, sequenceLength);
    this.inputIds = direct(cells);
    this.attentionMask = direct(cells);
    this.typeIds = direct(cells);
    this.caseIds = direct(cells);
    int real = 0;
    for (int row = 0; row < size; row++) {
      TokenWindow w = windows.get(row);
      int n = w.length();
      if (n > sequenceLength) {
        throw new IllegalArgumentException(
            "expected windows of at most "
                + sequenceLength
                + " tokens, found "
                + n
                + " at batch row "
                + row);
      }
      int base = row * sequenceLength;
      for (int col = 0; col < sequenceLength; col++) {
        boolean token = col < n;
        inputIds.put(base + col, token ? w.ids()[col] : padId);
        attentionMask.put(base + col, token ? 1L : 0L);
        typeIds.put(base + col, token && w.typeIds() != null ? w.typeIds()[col] : 0L);
        caseIds.put(base + col, token ? w.caseIds()[col] : CaseClass.NONE.id());
      }
      real += n;
    }
    this.realTokens = real;
  }

  /** Pads every window to the longest one in the list (dynamic padding). */
  public static EncodedBatch padToLongest(List<TokenWindow> windows, long padId) {
    int longest = 0;
    for (TokenWindow w : windows) {
      longest = Math.max(longest, w.length());
    }
    return new EncodedBatch(windows, padId, longest);
  }

  /**
   * Pads every window to a fixed length (the static-shape path, kept to measure what dynamic
   * padding saves).
   *
   * @throws IllegalArgumentException when a window is longer than {@code length}
   */
  public static EncodedBatch padTo(List<TokenWindow> windows, long padId, int length) {
    return new EncodedBatch(windows, padId, length);
  }

  /** Number of windows (rows). */
  public int size() {
    return size;
  }

  /** Padded length of every row. */
  public int sequenceLength() {
    return sequenceLength;
  }

  /** The tensor shape {@code [size, sequenceLength]}. */
  public long[] shape() {
    return new long[] {size, sequenceLength};
  }

  /** Tokens that are not padding. */
  public int realTokens() {
    return realTokens;
  }

  /** All cells, padding included: what the forward pass computes. */
  public int paddedTokens() {
    return size * sequenceLength;
  }

  /** Token ids, row-major; a fresh view positioned at 0. */
  public LongBuffer inputIds() {
    return inputIds.duplicate().rewind();
  }

  /** Attention mask (1 = token, 0 = padding), row-major; a fresh view positioned at 0. */
  public LongBuffer attentionMask() {
    return attentionMask.duplicate().rewind();
  }

  /** Token type ids (0 on padding), row-major; a fresh view positioned at 0. */
  public LongBuffer typeIds() {
    return typeIds.duplicate().rewind();
  }

  /** Case class ids ({@link CaseClass#NONE} on padding), row-major; a fresh view at 0. */
  public LongBuffer caseIds() {
    return caseIds.duplicate().rewind();
  }

  private static LongBuffer direct(int cells) {
    return ByteBuffer.allocateDirect(cells * Long.BYTES)
        .order(ByteOrder.nativeOrder())
        .asLongBuffer();
  }
}
