package io.streambert.trainer.cli;

/** Exit codes of the trainer CLI. */
public final class ExitCodes {
  /** Done. */
  public static final int OK = 0;

  /** An unexpected failure; the stack trace is printed. */
  public static final int SOFTWARE = 1;

  /** Bad command line. */
  public static final int USAGE = 2;

  /**
   * Refused: bad data, an invalid bundle or value, an export that failed parity, a refused publish;
   * the message says why.
   */
  public static final int REFUSED = 3;

  private ExitCodes() {}
}
