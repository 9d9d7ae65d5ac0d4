package io.streambert.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.processor.config.BatchSettings;
import io.streambert.processor.serving.PassLimiter;
import io.streambert.processor.testing.FakeTextModel;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

/**
 * Arrivals are stamped with the task clock: Kafka Streams' cached system time lags by what the loop
 * iteration has spent, which made records look older than they were.
 */
class TaskClockTest {

  @Test
  void shouldReadTheHostClockWhenTheStreamTimeIsStale() {
    MockProcessorContext<byte[], Object> context = new MockProcessorContext<>();
    context.setCurrentSystemTimeMs(TopologyHarness.START.toEpochMilli());
    long before = System.currentTimeMillis();

    assertThat(TaskClock.SYSTEM.nowMs(context)).isGreaterThanOrEqualTo(before);
    assertThat(TaskClock.STREAMS.nowMs(context)).isEqualTo(TopologyHarness.START.toEpochMilli());
  }

  @Test
  void shouldMeasureTheMaxWaitFromTheClockReadingAtArrivalNotTheCachedStreamTime() {
    BatchSettings settings = TopologyHarness.settings(4, 4096, 50);
    MockProcessorContext<byte[], Object> context = MockTask.context(MockTask.store());
    long start = context.currentSystemTimeMs();
    // The stream thread cached `start` for this loop iteration, which has already spent 100 ms.
    AtomicLong clock = new AtomicLong(start + 100);
    BatchingProcessor processor =
        MockTask.processor(
            settings,
            MockTask.served(new FakeTextModel("fake-1")),
            PassLimiter.unlimited(),
            c -> clock.get());
    processor.init(context);
    try {
      MockTask.process(processor, context, "k", "e1", "text 1", 1);

      clock.set(start + 120);
      context.setCurrentSystemTimeMs(start + 120);
      MockTask.punctuate(context);
      assertThat(MockTask.sentimentIds(context)).as("e1 waited 20 ms, not 120").isEmpty();

      clock.set(start + 150);
      context.setCurrentSystemTimeMs(start + 150);
      MockTask.punctuate(context);
      assertThat(MockTask.sentimentIds(context)).containsExactly("e1");
    } finally {
      processor.close();
    }
  }
}
