package io.streambert.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streambert.processor.config.BatchSettings;
import io.streambert.processor.config.InputLimits;
import io.streambert.processor.deadletter.DeadLetterReason;
import io.streambert.processor.serving.ModelProbe;
import io.streambert.processor.serving.ReleaseCoordinate;
import io.streambert.processor.testing.FakeTextModel;
import io.streambert.schemas.avro.DeadLetter;
import io.streambert.schemas.avro.SentimentResult;
import io.streambert.schemas.serde.WireFormatException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLetterTopologyTest {

  @TempDir Path stateDir;

  private TopologyHarness harness() {
    return new TopologyHarness(
        new BatchSettings(4, 4096, Duration.ofMillis(50), BatchSettings.StoreKind.ROCKSDB),
        new InputLimits(100),
        stateDir);
  }

  @Test
  void shouldDeadLetterValueWithBadMagicByteAndKeepProcessing() {
    try (TopologyHarness h = harness()) {
      byte[] bad = h.event("e1", "fine text");
      bad[0] = 7;
      h.input.pipeInput("k1".getBytes(), bad);
      h.send("k2", "e2", "a good text");
      h.advance(100);

      DeadLetter letter = assertSingleDeadLetter(h, DeadLetterReason.BAD_MAGIC_BYTE, bad, "k1");
      assertThat(letter.getErrorClass()).isEqualTo(WireFormatException.class.getName());
      assertThat(letter.getOffset()).isZero();
      assertThat(h.sentiment.readValuesToList())
          .extracting(SentimentResult::getEventId)
          .containsExactly("e2");
    }
  }

  @Test
  void shouldDeadLetterValueTooShortForTheHeader() {
    try (TopologyHarness h = harness()) {
      byte[] bad = {0, 0, 1};
      h.input.pipeInput("k".getBytes(), bad);
      assertSingleDeadLetter(h, DeadLetterReason.TOO_SHORT, bad, "k");
    }
  }

  @Test
  void shouldDeadLetterValueWithUnknownSchemaId() {
    try (TopologyHarness h = harness()) {
      byte[] bad = h.event("e1", "fine text");
      ByteBuffer.wrap(bad).putInt(1, 4242);
      h.input.pipeInput("k".getBytes(), bad);
      assertSingleDeadLetter(h, DeadLetterReason.UNKNOWN_SCHEMA_ID, bad, "k");
    }
  }

  @Test
  void shouldDeadLetterCorruptAvroPayload() {
    try (TopologyHarness h = harness()) {
      byte[] good = h.event("e1", "fine text");
      byte[] bad = Arrays.copyOf(good, 5 + 3);
      bad[5] = (byte) 0xff;
      bad[6] = (byte) 0xff;
      bad[7] = (byte) 0xff;
      h.input.pipeInput("k".getBytes(), bad);
      assertSingleDeadLetter(h, DeadLetterReason.CORRUPT_PAYLOAD, bad, "k");
    }
  }

  @Test
  void shouldDeadLetterTombstone() {
    try (TopologyHarness h = harness()) {
      h.input.pipeInput("k".getBytes(), (byte[]) null);
      DeadLetter letter = assertSingleDeadLetter(h, DeadLetterReason.NULL_VALUE, null, "k");
      assertThat(letter.getOriginalValue()).isNull();
    }
  }

  @Test
  void shouldDeadLetterEmptyAndBlankText() {
    try (TopologyHarness h = harness()) {
      byte[] empty = h.event("e1", "");
      byte[] blank = h.event("e2", " \t\n ");
      h.input.pipeInput("k1".getBytes(), empty);
      h.input.pipeInput("k2".getBytes(), blank);

      List<TestRecord<byte[], DeadLetter>> letters = h.deadLetters.readRecordsToList();
      assertThat(letters).hasSize(2);
      for (TestRecord<byte[], DeadLetter> r : letters) {
        assertThat(reasonHeader(r)).isEqualTo(DeadLetterReason.EMPTY_TEXT.name());
        assertThat(r.value().getErrorClass()).isEqualTo(RejectedRecordException.class.getName());
      }
      assertThat(bytes(letters.get(0).value().getOriginalValue())).isEqualTo(empty);
      assertThat(bytes(letters.get(1).value().getOriginalValue())).isEqualTo(blank);
      assertThat(h.metrics.deadLetteredCount(DeadLetterReason.EMPTY_TEXT)).isEqualTo(2);
    }
  }

  @Test
  void shouldDeadLetterTextOverTheByteLimit() {
    try (TopologyHarness h = harness()) {
      // 40 chars but 120 UTF-8 bytes (limit 100).
      String text = "\u20ac".repeat(40);
      byte[] value = h.event("e1", text);
      h.input.pipeInput("k".getBytes(), value);
      h.send("k", "e2", "\u20ac".repeat(33)); // 99 bytes: fine
      h.advance(100);

      DeadLetter letter = assertSingleDeadLetter(h, DeadLetterReason.TEXT_TOO_LONG, value, "k");
      assertThat(letter.getMessage()).contains("at most 100").contains("found 120");
      assertThat(h.sentiment.readValuesToList()).hasSize(1);
    }
  }

  @Test
  void shouldDeadLetterTextTheEncoderRejects() {
    try (TopologyHarness h = harness()) {
      byte[] value = h.event("e1", "\u0001\u0002\u0003");
      h.input.pipeInput("k".getBytes(), value);

      DeadLetter letter = assertSingleDeadLetter(h, DeadLetterReason.INVALID_TEXT, value, "k");
      assertThat(letter.getErrorClass())
          .isEqualTo(io.streambert.model.encoding.InvalidTextException.class.getName());
    }
  }

  @Test
  void shouldDeadLetterOnlyTheRecordWhoseInferenceFails() {
    try (TopologyHarness h = harness()) {
      h.send("k", "e1", "first text");
      h.send("k", "e2", "this one is " + FakeTextModel.POISON);
      byte[] poison = h.event("e2", "this one is " + FakeTextModel.POISON);
      h.send("k", "e3", "third text");
      h.send("k", "e4", "fourth text");

      assertThat(h.sentiment.readValuesToList())
          .extracting(SentimentResult::getEventId)
          .containsExactly("e1", "e3", "e4");
      assertThat(h.entities.readValuesToList()).hasSize(3);
      DeadLetter letter = assertSingleDeadLetter(h, DeadLetterReason.INFERENCE_FAILED, poison, "k");
      assertThat(letter.getErrorClass()).isEqualTo(IllegalStateException.class.getName());
      assertThat(letter.getOffset()).isEqualTo(1);
      // One batch of 4 failed, then each record alone; the poisoned one's failure was checked
      // against the model's probe text, which passed.
      assertThat(h.model.predictedBatches())
          .extracting(List::size)
          .containsExactly(4, 1, 1, 1, 1, 1);
      assertThat(h.model.predictedBatches().get(3)).containsExactly(ModelProbe.FALLBACK_TEXT);
    }
  }

  @Test
  void shouldHoldRecordsWhosePassesRunOutOfMemoryAndDeadLetterNone() {
    try (TopologyHarness h = harness()) {
      // The batch of 4 and then the first record alone run out of memory; the pass runs again.
      h.model.runOutOfMemory(2);
      for (int i = 1; i <= 4; i++) {
        h.send("k", "e" + i, "text number " + i);
      }

      assertThat(h.sentiment.readValuesToList())
          .extracting(SentimentResult::getEventId)
          .containsExactly("e1", "e2", "e3", "e4");
      assertThat(h.entities.readValuesToList()).hasSize(4);
      assertThat(h.deadLetters.readRecordsToList()).isEmpty();
      assertThat(h.model.predictedBatches()).extracting(List::size).containsExactly(4, 1, 4);
    }
  }

  @Test
  void shouldHoldRecordsWhileTheModelFailsEveryInputAndDeadLetterNoneOnceItRecovers() {
    try (TopologyHarness h = harness()) {
      // Two attempts each fail the batch of 4, the first record alone and then the probe; the
      // third attempt finds the model working again.
      h.model.breakFor(6);
      for (int i = 1; i <= 4; i++) {
        h.send("k", "e" + i, "text number " + i);
      }

      assertThat(h.sentiment.readValuesToList())
          .extracting(SentimentResult::getEventId)
          .containsExactly("e1", "e2", "e3", "e4");
      assertThat(h.entities.readValuesToList()).hasSize(4);
      assertThat(h.deadLetters.readRecordsToList()).isEmpty();
      assertThat(h.model.predictedBatches())
          .containsExactly(
              List.of("text number 1", "text number 2", "text number 3", "text number 4"),
              List.of("text number 1"),
              List.of(ModelProbe.FALLBACK_TEXT),
              List.of("text number 1", "text number 2", "text number 3", "text number 4"),
              List.of("text number 1"),
              List.of(ModelProbe.FALLBACK_TEXT),
              List.of("text number 1", "text number 2", "text number 3", "text number 4"));
      assertThat(h.passes.modelOutage().down()).isFalse();
      assertThat(h.passes.modelOutage().lastFailure())
          .contains("expected model fake-1 to predict its probe text \"ok\"")
          .contains("closed OrtSession");
      assertThat(h.metrics.deadLetteredCount(DeadLetterReason.INFERENCE_FAILED)).isZero();
    }
  }

  @Test
  void shouldMoveAPassHeldByABrokenModelToTheModelASwapInstallsMeanwhile() throws Exception {
    try (TopologyHarness h = harness()) {
      // A model broken for good, and an operator who rolls out another once passes are held
      h.model.breakFor(Integer.MAX_VALUE);
      FakeTextModel rolledOut = new FakeTextModel("fake-2");
      ExecutorService operator = Executors.newSingleThreadExecutor();
      Future<?> rollout =
          operator.submit(
              () -> {
                await().atMost(Duration.ofSeconds(10)).until(() -> h.passes.modelOutage().down());
                h.models.swap(rolledOut, ReleaseCoordinate.of("model-releases", 0, 7));
              });
      try {
        for (int i = 1; i <= 4; i++) {
          h.send("k", "e" + i, "text number " + i);
        }
        rollout.get(10, TimeUnit.SECONDS);
      } finally {
        operator.shutdownNow();
      }

      // Then the held pass ran on the new model: every record answered by it, none dead-lettered
      List<SentimentResult> sentiments = h.sentiment.readValuesToList();
      assertThat(sentiments)
          .extracting(SentimentResult::getEventId)
          .containsExactly("e1", "e2", "e3", "e4");
      assertThat(sentiments).extracting(SentimentResult::getModelVersion).containsOnly("fake-2");
      assertThat(h.entities.readValuesToList()).hasSize(4);
      assertThat(h.deadLetters.readRecordsToList()).isEmpty();
      assertThat(rolledOut.predictedBatches())
          .containsExactly(
              List.of("text number 1", "text number 2", "text number 3", "text number 4"));
      // And the broken model closed with the pass's old lease, leaving one model resident
      assertThat(h.model.isClosed()).isTrue();
      assertThat(h.models.residentModels()).isEqualTo(1);
      assertThat(h.passes.modelOutage().down()).isFalse();
    }
  }

  @Test
  void shouldDeadLetterARecordThatFailsAloneWhileTheModelPassesItsProbe() {
    try (TopologyHarness h = harness()) {
      h.send("k", "e1", "only " + FakeTextModel.POISON);
      h.advance(100);
      byte[] poison = h.event("e1", "only " + FakeTextModel.POISON);

      assertSingleDeadLetter(h, DeadLetterReason.INFERENCE_FAILED, poison, "k");
      assertThat(h.model.predictedBatches())
          .containsExactly(
              List.of("only " + FakeTextModel.POISON), List.of(ModelProbe.FALLBACK_TEXT));
      assertThat(h.passes.modelOutage().lastFailure()).isEmpty();
    }
  }

  private static DeadLetter assertSingleDeadLetter(
      TopologyHarness h, DeadLetterReason reason, byte[] originalValue, String key) {
    List<TestRecord<byte[], DeadLetter>> letters = h.deadLetters.readRecordsToList();
    assertThat(letters).hasSize(1);
    TestRecord<byte[], DeadLetter> r = letters.get(0);
    DeadLetter letter = r.value();
    assertThat(reasonHeader(r)).isEqualTo(reason.name());
    assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(key);
    assertThat(letter.getSourceTopic()).isEqualTo("text-in");
    assertThat(letter.getPartition()).isZero();
    assertThat(bytes(letter.getOriginalKey())).isEqualTo(key.getBytes(StandardCharsets.UTF_8));
    if (originalValue != null) {
      assertThat(bytes(letter.getOriginalValue())).isEqualTo(originalValue);
    }
    assertThat(letter.getMessage()).startsWith(reason.name() + ": ");
    assertThat(h.metrics.deadLetteredCount(reason)).isEqualTo(1);
    return letter;
  }

  private static String reasonHeader(TestRecord<byte[], DeadLetter> r) {
    return new String(
        r.headers().lastHeader(StreambertHeaders.DEAD_LETTER_REASON).value(),
        StandardCharsets.UTF_8);
  }

  private static byte[] bytes(ByteBuffer b) {
    ByteBuffer d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }
}
