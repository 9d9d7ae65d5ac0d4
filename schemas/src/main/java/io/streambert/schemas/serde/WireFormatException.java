package io.streambert.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes that are not a valid Confluent-framed Avro record; the record should be dead-lettered.
 *
 * <p>Registry outages are not reported with this exception but with {@link
 * io.streambert.schemas.registry.SchemaRegistryException}: those records are fine and should be
 * retried, not dead-lettered.
 */
public class WireFormatException extends SerializationException {

  private static final long serialVersionUID = 1L;

  /** Why the bytes were rejected. */
  public enum Reason {
    /** Fewer than the 5 header bytes. */
    TOO_SHORT,
    /** The first byte is not the magic byte 0. */
    BAD_MAGIC_BYTE,
    /** The registry does not know the schema id in the header (error 40403). */
    UNKNOWN_SCHEMA_ID,
    /**
     * The registry answered for the header's schema id, but not with a usable Avro schema (a
     * Protobuf or JSON schema, text that does not parse).
     */
    UNUSABLE_SCHEMA,
    /**
     * The Avro payload cannot be decoded: truncated, trailing or garbage bytes, or a writer schema
     * that the reader's schema cannot read.
     */
    CORRUPT_PAYLOAD
  }

  private final Reason reason;

  /** Creates an exception for the given reason. */
  public WireFormatException(Reason reason, String message) {
    this(reason, message, null);
  }

  /** Creates an exception for the given reason, with the decoder's exception as cause. */
  public WireFormatException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** Why the bytes were rejected. */
  public Reason reason() {
    return reason;
  }
}
