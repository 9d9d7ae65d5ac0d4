package io.streambert.processor.rollout.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a zip's central directory itself, because {@link java.util.zip.ZipFile} hides what a safe
 * unpack must see: the creating system and external attributes (a Unix symbolic link is a mode in
 * them) and the raw name bytes.
 *
 * <p>Only single-disk zips without ZIP64 records are read; bundles stay below 4 GiB.
 */
final class ZipDirectory {
  private static final int EOCD_SIGNATURE = 0x06054b50;
  private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
  private static final int HEADER_SIGNATURE = 0x02014b50;
  private static final int EOCD_SIZE = 22;
  private static final int HEADER_SIZE = 46;
  private static final int MAX_COMMENT = 0xFFFF;
  private static final int UNIX_HOST = 3;
  private static final int MAX_DIRECTORY_BYTES = 1 << 24;

  /**
   * One central directory entry.
   *
   * @param name the name, decoded as ASCII (any other byte is kept as U+FFFD)
   * @param rawName whether every name byte was printable ASCII
   * @param versionMadeBy host system (high byte) and version
   * @param flags general purpose bit flags (bit 0: encrypted)
   * @param externalAttributes host-specific attributes (Unix: mode in the high 16 bits)
   * @param size declared uncompressed size
   */
  record Entry(
      String name,
      boolean rawName,
      int versionMadeBy,
      int flags,
      int externalAttributes,
      long size) {

    boolean isDirectory() {
      return name.endsWith("/");
    }

    boolean isEncrypted() {
      return (flags & 1) != 0;
    }

    /** The Unix file type bits when a Unix system made the entry, else 0. */
    int unixFileType() {
      return (versionMadeBy >>> 8) == UNIX_HOST ? (externalAttributes >>> 16) & 0xF000 : 0;
    }
  }

  private ZipDirectory() {}

  /**
   * The entries of {@code zip}, in central directory order.
   *
   * @throws BundleRejectedException BAD_ARCHIVE when it is no readable zip, ARCHIVE_TOO_LARGE when
   *     it declares more than {@code maxEntries} entries
   */
  static List<Entry> read(Path zip, int maxEntries) throws BundleRejectedException {
    try (FileChannel ch = FileChannel.open(zip, StandardOpenOption.READ)) {
      long size = ch.size();
      int tailLength = (int) Math.min(size, EOCD_SIZE + MAX_COMMENT);
      ByteBuffer tail = readAt(ch, size - tailLength, tailLength);
      int eocd = findEndRecord(tail);
      if (eocd < 0) {
        throw bad(zip, "an end-of-central-directory record", "none");
      }
      if (eocd >= 20 && tail.getInt(eocd - 20) == ZIP64_LOCATOR_SIGNATURE) {
        throw bad(zip, "a zip without ZIP64 records (bundles below 4 GiB)", "ZIP64 records");
      }
      int disk = u16(tail, eocd + 4);
      int cdDisk = u16(tail, eocd + 6);
      int entriesHere = u16(tail, eocd + 8);
      int entries = u16(tail, eocd + 10);
      long cdSize = u32(tail, eocd + 12);
      long cdOffset = u32(tail, eocd + 16);
      if (disk != 0 || cdDisk != 0 || entriesHere != entries) {
        throw bad(zip, "a single-disk zip", "disk " + disk + " of a multi-disk archive");
      }
      if (entries > maxEntries) {
        throw new BundleRejectedException(
            RejectionReason.ARCHIVE_TOO_LARGE,
            zip.getFileName() + ": expected at most " + maxEntries + " entries, found " + entries);
      }
      long eocdPosition = size - tailLength + eocd;
      if (cdSize > MAX_DIRECTORY_BYTES || cdOffset + cdSize > eocdPosition) {
        throw bad(
            zip,
            "a central directory before its end record at " + eocdPosition,
            "offset " + cdOffset + " + size " + cdSize);
      }
      return parse(zip, readAt(ch, cdOffset, (int) cdSize), entries);
    } catch (IOException e) {
      throw new BundleRejectedException(
          RejectionReason.BAD_ARCHIVE, zip.getFileName() + ": cannot read the zip: " + e, e);
    }
  }

  private static List<Entry> parse(Path zip, ByteBuffer cd, int entries)
      throws BundleRejectedException {
    List<Entry> out = new ArrayList<>(entries);
    int pos = 0;
    for (int i = 0; i < entries; i++) {
      if (pos + HEADER_SIZE > cd.limit() || cd.getInt(pos) != HEADER_SIGNATURE) {
        throw bad(zip, entries + " central directory entries", i + " readable ones");
      }
      int madeBy = u16(cd, pos + 4);
      int flags = u16(cd, pos + 8);
      long size = u32(cd, pos + 24);
      int nameLength = u16(cd, pos + 28);
      int extraLength = u16(cd, pos + 30);
      int commentLength = u16(cd, pos + 32);
      int external = cd.getInt(pos + 38);
      int nameStart = pos + HEADER_SIZE;
      if (nameStart + nameLength + extraLength + commentLength > cd.limit()) {
        throw bad(zip, "entry " + i + " inside the central directory", "it runs past the end");
      }
      StringBuilder name = new StringBuilder(nameLength);
      boolean printable = true;
      for (int b = 0; b < nameLength; b++) {
        int c = cd.get(nameStart + b) & 0xFF;
        if (c < 0x20 || c > 0x7E) {
          printable = false;
          name.append('\uFFFD');
        } else {
          name.append((char) c);
        }
      }
      out.add(new Entry(name.toString(), printable, madeBy, flags, external, size));
      pos = nameStart + nameLength + extraLength + commentLength;
    }
    return out;
  }

  private static int findEndRecord(ByteBuffer tail) {
    for (int p = tail.limit() - EOCD_SIZE; p >= 0; p--) {
      if (tail.getInt(p) == EOCD_SIGNATURE && p + EOCD_SIZE + u16(tail, p + 20) == tail.limit()) {
        return p;
      }
    }
    return -1;
  }

  private static ByteBuffer readAt(FileChannel ch, long position, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buf.hasRemaining()) {
      if (ch.read(buf, position + buf.position()) < 0) {
        throw new IOException("unexpected end of file at " + (position + buf.position()));
      }
    }
    return buf.flip();
  }

  private static int u16(ByteBuffer b, int at) {
    return b.getShort(at) & 0xFFFF;
  }

  private static long u32(ByteBuffer b, int at) {
    return b.getInt(at) & 0xFFFF_FFFFL;
  }

  private static BundleRejectedException bad(Path zip, String expected, String found) {
    return new BundleRejectedException(
        RejectionReason.BAD_ARCHIVE,
        zip.getFileName() + ": expected " + expected + ", found " + found);
  }
}
