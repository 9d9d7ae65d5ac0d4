package io.streambert.processor.topology;

import io.streambert.processor.limits.SendLimits;
import io.streambert.schemas.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Checks records against what the producer and the topics accept before they are forwarded: a
 * result that would be refused makes its input a dead letter instead, and a dead letter that would
 * be refused is cut down until it fits, so that it is always written.
 *
 * <p>The values are serialized here once more to know their size (the sink serializes them again);
 * next to a forward pass that costs little. The first value of each output schema makes the
 * serializer register that schema, so a registry outage can begin here rather than at decoding: it
 * is waited out with {@link RegistryOutage} like one at decoding, since it is not the record's
 * fault. The sink's serializer is the same instance and finds the schema id cached.
 */
final class ResultGuard {

  /** Room left for the varints and fields that a cut changes. */
  private static final int MARGIN = 64;

  /** Longest message a cut dead letter keeps. */
  private static final int MAX_MESSAGE_CHARS = 2_000;

  private final Topics topics;
  private final SendLimits limits;
  private final RegistryOutage outage;

  ResultGuard(Topics topics, SendLimits limits, RegistryOutage outage) {
    this.topics = topics;
    this.limits = limits;
    this.outage = outage;
  }

  /** The topics whose records this guard checks. */
  Topics topics() {
    return topics;
  }

  /** Why {@code record} would be refused by {@code topic}, or empty when it would be taken. */
  <V> Optional<String> refusal(Topic<byte[], V> topic, Record<byte[], V> record) {
    byte[] value = serialize(topic, record);
    return limits.refusal(
        topic.name(), record.key(), value, record.headers().toArray(), record.timestamp());
  }

  /**
   * {@code letter} as the dead-letter topic will take it: stamped with its failure time when the
   * topic would refuse the input's timestamp, and, when too large, with its original value, key and
   * message cut to prefixes and {@code truncated} set.
   */
  Record<byte[], DeadLetter> fit(Record<byte[], DeadLetter> letter) {
    Topic<byte[], DeadLetter> topic = topics.deadLetter();
    Record<byte[], DeadLetter> fitted = letter;
    if (!limits.acceptsTimestamp(topic.name(), fitted.timestamp())) {
      fitted = fitted.withTimestamp(fitted.value().getFailedAt().toEpochMilli());
    }
    int max = limits.maxRecordSize(topic.name());
    if (size(topic, fitted) <= max) {
      return fitted;
    }
    fitted = cut(topic, fitted, max);
    for (int attempt = 0; attempt < 8 && size(topic, fitted) > max; attempt++) {
      ByteBuffer value = fitted.value().getOriginalValue();
      DeadLetter d = DeadLetter.newBuilder(fitted.value()).build();
      d.setOriginalValue(value == null ? null : prefix(value, value.remaining() / 2));
      fitted = fitted.withValue(d);
    }
    return fitted;
  }

  private int size(Topic<byte[], DeadLetter> topic, Record<byte[], DeadLetter> r) {
    byte[] value = serialize(topic, r);
    Header[] headers = r.headers().toArray();
    return SendLimits.sizeOf(r.key(), value, headers);
  }

  /** {@code record}'s value as the sink will write it, waiting out a registry outage. */
  private <V> byte[] serialize(Topic<byte[], V> topic, Record<byte[], V> record) {
    return outage.retrying(
        () ->
            topic
                .valueSerde()
                .serializer()
                .serialize(topic.name(), record.headers(), record.value()));
  }

  /**
   * Keeps the reason, the source and the error class whole; the record key and the original key an
   * eighth of {@code max} each; the message {@value #MAX_MESSAGE_CHARS} chars; the original value
   * what is left.
   */
  private Record<byte[], DeadLetter> cut(
      Topic<byte[], DeadLetter> topic, Record<byte[], DeadLetter> r, int max) {
    int keyCap = max / 8;
    DeadLetter d = DeadLetter.newBuilder(r.value()).setTruncated(true).build();
    if (d.getMessage().length() > MAX_MESSAGE_CHARS) {
      d.setMessage(d.getMessage().substring(0, MAX_MESSAGE_CHARS));
    }
    ByteBuffer originalKey = d.getOriginalKey();
    if (originalKey != null) {
      d.setOriginalKey(prefix(originalKey, Math.min(originalKey.remaining(), keyCap)));
    }
    ByteBuffer originalValue = d.getOriginalValue();
    if (originalValue != null) {
      d.setOriginalValue(ByteBuffer.wrap(new byte[0]));
    }
    byte[] key = r.key() == null ? null : Arrays.copyOf(r.key(), Math.min(r.key().length, keyCap));
    Record<byte[], DeadLetter> shell = r.withKey(key).withValue(d);
    if (originalValue != null) {
      int room = max - size(topic, shell) - MARGIN;
      d.setOriginalValue(
          prefix(originalValue, Math.max(0, Math.min(originalValue.remaining(), room))));
    }
    return shell;
  }

  private static ByteBuffer prefix(ByteBuffer buffer, int length) {
    ByteBuffer copy = buffer.duplicate();
    byte[] out = new byte[length];
    copy.get(out);
    return ByteBuffer.wrap(out);
  }
}
