package io.streambert.processor.deadletter;

import io.streambert.schemas.serde.WireFormatException;

/** Why a record went to the dead-letter topic; sent as a header and counted per reason. */
public enum DeadLetterReason {
  /** Value shorter than the 5-byte Confluent header. */
  TOO_SHORT,
  /** First value byte is not the Confluent magic byte 0. */
  BAD_MAGIC_BYTE,
  /** The registry does not know the schema id in the header. */
  UNKNOWN_SCHEMA_ID,
  /** The header's schema id names a schema that is not usable Avro (another type, unparseable). */
  UNUSABLE_SCHEMA,
  /** The Avro payload does not decode as a TextEvent. */
  CORRUPT_PAYLOAD,
  /** A record without a value (tombstone). */
  NULL_VALUE,
  /** Text that is empty or only whitespace. */
  EMPTY_TEXT,
  /** Text longer than {@code text.max.bytes} UTF-8 bytes. */
  TEXT_TOO_LONG,
  /** Text the model's encoder rejects (e.g. only control characters). */
  INVALID_TEXT,
  /** The model failed on this record even when run alone. */
  INFERENCE_FAILED,
  /**
   * The producer or an output topic would refuse a result of this record (too large for {@code
   * max.request.size} or the topic's {@code max.message.bytes}, a timestamp outside the topic's
   * window); none of its results is written.
   */
  RESULT_REJECTED;

  /** The reason for a wire-format failure. */
  public static DeadLetterReason of(WireFormatException.Reason reason) {
    return switch (reason) {
      case TOO_SHORT -> TOO_SHORT;
      case BAD_MAGIC_BYTE -> BAD_MAGIC_BYTE;
      case UNKNOWN_SCHEMA_ID -> UNKNOWN_SCHEMA_ID;
      case UNUSABLE_SCHEMA -> UNUSABLE_SCHEMA;
      case CORRUPT_PAYLOAD -> CORRUPT_PAYLOAD;
    };
  }
}
