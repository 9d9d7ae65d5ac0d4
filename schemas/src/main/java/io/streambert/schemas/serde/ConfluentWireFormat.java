package io.streambert.schemas.serde;

import java.nio.ByteBuffer;

/**
 * Confluent's framing of a serialized record: magic byte {@code 0}, the schema id as a 4-byte
 * big-endian int, then the Avro binary payload.
 *
 * <p>Records framed this way are readable by Confluent's {@code KafkaAvroDeserializer} and vice
 * versa.
 */
public final class ConfluentWireFormat {

  /** The first byte of every framed record. */
  public static final byte MAGIC_BYTE = 0;

  /** Size of the header: magic byte plus 4-byte schema id. */
  public static final int HEADER_SIZE = 5;

  private ConfluentWireFormat() {}

  /**
   * The parsed header of a framed record.
   *
   * @param schemaId the registry id of the schema the payload was written with
   * @param payloadOffset index of the first Avro byte, always {@link #HEADER_SIZE}
   */
  public record Header(int schemaId, int payloadOffset) {}

  /** Returns the 5 header bytes for {@code schemaId}. */
  public static byte[] header(int schemaId) {
    return ByteBuffer.allocate(HEADER_SIZE).put(MAGIC_BYTE).putInt(schemaId).array();
  }

  /** Writes the 5 header bytes for {@code schemaId} at the buffer's position. */
  public static void writeHeader(ByteBuffer out, int schemaId) {
    out.put(MAGIC_BYTE).putInt(schemaId);
  }

  /** Returns header plus {@code payload}: the complete framed record. */
  public static byte[] frame(int schemaId, byte[] payload) {
    return ByteBuffer.allocate(HEADER_SIZE + payload.length)
        .put(MAGIC_BYTE)
        .putInt(schemaId)
        .put(payload)
        .array();
  }

  /**
   * Parses and checks the header of a framed record.
   *
   * @throws WireFormatException with {@link WireFormatException.Reason#TOO_SHORT} or {@link
   *     WireFormatException.Reason#BAD_MAGIC_BYTE}, saying what was expected and found
   */
  public static Header parseHeader(byte[] data) {
    if (data == null || data.length < HEADER_SIZE) {
      throw new WireFormatException(
          WireFormatException.Reason.TOO_SHORT,
          "expected at least "
              + HEADER_SIZE
              + " bytes (magic byte 0 and a 4-byte schema id), found "
              + (data == null ? 0 : data.length));
    }
    if (data[0] != MAGIC_BYTE) {
      throw new WireFormatException(
          WireFormatException.Reason.BAD_MAGIC_BYTE,
          String.format(
              "expected magic byte 0, found 0x%02x%s", data[0] & 0xff, printableHint(data[0])));
    }
    return new Header(ByteBuffer.wrap(data, 1, 4).getInt(), HEADER_SIZE);
  }

  /** Shorthand for {@code parseHeader(data).schemaId()}. */
  public static int schemaId(byte[] data) {
    return parseHeader(data).schemaId();
  }

  private static String printableHint(byte b) {
    // '{' or '"' at the start usually means someone produced JSON onto an Avro topic.
    return b >= 0x20 && b < 0x7f ? " ('" + (char) b + "')" : "";
  }
}
