package io.streambert.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambert.processor.deadletter.DeadLetterReason;
import io.streambert.processor.limits.SendLimits;
import io.streambert.processor.limits.TopicLimits;
import io.streambert.processor.testing.InMemorySchemaRegistryClient;
import io.streambert.schemas.avro.DeadLetter;
import io.streambert.schemas.avro.SentimentResult;
import io.streambert.schemas.registry.SchemaMetadata;
import io.streambert.schemas.registry.SchemaRegistryClient;
import io.streambert.schemas.registry.SchemaRegistryException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
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
  private final ResultGuard guard = new ResultGuard(topics, limits, new RegistryOutage());

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
            new ResultGuard(topics, small, new RegistryOutage())
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

  @Test
  void shouldWaitOutARegistryOutageWhenTheFirstResultRegistersItsSchema() {
    // Given a registry that cannot be reached for the first three registrations
    UnreachableAtFirst registry = new UnreachableAtFirst(3);
    Topics down = Topics.create("text-in", "sentiment", "entities", "dead-letter", registry);
    RegistryOutage outage = new RegistryOutage(Duration.ofMillis(1), Duration.ofMillis(4));
    ResultGuard waiting = new ResultGuard(down, limits, outage);

    // When the first result is checked
    Optional<String> refusal = waiting.refusal(down.sentiment(), result(new byte[1], NOW));

    // Then the guard waited for the registry instead of failing, and the result is taken
    assertThat(refusal).isEmpty();
    assertThat(registry.registrations()).isEqualTo(4);
    assertThat(outage.down()).isFalse();
    assertThat(outage.lastFailure()).contains("connection refused");
  }

  @Test
  void shouldWaitOutARegistryOutageWhenTheFirstDeadLetterRegistersItsSchema() {
    UnreachableAtFirst registry = new UnreachableAtFirst(2);
    Topics down = Topics.create("text-in", "sentiment", "entities", "dead-letter", registry);
    ResultGuard waiting =
        new ResultGuard(
            down, limits, new RegistryOutage(Duration.ofMillis(1), Duration.ofMillis(4)));

    Record<byte[], DeadLetter> fitted = waiting.fit(letter(new byte[1], new byte[1], NOW));

    assertThat(fitted.value().getTruncated()).isFalse();
    assertThat(registry.registrations()).isEqualTo(3);
  }

  @Test
  void shouldPassARegistryRefusalThatIsNotAnOutageAtOnce() {
    // Given a registry that refuses the result schema as incompatible: no wait can change that
    SchemaRegistryClient refusing =
        new UnreachableAtFirst(0) {
          @Override
          public int register(String subject, Schema schema) {
            super.register(subject, schema);
            throw new SchemaRegistryException(
                "incompatible", 409, SchemaRegistryException.INCOMPATIBLE_SCHEMA);
          }
        };
    Topics refused = Topics.create("text-in", "sentiment", "entities", "dead-letter", refusing);
    ResultGuard failing = new ResultGuard(refused, limits, new RegistryOutage());

    assertThatThrownBy(() -> failing.refusal(refused.sentiment(), result(new byte[1], NOW)))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.isIncompatible()).isTrue());
    assertThat(((UnreachableAtFirst) refusing).registrations()).isEqualTo(1);
  }

  /** An in-memory registry whose first {@code failures} registrations find nobody answering. */
  private static class UnreachableAtFirst implements SchemaRegistryClient {
    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final int failures;
    private final AtomicInteger registrations = new AtomicInteger();

    UnreachableAtFirst(int failures) {
      this.failures = failures;
    }

    int registrations() {
      return registrations.get();
    }

    @Override
    public int register(String subject, Schema schema) {
      if (registrations.incrementAndGet() <= failures) {
        throw new SchemaRegistryException("connection refused", -1, -1);
      }
      return registry.register(subject, schema);
    }

    @Override
    public int getId(String subject, Schema schema) {
      return registry.getId(subject, schema);
    }

    @Override
    public Schema getSchemaById(int id) {
      return registry.getSchemaById(id);
    }

    @Override
    public SchemaMetadata getLatestSchemaMetadata(String subject) {
      return registry.getLatestSchemaMetadata(subject);
    }

    @Override
    public boolean testCompatibility(String subject, Schema schema) {
      return registry.testCompatibility(subject, schema);
    }
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
