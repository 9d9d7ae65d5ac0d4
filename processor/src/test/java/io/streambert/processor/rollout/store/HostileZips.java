package io.streambert.processor.rollout.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Real zips, and real zips patched the way an attacker would write them. */
final class HostileZips {
  private static final int CENTRAL_HEADER = 0x02014b50;

  private HostileZips() {}

  /** A zip of {@code entries} (name to content, in order) as {@link ZipOutputStream} writes it. */
  static byte[] zip(Map<String, byte[]> entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        out.putNextEntry(new ZipEntry(e.getKey()));
        out.write(e.getValue());
        out.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Marks {@code name}'s central directory entry as made on Unix with file mode {@code mode} (e.g.
   * {@code 0120777}, a symbolic link), as Info-ZIP writes links.
   */
  static byte[] withUnixMode(byte[] zip, String name, int mode) {
    byte[] out = zip.clone();
    ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    int at = centralHeaderOf(b, name);
    b.putShort(at + 4, (short) ((3 << 8) | 20));
    b.putInt(at + 38, mode << 16);
    return out;
  }

  /** Renames every occurrence of {@code from}'s bytes to {@code to} (same length), headers too. */
  static byte[] renamed(byte[] zip, String from, String to) {
    byte[] f = from.getBytes(StandardCharsets.ISO_8859_1);
    byte[] t = to.getBytes(StandardCharsets.ISO_8859_1);
    if (f.length != t.length) {
      throw new IllegalArgumentException("expected names of one length, found " + from + ", " + to);
    }
    byte[] out = zip.clone();
    int replaced = 0;
    for (int i = 0; i + f.length <= out.length; i++) {
      if (java.util.Arrays.equals(out, i, i + f.length, f, 0, f.length)) {
        System.arraycopy(t, 0, out, i, t.length);
        replaced++;
      }
    }
    if (replaced < 2) {
      throw new IllegalStateException("expected the name in local and central headers: " + from);
    }
    return out;
  }

  /** Sets the encrypted flag of {@code name}'s central directory entry. */
  static byte[] withEncryptedFlag(byte[] zip, String name) {
    byte[] out = zip.clone();
    ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    int at = centralHeaderOf(b, name);
    b.putShort(at + 8, (short) (b.getShort(at + 8) | 1));
    return out;
  }

  /** Declares {@code name}'s uncompressed size as {@code size} in the central directory. */
  static byte[] withDeclaredSize(byte[] zip, String name, int size) {
    byte[] out = zip.clone();
    ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(centralHeaderOf(b, name) + 24, size);
    return out;
  }

  private static int centralHeaderOf(ByteBuffer b, String name) {
    byte[] n = name.getBytes(StandardCharsets.ISO_8859_1);
    for (int i = 0; i + 46 <= b.limit(); i++) {
      if (b.getInt(i) == CENTRAL_HEADER && (b.getShort(i + 28) & 0xFFFF) == n.length) {
        if (java.util.Arrays.equals(b.array(), i + 46, i + 46 + n.length, n, 0, n.length)) {
          return i;
        }
      }
    }
    throw new IllegalArgumentException("no central directory entry " + name);
  }
}
