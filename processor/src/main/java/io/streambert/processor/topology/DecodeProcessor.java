package io.streambert.processor.topology;

import io.streambert.processor.config.InputLimits;
import io.streambert.processor.deadletter.DeadLetterReason;
import io.streambert.processor.metrics.ProcessorMetrics;
import io.streambert.schemas.avro.TextEvent;
import io.streambert.schemas.serde.WireFormatException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Decodes raw input values into {@link TextEvent}s and checks their text; records that fail go to
 * the dead-letter sink with their original bytes, the rest to the batching processor.
 *
 * <p>Registry outages are not the record's fault: {@link RegistryOutage} holds the record and
 * retries until the registry answers (readiness false meanwhile); other registry errors propagate.
 */
final class DecodeProcessor implements Processor<byte[], byte[], byte[], Object> {

  private final Deserializer<TextEvent> deserializer;
  private final InputLimits limits;
  private final ProcessorMetrics metrics;
  private final String batchNode;
  private final String deadLetterNode;
  private final ResultGuard guard;
  private final EmissionListener listener;
  private final RegistryOutage outage;
  private ProcessorContext<byte[], Object> context;
  private DeadLetterEmitter deadLetters;

  DecodeProcessor(
      Deserializer<TextEvent> deserializer,
      InputLimits limits,
      ProcessorMetrics metrics,
      String batchNode,
      String deadLetterNode,
      ResultGuard guard,
      EmissionListener listener,
      RegistryOutage outage) {
    this.outage = outage;
    this.guard = guard;
    this.listener = listener;
    this.deserializer = deserializer;
    this.limits = limits;
    this.metrics = metrics;
    this.batchNode = batchNode;
    this.deadLetterNode = deadLetterNode;
  }

  @Override
  public void init(ProcessorContext<byte[], Object> context) {
    this.context = context;
    this.deadLetters = new DeadLetterEmitter(context, guard, metrics, deadLetterNode, listener);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    metrics.recordIn();
    SourcePosition source = SourcePosition.current(context);
    byte[] value = record.value();
    if (value == null) {
      reject(
          record,
          source,
          DeadLetterReason.NULL_VALUE,
          new RejectedRecordException(
              DeadLetterReason.NULL_VALUE, "expected a TextEvent value, found null (tombstone)"));
      return;
    }
    TextEvent event;
    try {
      event = outage.retrying(() -> deserializer.deserialize(source.topic(), value));
    } catch (WireFormatException e) {
      reject(record, source, DeadLetterReason.of(e.reason()), e);
      return;
    } catch (SerializationException e) {
      // Not expected from the Avro deserializer, but a record that cannot be read is the
      // record's problem, not the stream's.
      reject(record, source, DeadLetterReason.CORRUPT_PAYLOAD, e);
      return;
    }
    String text = event.getText();
    if (text == null || text.isBlank()) {
      reject(
          record,
          source,
          DeadLetterReason.EMPTY_TEXT,
          new RejectedRecordException(
              DeadLetterReason.EMPTY_TEXT,
              "expected non-blank text, found "
                  + (text == null ? "null" : text.length() + " blank chars")));
      return;
    }
    int bytes = utf8Length(text);
    if (limits.tooLong(bytes)) {
      reject(
          record,
          source,
          DeadLetterReason.TEXT_TOO_LONG,
          new RejectedRecordException(
              DeadLetterReason.TEXT_TOO_LONG,
              "expected at most "
                  + limits.textMaxBytes()
                  + " UTF-8 bytes of text, found "
                  + bytes));
      return;
    }
    context.forward(record.withValue(new PendingEvent(event, value)), batchNode);
  }

  private void reject(
      Record<byte[], byte[]> record,
      SourcePosition source,
      DeadLetterReason reason,
      RuntimeException error) {
    deadLetters.emit(record.key(), record.value(), record.timestamp(), source, reason, error);
  }

  /** UTF-8 length without allocating the encoded bytes. */
  static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        n += 1; // a lone surrogate is encoded as '?'
      } else {
        n += 3;
      }
    }
    return n;
  }
}
