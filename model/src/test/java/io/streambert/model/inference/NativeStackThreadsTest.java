package io.streambert.model.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class NativeStackThreadsTest {

  @Test
  void shouldRunWorkOnANamedThreadWithTheConfiguredStack() throws Exception {
    int onDefaultStack = depthOnThreadWithStack(1L << 20);

    int onNativeStack = NativeStackThreads.call("stack-test", StackDepth::onThisThread);
    String name = NativeStackThreads.call("stack-test", () -> Thread.currentThread().getName());

    // 16 MiB against 1 MiB: the recursion goes more than 8 times deeper.
    assertThat(NativeStackThreads.STACK_BYTES).isEqualTo(16L << 20);
    assertThat(onNativeStack).isGreaterThan(8 * onDefaultStack);
    assertThat(name).matches("stack-test-\\d+");
  }

  @Test
  void shouldThrowWhatTheWorkThrows() {
    IOException checked = new IOException("no such model");
    IllegalArgumentException unchecked = new IllegalArgumentException("bad input");

    assertThatThrownBy(
            () ->
                NativeStackThreads.call(
                    "stack-test",
                    () -> {
                      throw checked;
                    }))
        .isSameAs(checked);
    assertThatThrownBy(
            () ->
                NativeStackThreads.call(
                    "stack-test",
                    () -> {
                      throw unchecked;
                    }))
        .isSameAs(unchecked);
  }

  private static int depthOnThreadWithStack(long bytes) throws InterruptedException {
    int[] out = new int[1];
    Thread t = new Thread(null, () -> out[0] = StackDepth.onThisThread(), "default-stack", bytes);
    t.start();
    t.join();
    return out[0];
  }
}
