package io.streambert.processor.it;

import io.streambert.processor.ProcessorMain;
import java.io.IOException;

/**
 * Entry point of a processor child JVM started by tests and benchmarks: runs {@link ProcessorMain}
 * with the same arguments, and exits when standard input reaches end of file so the child never
 * outlives the JVM that started it.
 */
public final class ChildProcessorMain {

  private ChildProcessorMain() {}

  /** Runs the processor until it stops, it is killed, or the parent goes away. */
  public static void main(String[] args) throws Exception {
    Thread watchdog =
        new Thread(
            () -> {
              try {
                while (System.in.read() >= 0) {
                  // Input is ignored; only end of file matters.
                }
              } catch (IOException ignored) {
                // A broken pipe means the parent is gone as well.
              }
              System.exit(0);
            },
            "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    ProcessorMain.main(args);
  }
}
