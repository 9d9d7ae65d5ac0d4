package io.streambert.model.encoding;

import io.streambert.model.inference.StackDepth;
import java.nio.file.Path;
import java.util.Map;

/**
 * Child JVM of {@link TokenizerStackIT}: encodes every {@link WorstCaseTexts} case on a thread
 * created with the smallest stack the JVM allows, and prints one line per case ({@code case NAME
 * tokens T windows W}) and the Java call depth that thread and a 1 MiB thread reach ({@code depth
 * minimal D1 default D2}), which shows the stack really was small.
 *
 * <p>A native stack overflow kills the JVM (SIGSEGV, no Java exception), so this runs in a child
 * whose exit code the test reads. Arguments: the {@code tokenizer.json} path.
 */
public final class EncodeOnMinimalStack {

  /** Asks for less than any JVM allows; HotSpot raises it to its minimum (136 KiB on Linux x64). */
  private static final long SMALLEST_STACK = 1;

  private static final long DEFAULT_STACK = 1L << 20;

  private EncodeOnMinimalStack() {}

  public static void main(String[] args) throws Exception {
    try (TextEncoder encoder = TextEncoder.open(Path.of(args[0]), 128, 32)) {
      for (Map.Entry<String, String> c : WorstCaseTexts.all().entrySet()) {
        EncodedText[] out = new EncodedText[1];
        runOn(
            SMALLEST_STACK,
            () -> {
              try {
                out[0] = encoder.encode(c.getValue());
              } catch (InvalidTextException e) {
                throw new IllegalStateException(e);
              }
            });
        System.out.println(
            "case "
                + c.getKey()
                + " tokens "
                + out[0].tokenCount()
                + " windows "
                + out[0].windows().size());
      }
    }
    System.out.println(
        "depth minimal " + depthOn(SMALLEST_STACK) + " default " + depthOn(DEFAULT_STACK));
  }

  private static void runOn(long stackBytes, Runnable work) throws InterruptedException {
    Throwable[] failure = new Throwable[1];
    Thread t = new Thread(null, work, "encode-small-stack", stackBytes);
    t.setUncaughtExceptionHandler((thread, e) -> failure[0] = e);
    t.start();
    t.join();
    if (failure[0] != null) {
      throw new IllegalStateException("encoding failed on a small stack", failure[0]);
    }
  }

  private static int depthOn(long stackBytes) throws InterruptedException {
    int[] depth = new int[1];
    runOn(stackBytes, () -> depth[0] = StackDepth.onThisThread());
    return depth[0];
  }
}
