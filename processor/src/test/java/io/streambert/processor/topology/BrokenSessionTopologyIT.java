package io.streambert.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.onnxruntime.OrtSession;
import io.streambert.model.OnnxTextModel;
import io.streambert.model.inference.EngineConfig;
import io.streambert.model.inference.ExecutionProvider;
import io.streambert.model.testing.TestBundles;
import io.streambert.processor.config.BatchSettings;
import io.streambert.processor.config.InputLimits;
import io.streambert.processor.deadletter.DeadLetterReason;
import io.streambert.processor.serving.ModelOutage;
import io.streambert.schemas.avro.SentimentResult;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real MiniLM bundle on ONNX Runtime (CPU) whose session is closed under the served model:
 * every pass fails whatever it holds, and the records wait instead of being dead-lettered.
 */
class BrokenSessionTopologyIT {

  @TempDir Path stateDir;

  @Test
  void shouldHoldTheRecordsAndReportTheModelDownWhenItsSessionIsClosedUnderIt() throws Exception {
    OnnxTextModel model =
        OnnxTextModel.load(
            TestBundles.miniLmBothTasks(),
            EngineConfig.builder().provider(ExecutionProvider.CPU).build());
    // Pipelined, so that a held pass waits on its inference thread, not on the test's.
    BatchSettings settings =
        new BatchSettings(4, 4096, Duration.ofMillis(50), BatchSettings.StoreKind.ROCKSDB)
            .withPipelined(true);
    try (TopologyHarness h =
        TopologyHarness.serving(model, settings, InputLimits.DEFAULTS, stateDir)) {
      // Given a model that serves a full batch
      sendBatch(h, "a");
      awaitSentiments(h, 4);

      // When its ONNX Runtime session is closed under it and another full batch arrives
      closeSessionUnder(model);
      sendBatch(h, "b");

      // Then the pass is held by the model outage, naming the session, and nothing is routed
      ModelOutage outage = h.passes.modelOutage();
      await().atMost(Duration.ofSeconds(20)).until(outage::down);
      assertThat(outage.lastFailure())
          .contains("expected model " + TestBundles.VERSION + " to predict its probe text")
          .contains("Trying to score a closed OrtSession");
      // A held pass completes only by returning from the outage, so these are final while down.
      h.advance(100);
      assertThat(outage.down()).isTrue();
      assertThat(h.deadLetters.readRecordsToList()).isEmpty();
      assertThat(h.sentiment.readValuesToList()).isEmpty();
      assertThat(h.metrics.deadLetteredCount(DeadLetterReason.INFERENCE_FAILED)).isZero();

      // Shutdown ends the wait (as StreambertApp.close does) so the inference thread stops.
      outage.close();
      await().atMost(Duration.ofSeconds(20)).until(() -> !outage.down());
    } finally {
      closeClosingSessionTwice(model);
    }
  }

  private static void sendBatch(TopologyHarness h, String prefix) {
    for (int i = 1; i <= 4; i++) {
      h.send("k", prefix + i, "Angela Merkel met Emmanuel Macron in Paris, text " + prefix + i);
    }
  }

  private static void awaitSentiments(TopologyHarness h, int count) {
    List<SentimentResult> read = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInSameThread()
        .until(
            () -> {
              h.advance(10);
              read.addAll(h.sentiment.readValuesToList());
              return read.size() >= count;
            });
    assertThat(read).hasSize(count);
    h.entities.readValuesToList();
  }

  /**
   * Closes the ONNX Runtime session inside {@code model}, leaving its tokenizer open, as a bug or a
   * failed device could; the model offers no way to do it, on purpose.
   */
  private static void closeSessionUnder(OnnxTextModel model) throws Exception {
    Object engine = field(model, "engine");
    ((OrtSession) field(engine, "session")).close();
  }

  private static Object field(Object owner, String name) throws ReflectiveOperationException {
    Field f = owner.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.get(owner);
  }

  /** Frees the tokenizer and options; ONNX Runtime refuses to close the session a second time. */
  private static void closeClosingSessionTwice(OnnxTextModel model) {
    try {
      model.close();
    } catch (IllegalStateException alreadyClosed) {
      assertThat(alreadyClosed).hasMessageContaining("already closed OrtSession");
    }
  }
}
