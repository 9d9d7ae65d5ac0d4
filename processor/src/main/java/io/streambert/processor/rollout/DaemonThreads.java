package io.streambert.processor.rollout;

import java.util.concurrent.ThreadFactory;

/** Threads of the rollout's own executors: named, and daemons, so none keeps the JVM alive. */
final class DaemonThreads {

  private DaemonThreads() {}

  /** A factory of daemon threads called {@code name}. */
  static ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
