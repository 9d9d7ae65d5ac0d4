package io.streambert.processor.rollout.store;

import io.streambert.model.bundle.Checksums;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Unpacks a bundle zip without trusting it: every entry is checked before a byte is written (name,
 * type, encryption, duplicates, count, declared sizes), and the bytes actually inflated are counted
 * against the cap, so a zip bomb stops at the cap whatever it declares. The SHA-256 of every file
 * is computed over the bytes written, in the same pass, so the files need not be read again to be
 * checked against the manifest.
 */
final class SafeUnzip {
  private static final int UNIX_REGULAR = 0x8000;
  private static final int UNIX_DIRECTORY = 0x4000;
  private static final int UNIX_SYMLINK = 0xA000;

  private final long maxUnpackedBytes;
  private final int maxEntries;

  SafeUnzip(long maxUnpackedBytes, int maxEntries) {
    this.maxUnpackedBytes = maxUnpackedBytes;
    this.maxEntries = maxEntries;
  }

  /**
   * Unpacks {@code zip} into {@code dir}, which must exist and be empty.
   *
   * @return the SHA-256 (lower-case hex) of each file written, by entry name
   * @throws BundleRejectedException BAD_ARCHIVE, UNSAFE_ARCHIVE or ARCHIVE_TOO_LARGE
   */
  Map<String, String> unzip(Path zip, Path into) throws BundleRejectedException {
    Path dir = into.toAbsolutePath().normalize();
    List<ZipDirectory.Entry> entries = ZipDirectory.read(zip, maxEntries);
    check(zip, entries);
    long budget = maxUnpackedBytes;
    Map<String, String> written = new LinkedHashMap<>();
    try (ZipFile zf = new ZipFile(zip.toFile())) {
      if (zf.size() != entries.size()) {
        throw rejected(
            RejectionReason.BAD_ARCHIVE,
            zip,
            entries.size() + " entries as the central directory lists",
            zf.size());
      }
      for (ZipDirectory.Entry e : entries) {
        Path target = dir.resolve(e.name()).normalize();
        if (!target.startsWith(dir)) { // cannot happen after check(); a second lock on the door
          throw rejected(RejectionReason.UNSAFE_ARCHIVE, zip, "entries inside the bundle", e);
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
          continue;
        }
        ZipEntry entry = zf.getEntry(e.name());
        if (entry == null || entry.isDirectory()) {
          throw rejected(RejectionReason.BAD_ARCHIVE, zip, "a file entry " + e.name(), "none");
        }
        Files.createDirectories(target.getParent());
        MessageDigest digest = Checksums.newSha256();
        try (InputStream in = zf.getInputStream(entry);
            OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
          budget -= copyAtMost(in, out, digest, budget, zip);
        }
        written.put(e.name(), HexFormat.of().formatHex(digest.digest()));
      }
      return written;
    } catch (ZipException e) {
      throw new BundleRejectedException(
          RejectionReason.BAD_ARCHIVE, zip.getFileName() + ": expected a valid zip, found " + e, e);
    } catch (IOException e) {
      throw new BundleRejectedException(
          RejectionReason.BAD_ARCHIVE,
          zip.getFileName() + ": cannot unpack into " + dir + ": " + e,
          e);
    }
  }

  private void check(Path zip, List<ZipDirectory.Entry> entries) throws BundleRejectedException {
    Set<String> seen = new HashSet<>();
    long declared = 0;
    for (ZipDirectory.Entry e : entries) {
      String problem = e.rawName() ? EntryNames.problem(e.name()) : "bytes outside printable ASCII";
      if (problem != null) {
        throw rejected(
            RejectionReason.UNSAFE_ARCHIVE,
            zip,
            "safe entry names",
            "'" + e.name() + "' with " + problem);
      }
      int type = e.unixFileType();
      if (type == UNIX_SYMLINK) {
        throw rejected(
            RejectionReason.UNSAFE_ARCHIVE, zip, "files and folders only", "a symbolic link " + e);
      }
      if (type != 0 && type != UNIX_REGULAR && type != UNIX_DIRECTORY) {
        throw rejected(
            RejectionReason.UNSAFE_ARCHIVE,
            zip,
            "files and folders only",
            "Unix file type 0" + Integer.toOctalString(type) + " for " + e.name());
      }
      if (e.isEncrypted()) {
        throw rejected(RejectionReason.UNSAFE_ARCHIVE, zip, "unencrypted entries", e);
      }
      // Case-folded, so no two entries can land on one file of a case-insensitive file system.
      String key = stripSlash(e.name()).toLowerCase(Locale.ROOT);
      if (!seen.add(key)) {
        throw rejected(
            RejectionReason.UNSAFE_ARCHIVE, zip, "unique entry names", "'" + e.name() + "' twice");
      }
      declared += e.size();
    }
    if (declared > maxUnpackedBytes) {
      throw rejected(
          RejectionReason.ARCHIVE_TOO_LARGE,
          zip,
          "at most " + maxUnpackedBytes + " unpacked bytes",
          declared + " declared");
    }
  }

  private long copyAtMost(
      InputStream in, OutputStream out, MessageDigest digest, long budget, Path zip)
      throws IOException, BundleRejectedException {
    byte[] buf = new byte[256 * 1024];
    long copied = 0;
    for (int n; (n = in.read(buf)) > 0; ) {
      copied += n;
      if (copied > budget) {
        throw rejected(
            RejectionReason.ARCHIVE_TOO_LARGE,
            zip,
            "at most " + maxUnpackedBytes + " unpacked bytes",
            "more while inflating (sizes declared smaller than the data)");
      }
      digest.update(buf, 0, n);
      out.write(buf, 0, n);
    }
    return copied;
  }

  private static String stripSlash(String name) {
    return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
  }

  private static BundleRejectedException rejected(
      RejectionReason reason, Path zip, String expected, Object found) {
    return new BundleRejectedException(
        reason, zip.getFileName() + ": expected " + expected + ", found " + found);
  }
}
