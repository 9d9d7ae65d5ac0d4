package io.streambert.processor.replay;

import io.streambert.processor.topology.StreambertHeaders;
import io.streambert.schemas.avro.DeadLetter;
import io.streambert.schemas.serde.AvroDeserializer;
import io.streambert.schemas.serde.Decoded;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;

/**
 * Decides for each dead letter read whether it is replayed, and writes the replayed ones' original
 * key and value bytes to the target topic, printing one line per dead letter in the selection.
 */
public final class DeadLetterReplayer {

  /** Header naming the dead letter a replayed record came from: {@code topic-partition@offset}. */
  public static final String REPLAYED_FROM_HEADER = "streambert-replayed-from";

  /** Reason of a dead letter that carries neither the header nor a {@code REASON:} message. */
  public static final String UNKNOWN_REASON = "UNKNOWN";

  private static final Pattern MESSAGE_REASON = Pattern.compile("^([A-Z][A-Z_]+): ");
  private static final int MAX_PENDING = 1_000;

  private final ReplaySelection selection;
  private final AvroDeserializer<DeadLetter> deserializer;
  private final Producer<byte[], byte[]> producer;
  private final ReplayReport report;
  private final PrintWriter out;
  private final List<Pending> pending = new ArrayList<>();

  /**
   * A replayer writing with {@code producer}, or only listing when {@code producer} is null (dry
   * run).
   */
  public DeadLetterReplayer(
      ReplaySelection selection,
      AvroDeserializer<DeadLetter> deserializer,
      Producer<byte[], byte[]> producer,
      ReplayReport report,
      PrintWriter out) {
    this.selection = selection;
    this.deserializer = deserializer;
    this.producer = producer;
    this.report = report;
    this.out = out;
  }

  /** Handles one record of the dead-letter topic. */
  public void accept(ConsumerRecord<byte[], byte[]> record) {
    String position = record.topic() + "-" + record.partition() + "@" + record.offset();
    Decoded<DeadLetter> decoded = deserializer.decode(record.topic(), record.value());
    if (!decoded.isOk() || decoded.value() == null) {
      report.add(UNKNOWN_REASON, ReplayOutcome.UNREADABLE);
      out.printf(
          "unreadable   %s  not a DeadLetter record: %s%n",
          position, decoded.isOk() ? "null value" : decoded.error().getMessage());
      return;
    }
    DeadLetter letter = decoded.value();
    String reason = reasonOf(record, letter);
    if (!selection.replaysReason(reason)) {
      report.add(reason, ReplayOutcome.OTHER_REASON);
      return;
    }
    if (!selection.inTimeRange(letter.getFailedAt())) {
      report.add(reason, ReplayOutcome.OUTSIDE_TIME_RANGE);
      return;
    }
    String source =
        letter.getSourceTopic() + "-" + letter.getPartition() + "@" + letter.getOffset();
    if (letter.getTruncated()) {
      report.add(reason, ReplayOutcome.SKIPPED_TRUNCATED);
      out.printf(
          "skipped      %s  %s  truncated: key or value holds only a prefix of the original;"
              + " copy the original from %s%n",
          position, reason, source);
      return;
    }
    if (letter.getOriginalValue() == null) {
      report.add(reason, ReplayOutcome.SKIPPED_NO_VALUE);
      out.printf(
          "skipped      %s  %s  no value (tombstone): nothing to process%n", position, reason);
      return;
    }
    String target = selection.targetTopic().orElse(letter.getSourceTopic());
    byte[] key = bytes(letter.getOriginalKey());
    byte[] value = bytes(letter.getOriginalValue());
    String line =
        String.format(
            "%s  %s  %s -> %s (key %s, value %d bytes; failed at %s, source %s)",
            position,
            reason,
            producer == null ? "would write" : "wrote",
            target,
            key == null ? "null" : key.length + " bytes",
            value.length,
            letter.getFailedAt(),
            source);
    if (producer == null) {
      report.add(reason, ReplayOutcome.WOULD_REPLAY);
      out.println("would replay " + line);
      return;
    }
    ProducerRecord<byte[], byte[]> replay = new ProducerRecord<>(target, key, value);
    replay.headers().add(REPLAYED_FROM_HEADER, position.getBytes(StandardCharsets.UTF_8));
    pending.add(new Pending(reason, line, producer.send(replay)));
    if (pending.size() >= MAX_PENDING) {
      drain();
    }
  }

  /** Waits for every write still in flight and counts it; call once the scan has ended. */
  public void finish() {
    if (producer != null) {
      producer.flush();
    }
    drain();
  }

  private void drain() {
    for (Pending p : pending) {
      try {
        RecordMetadata written = p.result().get();
        report.add(p.reason(), ReplayOutcome.REPLAYED);
        out.println(
            "replayed     " + p.line() + " at " + written.partition() + "@" + written.offset());
      } catch (ExecutionException e) {
        report.add(p.reason(), ReplayOutcome.WRITE_FAILED);
        out.println("write failed " + p.line() + ": " + e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for replayed writes", e);
      }
    }
    pending.clear();
    out.flush();
  }

  /** The reason header, else the {@code REASON:} prefix of the message, else {@code UNKNOWN}. */
  static String reasonOf(ConsumerRecord<byte[], byte[]> record, DeadLetter letter) {
    Header header = record.headers().lastHeader(StreambertHeaders.DEAD_LETTER_REASON);
    if (header != null && header.value() != null) {
      return new String(header.value(), StandardCharsets.UTF_8);
    }
    Matcher m = MESSAGE_REASON.matcher(letter.getMessage());
    return m.find() ? m.group(1) : UNKNOWN_REASON;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    if (buffer == null) {
      return null;
    }
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }

  private record Pending(String reason, String line, Future<RecordMetadata> result) {}
}
