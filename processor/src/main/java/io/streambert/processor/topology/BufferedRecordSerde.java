package io.streambert.processor.topology;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary format of {@link BufferedRecord}s in the buffer store and its changelog.
 *
 * <p>A version byte leads, so that a later format can still read what an older processor left in a
 * changelog. Self-contained on purpose: restoring a buffer needs neither the input topic nor the
 * schema registry.
 */
public final class BufferedRecordSerde
    implements Serde<BufferedRecord>, Serializer<BufferedRecord>, Deserializer<BufferedRecord> {

  /** Current format version. */
  static final byte FORMAT_V1 = 1;

  @Override
  public byte[] serialize(String topic, BufferedRecord r) {
    if (r == null) {
      return null;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + r.originalValue().length * 2);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT_V1);
      out.writeLong(r.sequence());
      writeBytes(out, r.key());
      writeBytes(out, r.originalValue());
      writeString(out, r.eventId());
      writeString(out, r.text());
      out.writeLong(r.eventTimeMs());
      out.writeLong(r.timestamp());
      writeString(out, r.source().topic());
      out.writeInt(r.source().partition());
      out.writeLong(r.source().offset());
      out.writeInt(r.tokenCount());
      out.writeLong(r.enqueuedAtMs());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @Override
  public BufferedRecord deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      byte version = in.readByte();
      if (version != FORMAT_V1) {
        throw new SerializationException(
            "Unknown buffered record format: expected version " + FORMAT_V1 + ", found " + version);
      }
      long sequence = in.readLong();
      byte[] key = readBytes(in);
      byte[] value = readBytes(in);
      String eventId = readString(in);
      String text = readString(in);
      long eventTime = in.readLong();
      long timestamp = in.readLong();
      SourcePosition source = new SourcePosition(readString(in), in.readInt(), in.readLong());
      int tokens = in.readInt();
      long enqueuedAt = in.readLong();
      return new BufferedRecord(
          sequence, key, value, eventId, text, eventTime, timestamp, source, tokens, enqueuedAt);
    } catch (IOException e) {
      throw new SerializationException(
          "Truncated buffered record: " + data.length + " bytes do not hold a full record", e);
    }
  }

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    if (b == null) {
      out.writeInt(-1);
    } else {
      out.writeInt(b.length);
      out.write(b);
    }
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }

  // writeUTF is limited to 64 KiB; texts may be longer.
  private static void writeString(DataOutputStream out, String s) throws IOException {
    writeBytes(out, s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static String readString(DataInputStream in) throws IOException {
    byte[] b = readBytes(in);
    if (b == null) {
      throw new IOException("expected a string, found null");
    }
    return new String(b, java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  public Serializer<BufferedRecord> serializer() {
    return this;
  }

  @Override
  public Deserializer<BufferedRecord> deserializer() {
    return this;
  }

  @Override
  public void configure(java.util.Map<String, ?> configs, boolean isKey) {}

  @Override
  public void close() {}
}
