package io.streambert.model.inference;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads with the stack that native model code needs, whatever {@code -Xss} the JVM was started
 * with.
 *
 * <p>Creating an ONNX Runtime session (library load, graph parse and optimization) runs on the
 * calling thread and needs more than the JVM's default 1 MiB: on the MiniLM test bundle it
 * overflowed at 2 MiB and passed at 3 MiB, and a native overflow kills the JVM with SIGSEGV rather
 * than throwing. {@link #STACK_BYTES} leaves room for deeper graphs; only address space is
 * reserved, pages are touched as the stack grows. Forward passes and the tokenizer need far less
 * (they run on the JVM's smallest thread stack), so only session creation is moved here.
 */
public final class NativeStackThreads {

  /** The stack of every thread made here: 16 MiB. */
  public static final long STACK_BYTES = 16L << 20;

  private static final AtomicInteger COUNT = new AtomicInteger();

  private NativeStackThreads() {}

  /** A new, unstarted thread named {@code name-N} with {@link #STACK_BYTES} of stack. */
  public static Thread newThread(String name, Runnable work) {
    return new Thread(null, work, name + "-" + COUNT.incrementAndGet(), STACK_BYTES);
  }

  /** Work for {@link #call}: returns a value or throws {@code E}. */
  @FunctionalInterface
  public interface Work<T, E extends Exception> {
    /** Does the work on the sized thread. */
    T run() throws E;
  }

  /**
   * Runs {@code work} on a new thread of {@link #newThread} and returns its result: one handoff per
   * call, the caller waiting. Whatever {@code work} throws is thrown here as it is.
   */
  @SuppressWarnings("unchecked")
  public static <T, E extends Exception> T call(String name, Work<T, E> work) throws E {
    Object[] result = new Object[1];
    Throwable[] failure = new Throwable[1];
    Thread thread =
        newThread(
            name,
            () -> {
              try {
                result[0] = work.run();
              } catch (Throwable t) {
                failure[0] = t;
              }
            });
    thread.start();
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        // The native call cannot be cut short; wait for it, then keep the interrupt.
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Throwable t = failure[0];
    if (t instanceof RuntimeException e) {
      throw e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    if (t != null) {
      // A checked exception of work can only be an E.
      throw (E) t;
    }
    return (T) result[0];
  }
}
