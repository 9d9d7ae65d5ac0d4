package io.streambert.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambert.schemas.registry.SchemaRegistryException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RegistryOutageTest {

  private final RegistryOutage outage =
      new RegistryOutage(Duration.ofMillis(1), Duration.ofMillis(4));

  @Test
  void shouldRetryAnOutageUntilTheRegistryAnswersAndBeDownOnlyMeanwhile() {
    AtomicInteger calls = new AtomicInteger();
    List<Boolean> downDuringCalls = new ArrayList<>();

    String value =
        outage.retrying(
            () -> {
              downDuringCalls.add(outage.down());
              if (calls.incrementAndGet() <= 3) {
                throw new SchemaRegistryException("connection refused", -1, -1);
              }
              return "schema";
            });

    assertThat(value).isEqualTo("schema");
    assertThat(calls).hasValue(4);
    assertThat(downDuringCalls).containsExactly(false, true, true, true);
    assertThat(outage.down()).isFalse();
    assertThat(outage.lastFailure()).isEqualTo("connection refused");
  }

  @Test
  void shouldTreatServerErrorsAndThrottlingAsAnOutage() {
    AtomicInteger calls = new AtomicInteger();
    int[] statuses = {503, 429, 500};

    int value =
        outage.retrying(
            () -> {
              int call = calls.getAndIncrement();
              if (call < statuses.length) {
                throw new SchemaRegistryException("busy", statuses[call], -1);
              }
              return 7;
            });

    assertThat(value).isEqualTo(7);
    assertThat(calls).hasValue(4);
  }

  @Test
  void shouldPassAnErrorThatIsNotAnOutageAtOnce() {
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(
            () ->
                outage.retrying(
                    () -> {
                      calls.incrementAndGet();
                      throw new SchemaRegistryException("unauthorized", 401, 40101);
                    }))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessage("unauthorized");
    assertThat(calls).hasValue(1);
    assertThat(outage.down()).isFalse();
  }

  @Test
  void shouldGiveUpWithTheRegistryErrorWhenClosedWhileWaiting() throws Exception {
    RegistryOutage slow = new RegistryOutage(Duration.ofSeconds(30), Duration.ofSeconds(30));
    CountDownLatch failedOnce = new CountDownLatch(1);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread waiter =
        new Thread(
            () -> {
              try {
                slow.retrying(
                    () -> {
                      failedOnce.countDown();
                      throw new SchemaRegistryException("connection refused", -1, -1);
                    });
              } catch (Throwable t) {
                thrown.set(t);
              }
            });
    waiter.start();
    assertThat(failedOnce.await(10, TimeUnit.SECONDS)).isTrue();

    slow.close();
    waiter.join(10_000);

    assertThat(waiter.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(SchemaRegistryException.class);
    assertThat(slow.down()).isFalse();
  }

  @Test
  void shouldNotStayDownWhenTheCallFailsOtherwiseOnceTheRegistryAnswers() {
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(
            () ->
                outage.retrying(
                    () -> {
                      if (calls.incrementAndGet() == 1) {
                        throw new SchemaRegistryException("connection refused", -1, -1);
                      }
                      throw new IllegalStateException("corrupt record body");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("corrupt record body");
    assertThat(calls).hasValue(2);
    assertThat(outage.down()).as("down after the registry answered").isFalse();
  }

  @Test
  void shouldDoubleTheWaitUpToTheCap() {
    RegistryOutage o = new RegistryOutage(Duration.ofMillis(500), Duration.ofSeconds(5));

    assertThat(o.backoff(0)).isEqualTo(Duration.ofMillis(500));
    assertThat(o.backoff(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(o.backoff(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(o.backoff(4)).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.backoff(40)).isEqualTo(Duration.ofSeconds(5));
  }
}
