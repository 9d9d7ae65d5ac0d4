package io.streambert.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.processor.config.BatchSettings;
import io.streambert.processor.testing.FakeTextModel;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With {@code batch.pipelined} a batch's forward pass runs on the task's inference thread: its
 * results are forwarded later, by the stream thread, in input order, and its records stay buffered
 * until then.
 */
class PipelinedBatchingTest {

  private static final BatchSettings SETTINGS =
      TopologyHarness.settings(4, 4096, 1_000).withPipelined(true);

  private final KeyValueStore<Integer, BufferedRecord> store = MockTask.store();
  private final FakeTextModel model = new FakeTextModel("fake-1");
  private BatchingProcessor processor;

  @AfterEach
  void closeProcessor() {
    model.release();
    if (processor != null) {
      processor.close();
    }
  }

  @Test
  void shouldForwardEveryBatchInInputOrderFromTheStreamThread() {
    MockProcessorContext<byte[], Object> context = context();
    processor = processor(model);
    processor.init(context);

    for (int i = 1; i <= 10; i++) {
      process(context, i % 2 == 0 ? "a" : "b", "e" + i, "text " + i, i);
    }
    punctuateUntil(context, () -> sentimentIds(context).size() == 8);
    // The last two records wait for the max wait like any partial batch.
    context.setCurrentSystemTimeMs(context.currentSystemTimeMs() + 1_100);
    punctuateUntil(context, () -> sentimentIds(context).size() == 10);

    assertThat(sentimentIds(context))
        .containsExactly("e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9", "e10");
    assertThat(model.predictedBatches()).extracting(List::size).containsExactly(4, 4, 2);
    assertThat(store.approximateNumEntries()).isZero();
  }

  @Test
  void shouldKeepADispatchedBatchBufferedUntilItsResultsAreForwarded() {
    MockProcessorContext<byte[], Object> context = context();
    processor = processor(model);
    processor.init(context);
    model.hold();

    for (int i = 1; i <= 4; i++) {
      process(context, "k", "e" + i, "text " + i, i);
    }
    punctuate(context);

    assertThat(context.forwarded()).isEmpty();
    assertThat(context.committed()).isFalse();
    assertThat(store.approximateNumEntries()).isEqualTo(4);

    model.release();
    punctuateUntil(context, () -> sentimentIds(context).size() == 4);

    assertThat(sentimentIds(context)).containsExactly("e1", "e2", "e3", "e4");
    assertThat(context.committed()).isTrue();
    assertThat(store.approximateNumEntries()).isZero();
  }

  @Test
  void shouldPredictABatchThatWasInFlightDuringACrashAgainAfterTheRestart() {
    MockProcessorContext<byte[], Object> before = context();
    processor = processor(model);
    processor.init(before);
    model.hold();
    for (int i = 1; i <= 4; i++) {
      process(before, "k", "e" + i, "text " + i, i);
    }
    model.release();
    processor.close(); // the task goes before the stream thread saw the results
    processor = null;
    assertThat(before.forwarded()).isEmpty();

    FakeTextModel restarted = new FakeTextModel("fake-1");
    MockProcessorContext<byte[], Object> after = context();
    processor = processor(restarted);
    processor.init(after);
    after.setCurrentSystemTimeMs(after.currentSystemTimeMs() + 1_100);
    punctuateUntil(after, () -> sentimentIds(after).size() == 4);

    assertThat(sentimentIds(after)).containsExactly("e1", "e2", "e3", "e4");
    assertThat(restarted.predictedBatches()).hasSize(1);
    assertThat(store.approximateNumEntries()).isZero();
  }

  private MockProcessorContext<byte[], Object> context() {
    return MockTask.context(store);
  }

  private static BatchingProcessor processor(FakeTextModel model) {
    return MockTask.processor(SETTINGS, model);
  }

  private void process(
      MockProcessorContext<byte[], Object> context,
      String key,
      String id,
      String text,
      long offset) {
    MockTask.process(processor, context, key, id, text, offset);
  }

  private static void punctuate(MockProcessorContext<byte[], Object> context) {
    MockTask.punctuate(context);
  }

  /** Punctuates (as the stream thread does between polls) until {@code done}, for up to 10 s. */
  private static void punctuateUntil(
      MockProcessorContext<byte[], Object> context, BooleanSupplier done) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("results forwarded within 10 s").isLessThan(deadline);
      punctuate(context);
      Thread.onSpinWait();
    }
  }

  private static List<String> sentimentIds(MockProcessorContext<byte[], Object> context) {
    return MockTask.sentimentIds(context);
  }
}
