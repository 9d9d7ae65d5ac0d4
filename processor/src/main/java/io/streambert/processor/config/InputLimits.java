package io.streambert.processor.config;

/**
 * What the processor accepts as an input text; a record outside these limits is dead-lettered
 * before it reaches a batch, so one oversized text cannot hold up the records behind it.
 *
 * @param textMaxBytes the most UTF-8 bytes of text ({@code text.max.bytes}); longer texts are
 *     dead-lettered, shorter ones longer than the model's max length are windowed
 */
public record InputLimits(int textMaxBytes) {

  /** The default of {@code text.max.bytes}. */
  public static final int DEFAULT_TEXT_MAX_BYTES = 100_000;

  /** The limits of a processor configured with the defaults. */
  public static final InputLimits DEFAULTS = new InputLimits(DEFAULT_TEXT_MAX_BYTES);

  public InputLimits {
    if (textMaxBytes < 1) {
      throw new IllegalArgumentException("textMaxBytes must be at least 1, found " + textMaxBytes);
    }
  }

  /** Whether a text of {@code utf8Bytes} bytes is over {@link #textMaxBytes}. */
  public boolean tooLong(int utf8Bytes) {
    return utf8Bytes > textMaxBytes;
  }
}
