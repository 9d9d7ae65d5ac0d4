package io.streambert.trainer.export;

/** The exported bundle does not reproduce the training model; it must not be published. */
public final class ParityException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient ParityReport report;

  /** A refusal carrying the report that caused it. */
  public ParityException(ParityReport report) {
    super("refusing to publish: " + report);
    this.report = report;
  }

  /** What the parity check measured. */
  public ParityReport report() {
    return report;
  }
}
