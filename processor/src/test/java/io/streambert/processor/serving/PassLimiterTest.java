package io.streambert.processor.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtException;
import io.streambert.model.inference.EngineException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PassLimiterTest {

  @Test
  void shouldAllowOnePassPerIntraOpThreadsCoresAndAtLeastOne() {
    assertThat(PassLimiter.permitsFor(2, 0)).isEqualTo(1);
    assertThat(PassLimiter.permitsFor(2, 1)).isEqualTo(2);
    assertThat(PassLimiter.permitsFor(16, 4)).isEqualTo(4);
    assertThat(PassLimiter.permitsFor(16, 3)).isEqualTo(5);
    assertThat(PassLimiter.permitsFor(2, 8)).isEqualTo(1);
    assertThat(PassLimiter.permitsFor(1, 0)).isEqualTo(1);
  }

  @Test
  void shouldRejectNoPermitsAndImpossibleHosts() {
    assertThatThrownBy(() -> new PassLimiter(0))
        .hasMessage("expected at least 1 concurrent pass, found 0");
    assertThatThrownBy(() -> PassLimiter.permitsFor(0, 1)).hasMessageContaining("found 0, 1");
  }

  @Test
  void shouldMakeAPassBeyondThePermitsWaitUntilOneEnds() throws Exception {
    PassLimiter limiter = new PassLimiter(1);
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch finishFirst = new CountDownLatch(1);
    CompletableFuture<String> first =
        CompletableFuture.supplyAsync(
            () ->
                limiter.run(
                    () -> {
                      firstStarted.countDown();
                      await(finishFirst);
                      return "first";
                    }));
    assertThat(firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
    CountDownLatch secondStarted = new CountDownLatch(1);
    CompletableFuture<String> second =
        CompletableFuture.supplyAsync(
            () ->
                limiter.run(
                    () -> {
                      secondStarted.countDown();
                      return "second";
                    }));

    awaitWaiting(limiter, 1);
    assertThat(secondStarted.getCount()).as("the second pass waits for the permit").isEqualTo(1);
    finishFirst.countDown();
    assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("first");
    assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("second");
  }

  @Test
  void shouldFreeThePermitWhenAPassFails() {
    PassLimiter limiter = new PassLimiter(1);
    assertThatThrownBy(
            () ->
                limiter.run(
                    () -> {
                      throw new IllegalStateException("model failed");
                    }))
        .hasMessage("model failed");

    assertThat(limiter.run(() -> "next")).isEqualTo("next");
  }

  /** Waits until {@code count} passes wait for a permit (a pass counted there cannot run). */
  private static void awaitWaiting(PassLimiter limiter, int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (limiter.waitingPasses() != count) {
      assertThat(System.nanoTime()).as("passes waiting for a permit").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void shouldRunAPassAgainWhileItRunsOutOfMemoryAndBeDownOnlyMeanwhile() {
    ModelOutage outage = new ModelOutage(Duration.ofMillis(1), Duration.ofMillis(4));
    PassLimiter limiter = new PassLimiter(1, outage);
    AtomicInteger attempts = new AtomicInteger();
    List<Boolean> downDuringAttempts = new CopyOnWriteArrayList<>();

    String result =
        limiter.run(
            () -> {
              downDuringAttempts.add(outage.down());
              if (attempts.incrementAndGet() <= 2) {
                // As OnnxEngine words it: its message, then ONNX Runtime's.
                String ort = "Failed to allocate memory for requested buffer of size 8";
                throw new EngineException(
                    "forward pass over a batch of shape [4, 12] failed: " + ort,
                    new OrtException(ort));
              }
              return "done";
            });

    assertThat(result).isEqualTo("done");
    assertThat(downDuringAttempts).containsExactly(false, true, true);
    assertThat(outage.down()).isFalse();
    assertThat(outage.lastFailure()).contains("Failed to allocate memory");
    assertThat(limiter.freePermits()).isEqualTo(1);
  }

  @Test
  void shouldPassAFailureOtherThanMemoryAtOnce() {
    PassLimiter limiter =
        new PassLimiter(1, new ModelOutage(Duration.ofMillis(1), Duration.ofMillis(4)));
    AtomicInteger attempts = new AtomicInteger();

    assertThatThrownBy(
            () ->
                limiter.run(
                    () -> {
                      attempts.incrementAndGet();
                      throw new EngineException(
                          "forward pass failed",
                          new OrtException("[ErrorCode:InvalidArgument] invalid dimensions"));
                    }))
        .isInstanceOf(EngineException.class);
    assertThat(attempts).hasValue(1);
    assertThat(limiter.modelOutage().down()).isFalse();
  }
}
