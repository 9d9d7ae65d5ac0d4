package io.streambert.schemas.serde;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;

/**
 * An Avro binary decoder over a byte array that refuses lengths and counts larger than the bytes
 * left.
 *
 * <p>Avro's own decoder trusts the length prefix of strings, bytes, arrays and maps and allocates
 * up to 2 GiB for a corrupt one. On a topic, one garbage record must not take the JVM down, so
 * every length and block count is checked against the remaining input first. This rejects arrays
 * and maps of zero-byte items (null, empty records) longer than the remaining input; none of our
 * schemas have such.
 */
final class BoundedDecoder extends Decoder {

  private final BinaryDecoder in;

  BoundedDecoder(byte[] data, int offset, int length) {
    this.in = DecoderFactory.get().binaryDecoder(data, offset, length, null);
  }

  /** Whether every byte has been consumed. */
  boolean isEnd() throws IOException {
    return in.isEnd();
  }

  private int remaining() throws IOException {
    return in.inputStream().available();
  }

  private int checkedLength(String what) throws IOException {
    long length = in.readLong();
    int remaining = remaining();
    if (length < 0 || length > remaining) {
      throw new EOFException(
          what + " length " + length + " does not fit the " + remaining + " bytes left");
    }
    return (int) length;
  }

  private long checkedCount(String what, long count) throws IOException {
    int remaining = remaining();
    if (count > remaining) {
      throw new EOFException(
          what + " block of " + count + " items does not fit the " + remaining + " bytes left");
    }
    return count;
  }

  @Override
  public void readNull() throws IOException {
    in.readNull();
  }

  @Override
  public boolean readBoolean() throws IOException {
    return in.readBoolean();
  }

  @Override
  public int readInt() throws IOException {
    return in.readInt();
  }

  @Override
  public long readLong() throws IOException {
    return in.readLong();
  }

  @Override
  public float readFloat() throws IOException {
    return in.readFloat();
  }

  @Override
  public double readDouble() throws IOException {
    return in.readDouble();
  }

  @Override
  public Utf8 readString(Utf8 old) throws IOException {
    int length = checkedLength("string");
    Utf8 result = old != null ? old : new Utf8();
    result.setByteLength(length);
    in.readFixed(result.getBytes(), 0, length);
    return result;
  }

  @Override
  public String readString() throws IOException {
    return readString(null).toString();
  }

  @Override
  public void skipString() throws IOException {
    in.skipFixed(checkedLength("string"));
  }

  @Override
  public ByteBuffer readBytes(ByteBuffer old) throws IOException {
    int length = checkedLength("bytes");
    byte[] bytes = new byte[length];
    in.readFixed(bytes, 0, length);
    return ByteBuffer.wrap(bytes);
  }

  @Override
  public void skipBytes() throws IOException {
    in.skipFixed(checkedLength("bytes"));
  }

  @Override
  public void readFixed(byte[] bytes, int start, int length) throws IOException {
    in.readFixed(bytes, start, length);
  }

  @Override
  public void skipFixed(int length) throws IOException {
    in.skipFixed(length);
  }

  @Override
  public int readEnum() throws IOException {
    return in.readEnum();
  }

  @Override
  public long readArrayStart() throws IOException {
    return checkedCount("array", in.readArrayStart());
  }

  @Override
  public long arrayNext() throws IOException {
    return checkedCount("array", in.arrayNext());
  }

  @Override
  public long skipArray() throws IOException {
    return checkedCount("array", in.skipArray());
  }

  @Override
  public long readMapStart() throws IOException {
    return checkedCount("map", in.readMapStart());
  }

  @Override
  public long mapNext() throws IOException {
    return checkedCount("map", in.mapNext());
  }

  @Override
  public long skipMap() throws IOException {
    return checkedCount("map", in.skipMap());
  }

  @Override
  public int readIndex() throws IOException {
    return in.readIndex();
  }
}
