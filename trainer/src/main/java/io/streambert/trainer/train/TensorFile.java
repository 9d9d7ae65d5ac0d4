package io.streambert.trainer.train;

import ai.djl.ndarray.NDArray;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small binary file of named float32 tensors: checkpoints' parameters and optimizer moments.
 *
 * <p>Layout: magic {@code SBTF}, version, count, then per tensor its name, rank, dimensions and
 * little-endian float32 values.
 */
final class TensorFile {

  private static final int MAGIC = 0x53425446; // "SBTF"
  private static final int VERSION = 1;

  private TensorFile() {}

  /** Writes the arrays' current values. */
  static void write(Path file, Map<String, NDArray> arrays) throws IOException {
    try (DataOutputStream out =
        new DataOutputStream(
            new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 20))) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(arrays.size());
      for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
        long[] shape = e.getValue().getShape().getShape();
        out.writeUTF(e.getKey());
        out.writeInt(shape.length);
        for (long d : shape) {
          out.writeLong(d);
        }
        float[] values = e.getValue().toFloatArray();
        ByteBuffer bytes =
            ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        out.write(bytes.array());
      }
    }
  }

  /**
   * Reads every tensor of the file into host arrays.
   *
   * @return name to (shape, values), in file order
   */
  static Map<String, Entry> read(Path file) throws IOException {
    Map<String, Entry> entries = new LinkedHashMap<>();
    try (DataInputStream in =
        new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
      int magic = in.readInt();
      int version = in.readInt();
      if (magic != MAGIC || version != VERSION) {
        throw new IOException(
            file
                + ": expected a tensor file version "
                + VERSION
                + ", found magic "
                + Integer.toHexString(magic)
                + " version "
                + version);
      }
      int count = in.readInt();
      for (int i = 0; i < count; i++) {
        String name = in.readUTF();
        long[] shape = new long[in.readInt()];
        long size = 1;
        for (int d = 0; d < shape.length; d++) {
          shape[d] = in.readLong();
          size *= shape[d];
        }
        byte[] bytes = new byte[Math.toIntExact(size * Float.BYTES)];
        in.readFully(bytes);
        float[] values = new float[Math.toIntExact(size)];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        entries.put(name, new Entry(shape, values));
      }
    }
    return entries;
  }

  /** Copies the file's values into live arrays with the same names and shapes. */
  static void readInto(Path file, Map<String, NDArray> arrays) throws IOException {
    Map<String, Entry> entries = read(file);
    if (!entries.keySet().equals(arrays.keySet())) {
      throw new IOException(
          file + ": expected tensors " + arrays.keySet() + ", found " + entries.keySet());
    }
    for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
      Entry entry = entries.get(e.getKey());
      long[] expected = e.getValue().getShape().getShape();
      if (!Arrays.equals(expected, entry.shape())) {
        throw new IOException(
            file
                + ": tensor "
                + e.getKey()
                + " expected shape "
                + Arrays.toString(expected)
                + ", found "
                + Arrays.toString(entry.shape()));
      }
      e.getValue().set(entry.values());
    }
  }

  /**
   * One stored tensor.
   *
   * @param shape dimensions
   * @param values row-major values
   */
  record Entry(long[] shape, float[] values) {}
}
