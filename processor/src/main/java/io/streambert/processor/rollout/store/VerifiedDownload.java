package io.streambert.processor.rollout.store;

import io.streambert.model.bundle.Checksums;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a bundle zip from its store to a local file, hashing while it streams and stopping at the
 * size cap; retries while the store is unavailable; only a file whose SHA-256 matches gets its
 * final name.
 */
final class VerifiedDownload {
  private static final Logger LOG = LoggerFactory.getLogger(VerifiedDownload.class);

  private final long maxBytes;
  private final int attempts;
  private final Duration backoff;

  VerifiedDownload(long maxBytes, int attempts, Duration backoff) {
    this.maxBytes = maxBytes;
    this.attempts = attempts;
    this.backoff = backoff;
  }

  /**
   * Downloads {@code uri} to {@code target} (replacing it) if its bytes hash to {@code sha256}.
   *
   * @throws BundleRejectedException FETCH_FAILED (transient when the store stayed unavailable),
   *     DOWNLOAD_TOO_LARGE or SHA256_MISMATCH
   */
  void download(BundleSource source, URI uri, String sha256, Path target)
      throws BundleRejectedException {
    Path part = target.resolveSibling(target.getFileName() + ".part");
    IOException last = null;
    long wait = backoff.toMillis();
    for (int attempt = 1; attempt <= attempts; attempt++) {
      try {
        String actual = copy(source, uri, part);
        if (!actual.equals(sha256)) {
          throw new BundleRejectedException(
              RejectionReason.SHA256_MISMATCH,
              "expected SHA-256 " + sha256 + " (the release) for " + uri + ", found " + actual);
        }
        Files.move(
            part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return;
      } catch (InterruptedIOException e) {
        throw new BundleRejectedException(
            RejectionReason.FETCH_FAILED, "interrupted while fetching " + uri, e, true);
      } catch (IOException e) {
        last = e;
        LOG.warn("fetching {} failed (attempt {} of {}): {}", uri, attempt, attempts, e.toString());
      } finally {
        deleteQuietly(part);
      }
      if (attempt < attempts && !sleep(wait)) {
        throw new BundleRejectedException(
            RejectionReason.FETCH_FAILED, "interrupted while fetching " + uri, last, true);
      }
      wait *= 2;
    }
    throw new BundleRejectedException(
        RejectionReason.FETCH_FAILED,
        "expected the store to deliver "
            + uri
            + ", found it unavailable after "
            + attempts
            + " attempts: "
            + last,
        last,
        true);
  }

  private String copy(BundleSource source, URI uri, Path part)
      throws IOException, BundleRejectedException {
    MessageDigest digest = Checksums.newSha256();
    long total = 0;
    try (InputStream in = source.open(uri);
        OutputStream out = Files.newOutputStream(part)) {
      byte[] buf = new byte[256 * 1024];
      for (int n; (n = in.read(buf)) > 0; ) {
        total += n;
        if (total > maxBytes) {
          throw new BundleRejectedException(
              RejectionReason.DOWNLOAD_TOO_LARGE,
              "expected at most " + maxBytes + " bytes from " + uri + ", found more");
        }
        digest.update(buf, 0, n);
        out.write(buf, 0, n);
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedIOException("interrupted while fetching " + uri);
        }
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static boolean sleep(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", p, e.toString());
    }
  }
}
