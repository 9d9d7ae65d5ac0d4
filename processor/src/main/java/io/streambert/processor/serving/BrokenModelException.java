package io.streambert.processor.serving;

/**
 * The served model failed on a text it is known to handle, so a record that failed alone on it
 * failed through the model's fault (a closed or failed session), not its own.
 *
 * <p>{@link ModelOutage} waits it out like running out of memory: the pass is held and run again,
 * and none of its records is dead-lettered for it.
 */
public final class BrokenModelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * The model {@code version} failed its probe {@code probeText} with {@code probeFailure}.
   *
   * @param recordFailure the failure of the record that prompted the probe, kept as suppressed
   */
  BrokenModelException(
      String version, String probeText, Throwable probeFailure, Throwable recordFailure) {
    super(
        "expected model "
            + version
            + " to predict its probe text \""
            + probeText
            + "\", found it failing too ("
            + probeFailure
            + "): the model, not the record, is at fault",
        probeFailure);
    if (recordFailure != null && recordFailure != probeFailure) {
      addSuppressed(recordFailure);
    }
  }
}
