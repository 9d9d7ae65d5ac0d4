package io.streambert.model.inference;

/** How deep a plain recursion gets on the current thread: a measure of the stack it has. */
public final class StackDepth {

  private StackDepth() {}

  /** Frames of a one-argument recursion until the stack overflows. */
  public static int onThisThread() {
    int[] depth = new int[1];
    try {
      recurse(depth);
    } catch (StackOverflowError e) {
      // the depth reached is the measurement
    }
    return depth[0];
  }

  private static void recurse(int[] depth) {
    depth[0]++;
    recurse(depth);
  }
}
