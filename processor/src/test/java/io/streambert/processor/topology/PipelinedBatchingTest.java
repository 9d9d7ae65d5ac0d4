package io.streambert.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.processor.config.BatchSettings;
import io.streambert.processor.serving.PassLimiter;
import io.streambert.processor.serving.ReleaseCoordinate;
import io.streambert.processor.serving.ServedModels;
import io.streambert.processor.testing.FakeTextModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
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
    MockProcessorContext<byte[], Object> context = fullBatchHeld();
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
  void shouldCloseASwappedOutModelOnlyOnceItsBatchInFlightIsForwarded() {
    MockProcessorContext<byte[], Object> context = context();
    ServedModels models = MockTask.served(model);
    processor = MockTask.processor(SETTINGS, models, PassLimiter.unlimited());
    processor.init(context);
    model.hold();
    for (int i = 1; i <= 4; i++) {
      process(context, "k", "e" + i, "text " + i, i);
    }
    awaitRunning(model, 1);

    models.swap(new FakeTextModel("fake-2"), ReleaseCoordinate.of("model-releases", 0, 1));
    assertThat(model.isClosed()).isFalse();

    model.release();
    punctuateUntil(context, () -> sentimentIds(context).size() == 4);
    assertThat(model.isClosed()).isTrue();
    assertThat(models.residentModels()).isEqualTo(1);
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

  @Test
  void shouldRunTwoBatchesOfOneTaskAtOnceAndForwardThemInDispatchOrder() {
    MockProcessorContext<byte[], Object> context = context();
    FakeTextModel shared = new FakeTextModel("fake-1");
    processor = twoInFlight(shared, 2);
    processor.init(context);
    try {
      shared.hold();
      for (int i = 1; i <= 4; i++) {
        process(context, "k", "e" + i, "text " + i, i);
      }
      awaitRunning(shared, 1);
      shared.hold(); // the second batch waits on its own gate
      for (int i = 5; i <= 8; i++) {
        process(context, "k", "e" + i, "text " + i, i);
      }
      awaitRunning(shared, 2);
      assertThat(store.approximateNumEntries()).isEqualTo(8);

      shared.releaseLatest(); // the second pass ends first
      awaitRunning(shared, 1);
      for (int i = 0; i < 20; i++) {
        punctuate(context);
      }
      assertThat(context.forwarded()).as("nothing before the first batch's results").isEmpty();
      assertThat(store.approximateNumEntries()).isEqualTo(8);

      shared.release();
      punctuateUntil(context, () -> sentimentIds(context).size() == 8);

      assertThat(sentimentIds(context))
          .containsExactly("e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8");
      assertThat(shared.mostRunningPredictions()).isEqualTo(2);
      assertThat(store.approximateNumEntries()).isZero();
    } finally {
      shared.release();
    }
  }

  @Test
  void shouldMakeAFullBatchWaitForTheOldestWhenTheTaskHasAsManyInFlightAsAllowed()
      throws Exception {
    MockProcessorContext<byte[], Object> context = context();
    FakeTextModel shared = new FakeTextModel("fake-1");
    processor = twoInFlight(shared, 4);
    processor.init(context);
    shared.hold();
    try {
      for (int i = 1; i <= 8; i++) {
        process(context, "k", "e" + i, "text " + i, i);
      }
      awaitRunning(shared, 2);
      CompletableFuture<Void> third = new CompletableFuture<>();
      Thread streamThread =
          new Thread(
              () -> {
                for (int i = 9; i <= 12; i++) {
                  process(context, "k", "e" + i, "text " + i, i);
                }
                third.complete(null);
              });
      streamThread.start();
      // The stream thread parks waiting for the oldest batch: the third cannot have started.
      awaitParkedOrDone(streamThread, third);
      assertThat(third).isNotDone();
      assertThat(shared.mostRunningPredictions()).isEqualTo(2);

      shared.release();
      third.get(10, TimeUnit.SECONDS);
      punctuateUntil(context, () -> sentimentIds(context).size() == 12);

      assertThat(sentimentIds(context))
          .isEqualTo(IntStream.rangeClosed(1, 12).mapToObj(i -> "e" + i).toList());
      assertThat(shared.predictedBatches()).extracting(List::size).containsExactly(4, 4, 4);
    } finally {
      shared.release();
    }
  }

  /**
   * Starts {@link #processor} and has it dispatch a full batch e1-e4 that the model holds, once its
   * pass is running.
   */
  private MockProcessorContext<byte[], Object> fullBatchHeld() {
    MockProcessorContext<byte[], Object> context = context();
    processor = processor(model);
    processor.init(context);
    model.hold();
    for (int i = 1; i <= 4; i++) {
      process(context, "k", "e" + i, "text " + i, i);
    }
    awaitRunning(model, 1);
    return context;
  }

  /** A task of an instance running at most {@code passes} passes, with 2 batches in flight. */
  private static BatchingProcessor twoInFlight(FakeTextModel model, int passes) {
    return twoInFlight(model, new PassLimiter(passes));
  }

  /** A task of an instance whose passes wait for {@code passes}, with 2 batches in flight. */
  private static BatchingProcessor twoInFlight(FakeTextModel model, PassLimiter passes) {
    return MockTask.processor(SETTINGS.withMaxInFlight(2), MockTask.served(model), passes);
  }

  private static void awaitWaitingPasses(PassLimiter passes, int waiting) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (passes.waitingPasses() != waiting) {
      assertThat(System.nanoTime()).as("passes waiting for a permit").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  /** Waits until {@code thread} parks (waits for a pass) or {@code done} completes. */
  private static void awaitParkedOrDone(Thread thread, CompletableFuture<Void> done) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (thread.getState() != Thread.State.WAITING && !done.isDone()) {
      assertThat(System.nanoTime()).as("stream thread waiting").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  private static void awaitRunning(FakeTextModel model, int running) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (model.runningPredictions() != running) {
      assertThat(System.nanoTime())
          .as(running + " passes running within 10 s")
          .isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  @Test
  void shouldLetABatchThatWaitedLongKeepFillingWhileTheTaskHasNoFreeSlot() throws Exception {
    MockProcessorContext<byte[], Object> context = fullBatchHeld();
    process(context, "k", "e5", "text 5", 5);
    context.setCurrentSystemTimeMs(context.currentSystemTimeMs() + 1_100);

    // The max wait has passed for e5, but the only slot is taken: the punctuation returns at once.
    CompletableFuture.runAsync(() -> punctuate(context)).get(5, TimeUnit.SECONDS);
    process(context, "k", "e6", "text 6", 6);
    assertThat(model.runningPredictions()).isEqualTo(1);
    assertThat(store.approximateNumEntries()).isEqualTo(6);

    model.release();
    punctuateUntil(context, () -> sentimentIds(context).size() == 6);

    assertThat(sentimentIds(context)).containsExactly("e1", "e2", "e3", "e4", "e5", "e6");
    assertThat(model.predictedBatches()).extracting(List::size).containsExactly(4, 2);
  }

  @Test
  void shouldKeepABatchThatWaitedLongFillingWhileNoPassCanStartButQueueAFullOne() throws Exception {
    MockProcessorContext<byte[], Object> context = context();
    FakeTextModel shared = new FakeTextModel("fake-1");
    PassLimiter onePass = new PassLimiter(1);
    processor = twoInFlight(shared, onePass);
    processor.init(context);
    shared.hold();
    try {
      for (int i = 1; i <= 5; i++) {
        process(context, "k", "e" + i, "text " + i, i);
      }
      awaitRunning(shared, 1);
      context.setCurrentSystemTimeMs(context.currentSystemTimeMs() + 1_100);

      // e5 has waited its max wait and the task has a free slot, but the instance's only permit
      // is taken: a pass could not start, so e5 stays pending and its batch keeps filling.
      punctuate(context);
      for (int i = 6; i <= 8; i++) {
        process(context, "k", "e" + i, "text " + i, i);
      }
      // Full, it is dispatched into the free slot to wait for the permit.
      awaitWaitingPasses(onePass, 1);
      assertThat(shared.mostRunningPredictions()).isEqualTo(1);

      shared.release();
      punctuateUntil(context, () -> sentimentIds(context).size() == 8);

      assertThat(sentimentIds(context))
          .isEqualTo(IntStream.rangeClosed(1, 8).mapToObj(i -> "e" + i).toList());
      assertThat(shared.predictedBatches()).extracting(List::size).containsExactly(4, 4);
      assertThat(store.approximateNumEntries()).isZero();
    } finally {
      shared.release();
    }
  }

  @Test
  void shouldSplitABatchAcrossThePassesThatCanStartAtOnceAndForwardItInOrder() throws Exception {
    assertThat(batchSizesOfSixteenRecords(new PassLimiter(2), 2)).containsExactly(8, 8);
    assertThat(batchSizesOfSixteenRecords(new PassLimiter(1), 1)).containsExactly(16);
  }

  /**
   * One task (three batches in flight, 16 records a batch) receives 16 records while the model
   * holds every pass; returns the sizes of the passes after checking how many ran at once and that
   * the results leave in input order.
   */
  private static List<Integer> batchSizesOfSixteenRecords(PassLimiter passes, int running)
      throws InterruptedException {
    FakeTextModel shared = new FakeTextModel("fake-1");
    MockProcessorContext<byte[], Object> context = MockTask.context(MockTask.store());
    BatchingProcessor task =
        MockTask.processor(
            TopologyHarness.settings(16, 4096, 1_000).withPipelined(true).withMaxInFlight(3),
            MockTask.served(shared),
            passes);
    task.init(context);
    shared.hold();
    try {
      for (int i = 1; i <= 16; i++) {
        MockTask.process(task, context, "k" + (i % 3), "e" + i, "text " + i, i);
      }
      awaitRunning(shared, running);
      // Every record is in a running pass: no other pass exists that could still start.
      assertThat(passes.waitingPasses()).isZero();
      assertThat(shared.mostRunningPredictions()).isEqualTo(running);
      shared.release();
      punctuateUntil(context, () -> sentimentIds(context).size() == 16);
      assertThat(sentimentIds(context))
          .isEqualTo(IntStream.rangeClosed(1, 16).mapToObj(i -> "e" + i).toList());
      return shared.predictedBatches().stream().map(List::size).toList();
    } finally {
      shared.release();
      task.close();
    }
  }

  @Test
  void shouldRunNoMoreForwardPassesAtOnceThanTheInstanceAllows() throws Exception {
    assertThat(mostPassesAtOnceOfTwoTasks(new PassLimiter(1))).isEqualTo(1);
    assertThat(mostPassesAtOnceOfTwoTasks(new PassLimiter(2))).isEqualTo(2);
  }

  /**
   * Two tasks of one instance each dispatch a batch while the model holds every pass; returns the
   * most passes that ran at once, after checking that both tasks' results arrive once it lets go.
   */
  private static int mostPassesAtOnceOfTwoTasks(PassLimiter passes) throws InterruptedException {
    FakeTextModel shared = new FakeTextModel("fake-1");
    ServedModels models = MockTask.served(shared);
    List<MockProcessorContext<byte[], Object>> contexts = new ArrayList<>();
    List<BatchingProcessor> tasks = new ArrayList<>();
    shared.hold();
    try {
      for (int t = 0; t < 2; t++) {
        MockProcessorContext<byte[], Object> context = MockTask.context(MockTask.store());
        BatchingProcessor task = MockTask.processor(SETTINGS, models, passes);
        task.init(context);
        contexts.add(context);
        tasks.add(task);
        for (int i = 1; i <= 4; i++) {
          MockTask.process(task, context, "k", "t" + t + "-e" + i, "text " + i, i);
        }
      }
      // Both passes either run or wait for a permit; a waiting one cannot start while all hold.
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (shared.runningPredictions() + passes.waitingPasses() != 2
          || shared.runningPredictions() != Math.min(2, passes.permits())) {
        assertThat(System.nanoTime()).as("passes running or waiting").isLessThan(deadline);
        Thread.onSpinWait();
      }
      shared.release();
      for (MockProcessorContext<byte[], Object> context : contexts) {
        punctuateUntil(context, () -> sentimentIds(context).size() == 4);
      }
      assertThat(shared.predictedBatches()).hasSize(2);
      // Read once every pass has ended: a pass counts itself running before it records the most.
      return shared.mostRunningPredictions();
    } finally {
      shared.release();
      tasks.forEach(BatchingProcessor::close);
    }
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
