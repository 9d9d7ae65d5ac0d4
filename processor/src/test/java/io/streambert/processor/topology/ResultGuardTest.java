package io.streambert.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.processor.deadletter.DeadLetterReason;
import io.streambert.processor.limits.SendLimits;
import io.streambert.processor.limits.TopicLimits;
import io.streambert.processor.testing.InMemorySchemaRegistryClient;
import io.streambert.schemas.avro.DeadLetter;
import io.streambert.schemas.avro.SentimentResult;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class ResultGuardTest {

  private static final long NOW = Instant.parse("2026-06-01T00:00:00Z").toEpochMilli();
  private static final SourcePosition SOURCE = new SourcePosition("text-in", 2, 41L);

  private final Topics topics =
      Topics.create(
          "text-in", "sentiment", "entities", "dead-letter", new InMemorySchemaRegistryClient());
  private final SendLimits limits = new SendLimits(1_048_576, () -> NOW);
  private final ResultGuard guard = new ResultGuard(topics, limits);

  @Test
  void shouldRefuseAResultOverTheTopicsMaxMessageBytesAndNameTheTopic() {
    limits.set("sentiment", new TopicLimits(2_048, Long.MAX_VALUE, Long.MAX_VALUE, false));

    assertThat(guard.refusal(topics.sentiment(), result(new byte[100], NOW))).isEmpty();
    assertThat(guard.refusal(topics.sentiment(), result(new byte[3_000], NOW)))
        .hasValueSatisfying(
            reason ->
                assertThat(reason).contains("sentiment").contains("max.message.bytes of 2048"));
  }

  @Test
  void shouldRefuseAResultOverTheProducersMaxRequestSize() {
    SendLimits small = new SendLimits(1_000, () -> NOW);

    assertThat(
            new ResultGuard(topics, small)
                .refusal(topics.sentiment(), result(new byte[2_000], NOW)))
        .hasValueSatisfying(reason -> assertThat(reason).contains("max.request.size of 1000"));
  }

  @Test
  void shouldRefuseTimestampsOutsideTheTopicsWindowUnlessTheBrokerStampsRecords() {
    long hour = 3_600_000L;
    limits.set("sentiment", new TopicLimits(1_048_588, 10 * hour, hour, false));
    limits.set("entities", new TopicLimits(1_048_588, 10 * hour, hour, true));

    assertThat(guard.refusal(topics.sentiment(), result(new byte[1], NOW + hour - 1))).isEmpty();
    assertThat(guard.refusal(topics.sentiment(), result(new byte[1], NOW + hour + 1)))
        .hasValueSatisfying(reason -> assertThat(reason).contains("in the future"));
    assertThat(guard.refusal(topics.sentiment(), result(new byte[1], NOW - 11 * hour)))
        .hasValueSatisfying(reason -> assertThat(reason).contains("in the past"));
    assertThat(
            limits.refusal("entities", null, null, new RecordHeaders().toArray(), NOW + 99 * hour))
        .isEmpty();
  }

  @Test
  void shouldCutATooLargeDeadLetterToAPrefixFlaggedTruncatedKeepingReasonAndSource() {
    limits.set("dead-letter", new TopicLimits(4_096, Long.MAX_VALUE, Long.MAX_VALUE, false));
    byte[] key = filled(3_000, (byte) 'k');
    byte[] value = filled(20_000, (byte) 'v');

    Record<byte[], DeadLetter> fitted = guard.fit(letter(key, value, NOW));

    DeadLetter d = fitted.value();
    assertThat(d.getTruncated()).isTrue();
    assertThat(d.getSourceTopic()).isEqualTo("text-in");
    assertThat(d.getPartition()).isEqualTo(2);
    assertThat(d.getOffset()).isEqualTo(41L);
    assertThat(d.getMessage()).startsWith("RESULT_REJECTED: ");
    byte[] kept = bytes(d.getOriginalValue());
    assertThat(kept.length).isPositive().isLessThan(value.length);
    assertThat(kept).isEqualTo(Arrays.copyOf(value, kept.length));
    assertThat(serializedSize(fitted)).isLessThanOrEqualTo(4_096);
  }

  @Test
  void shouldLeaveADeadLetterThatFitsUntouched() {
    Record<byte[], DeadLetter> letter =
        letter(new byte[] {1, 2}, new byte[] {0, 0, 0, 0, 1, 9}, NOW);

    Record<byte[], DeadLetter> fitted = guard.fit(letter);

    assertThat(fitted.value().getTruncated()).isFalse();
    assertThat(bytes(fitted.value().getOriginalValue())).containsExactly(0, 0, 0, 0, 1, 9);
    assertThat(fitted.timestamp()).isEqualTo(NOW);
  }

  @Test
  void shouldStampADeadLetterWithItsFailureTimeWhenTheTopicWouldRefuseTheInputsTimestamp() {
    long farFuture = Instant.parse("2999-01-01T00:00:00Z").toEpochMilli();

    Record<byte[], DeadLetter> fitted = guard.fit(letter(new byte[1], new byte[1], farFuture));

    assertThat(fitted.timestamp()).isEqualTo(NOW);
  }

  private static Record<byte[], SentimentResult> result(byte[] key, long timestamp) {
    SentimentResult value =
        SentimentResult.newBuilder()
            .setEventId("e")
            .setLabel("positive")
            .setScore(0.9)
            .setProbabilities(Map.of("positive", 0.9, "negative", 0.1))
            .setModelVersion("v1")
            .setEventTime(Instant.ofEpochMilli(timestamp))
            .setProcessedAt(Instant.ofEpochMilli(NOW))
            .build();
    return new Record<>(key, value, timestamp);
  }

  private static Record<byte[], DeadLetter> letter(byte[] key, byte[] value, long timestamp) {
    return DeadLetterRecords.of(
        key,
        value,
        timestamp,
        SOURCE,
        DeadLetterReason.RESULT_REJECTED,
        new RejectedRecordException(DeadLetterReason.RESULT_REJECTED, "too large"),
        Instant.ofEpochMilli(NOW));
  }

  private int serializedSize(Record<byte[], DeadLetter> r) {
    byte[] value =
        topics.deadLetter().valueSerde().serializer().serialize("dead-letter", r.value());
    return SendLimits.sizeOf(r.key(), value, r.headers().toArray());
  }

  private static byte[] filled(int length, byte b) {
    byte[] out = new byte[length];
    Arrays.fill(out, b);
    return out;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
