package io.streambert.processor.topology;

/** Names of the headers the processor writes. */
public final class StreambertHeaders {

  /** On every result: the version of the model that produced it (UTF-8). */
  public static final String MODEL_VERSION = "streambert-model-version";

  /**
   * On every result: the release record that decided its model, {@code topic-partition@offset}
   * ({@code bootstrap (model.bundle.path)} for the configured bootstrap model), so a replay can
   * tell which release produced each result.
   */
  public static final String MODEL_RELEASE = "streambert-model-release";

  /** On every dead letter: the {@link DeadLetterReason} name (UTF-8). */
  public static final String DEAD_LETTER_REASON = "streambert-dead-letter-reason";

  private StreambertHeaders() {}
}
