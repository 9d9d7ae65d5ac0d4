package io.streambert.processor.rollout.store;

import io.streambert.model.bundle.BundleBuilder;
import io.streambert.model.bundle.BundleException;
import io.streambert.model.bundle.Checksums;
import io.streambert.model.bundle.ManifestSignature;
import io.streambert.model.bundle.ModelBundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the bundle a release names: checks the URI against the trusted stores before any I/O,
 * downloads it into the cache ({@code downloads/<sha256>.zip}) verifying the SHA-256 while it
 * streams, unpacks it safely into {@code unpacked/<sha256>/} hashing each file as it is written (or
 * reuses that folder, {@link UnpackedFolders}), checks its signature when a trusted key is
 * configured, and opens it ({@link ModelBundle#openUnpacked}: manifest, those file checksums
 * against it, ONNX inputs and outputs).
 *
 * <p>Each cached zip is hashed once: while downloaded, or, for one a previous run left, at its
 * first use. A zip this fetcher verified is reused without hashing again while its size, file key
 * and modification time are those it had then; any change, and it is hashed again.
 *
 * <p>An unpacked folder is kept, and reused, while its zip is kept. {@link #open} and {@link
 * #close} empty {@code unpacked/}, so folders left by a crash do not pile up. {@link #fetch}
 * blocks; call it off the stream threads. Fetches run one at a time.
 */
public final class BundleFetcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BundleFetcher.class);
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  /** Verified downloads kept in the cache (the newest used), so a rollback need not refetch. */
  static final int KEPT_DOWNLOADS = 3;

  private final BundleStoreSettings settings;
  private final Path downloads;
  private final Path unpacked;
  private final SafeUnzip unzip;
  private final VerifiedDownload download;
  private final BundleSource files = new FileBundleSource();
  private final BundleSource http;
  private final UnpackedFolders folders;

  /** What each cached zip looked like right after this fetcher verified its SHA-256. */
  private final Map<String, FileStamp> verified = new HashMap<>();

  private BundleFetcher(BundleStoreSettings settings) throws IOException {
    this.settings = settings;
    Path cache = settings.cacheDir().toAbsolutePath().normalize();
    this.downloads = Files.createDirectories(cache.resolve("downloads"));
    this.unpacked = Files.createDirectories(cache.resolve("unpacked"));
    this.folders = new UnpackedFolders(unpacked);
    this.unzip = new SafeUnzip(settings.maxUnpackedBytes(), settings.maxEntries());
    this.download =
        new VerifiedDownload(settings.maxDownloadBytes(), settings.attempts(), settings.backoff());
    this.http =
        new HttpBundleSource(settings.connectTimeout(), settings.readTimeout(), settings.trusted());
  }

  /**
   * A fetcher with its cache folders created; removes unpacked folders and partial downloads a
   * previous run left.
   */
  public static BundleFetcher open(BundleStoreSettings settings) throws IOException {
    BundleFetcher fetcher = new BundleFetcher(settings);
    Trees.emptyQuietly(fetcher.unpacked);
    try (Stream<Path> parts = Files.list(fetcher.downloads)) {
      parts.filter(p -> p.getFileName().toString().endsWith(".part")).forEach(Trees::deleteQuietly);
    }
    return fetcher;
  }

  /**
   * Fetches, verifies, unpacks and opens the bundle at {@code uri}.
   *
   * @param sha256 the SHA-256 the release names (64 lower-case hex digits)
   * @throws BundleRejectedException saying why, with nothing left unpacked
   */
  public synchronized FetchedBundle fetch(URI uri, String sha256) throws BundleRejectedException {
    settings.trusted().require(uri);
    String expected = sha256 == null ? "" : sha256.toLowerCase(Locale.ROOT);
    if (!SHA256.matcher(expected).matches()) {
      throw new BundleRejectedException(
          RejectionReason.RELEASE_MISMATCH,
          "expected a SHA-256 of 64 hex digits in the release, found '" + sha256 + "'");
    }
    BundleSource source = sourceFor(uri);
    Path zip = downloads.resolve(expected + ".zip");
    long start = System.nanoTime();
    boolean cached = cachedAndIntact(zip, expected);
    if (!cached) {
      download.download(source, uri, expected, zip);
    }
    long fetched = System.nanoTime();
    touch(zip);
    remember(zip, expected);
    pruneDownloads();
    Path dir = folders.folderFor(expected);
    boolean ok = false;
    try {
      Optional<Map<String, String>> kept = folders.intact(expected);
      Map<String, String> written;
      if (kept.isPresent()) {
        written = kept.get();
      } else {
        Files.createDirectory(dir);
        written = unzip.unzip(zip, dir);
        folders.remember(expected, written);
      }
      long unpackedAt = System.nanoTime();
      checkSignature(dir);
      ModelBundle bundle = openBundle(dir, written);
      requireOnlyListedFiles(dir, bundle);
      ok = true;
      LOG.info(
          "fetched bundle {} from {} into {}: {} ms ({} {} ms, {} {} ms, checks {} ms)",
          bundle.manifest().modelVersion(),
          uri,
          dir,
          millis(start, System.nanoTime()),
          cached ? "cached zip checked in" : "download",
          millis(start, fetched),
          kept.isPresent() ? "unpacked folder kept, checked in" : "unpack",
          millis(fetched, unpackedAt),
          millis(unpackedAt, System.nanoTime()));
      return new FetchedBundle(uri, expected, bundle);
    } catch (IOException e) {
      throw new BundleRejectedException(
          RejectionReason.BAD_ARCHIVE, "cannot unpack " + uri + " into " + dir + ": " + e, e);
    } finally {
      if (!ok) {
        folders.forget(expected);
      }
    }
  }

  /** Removes every unpacked folder (the bundles' models keep what they loaded). */
  @Override
  public void close() {
    folders.removeAll();
  }

  private BundleSource sourceFor(URI uri) throws BundleRejectedException {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    return switch (scheme) {
      case "file" -> files;
      case "http", "https" -> http;
      default ->
          throw new BundleRejectedException(
              RejectionReason.UNSUPPORTED_SCHEME,
              "expected a file, http or https bundle URI, found " + uri);
    };
  }

  private boolean cachedAndIntact(Path zip, String sha256) {
    FileStamp seen = verified.remove(sha256);
    if (!Files.isRegularFile(zip)) {
      return false;
    }
    try {
      if (seen != null && seen.equals(FileStamp.of(zip))) {
        return true;
      }
      if (Checksums.sha256(zip).equals(sha256)) {
        return true;
      }
      LOG.warn("cached {} no longer has SHA-256 {}; fetching it again", zip, sha256);
    } catch (IOException e) {
      LOG.warn("cannot read cached {}; fetching it again: {}", zip, e.toString());
    }
    Trees.deleteQuietly(zip);
    return false;
  }

  private void checkSignature(Path dir) throws BundleRejectedException {
    if (settings.trustedPublicKey().isEmpty()) {
      return;
    }
    if (!ManifestSignature.isSigned(dir)) {
      throw new BundleRejectedException(
          RejectionReason.SIGNATURE_MISSING,
          "expected a bundle signed with the trusted key ("
              + ManifestSignature.FILE
              + "), found no signature");
    }
    try {
      ManifestSignature.verify(dir, settings.trustedPublicKey().get());
    } catch (BundleException e) {
      throw new BundleRejectedException(RejectionReason.SIGNATURE_INVALID, e.getMessage(), e);
    }
  }

  /** Notes {@code zip} as verified, so the next fetch of the same SHA-256 need not hash it. */
  private void remember(Path zip, String sha256) {
    try {
      verified.put(sha256, FileStamp.of(zip));
    } catch (IOException e) {
      LOG.debug("cannot read the attributes of {}; it is hashed again next time: {}", zip, e);
    }
  }

  private static ModelBundle openBundle(Path dir, Map<String, String> written)
      throws BundleRejectedException {
    try {
      return ModelBundle.openUnpacked(dir, written);
    } catch (BundleException e) {
      throw new BundleRejectedException(RejectionReason.BUNDLE_INVALID, e.getMessage(), e);
    }
  }

  /** Nothing unverified may ride along: every file is the manifest, its signature, or listed. */
  private static void requireOnlyListedFiles(Path dir, ModelBundle bundle)
      throws IOException, BundleRejectedException {
    Set<String> allowed = new TreeSet<>(bundle.manifest().files().keySet());
    allowed.add(BundleBuilder.MANIFEST_FILE);
    allowed.add(ManifestSignature.FILE);
    List<String> extra = new ArrayList<>();
    try (Stream<Path> all = Files.walk(dir)) {
      all.filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString().replace('\\', '/'))
          .filter(name -> !allowed.contains(name))
          .sorted()
          .forEach(extra::add);
    }
    if (!extra.isEmpty()) {
      throw new BundleRejectedException(
          RejectionReason.UNEXPECTED_FILE,
          "expected only the files manifest.json lists " + allowed + ", found also " + extra);
    }
  }

  private static long millis(long fromNanos, long toNanos) {
    return (toNanos - fromNanos) / 1_000_000;
  }

  private static void touch(Path zip) {
    try {
      Files.setLastModifiedTime(zip, FileTime.from(Instant.now()));
    } catch (IOException e) {
      LOG.debug("cannot touch {}: {}", zip, e.toString());
    }
  }

  private void pruneDownloads() {
    try (Stream<Path> zips = Files.list(downloads)) {
      List<Path> byAge =
          zips.filter(p -> p.getFileName().toString().endsWith(".zip"))
              .sorted(Comparator.comparing(BundleFetcher::modified).reversed())
              .toList();
      for (Path old : byAge.subList(Math.min(KEPT_DOWNLOADS, byAge.size()), byAge.size())) {
        Trees.deleteQuietly(old);
        String sha256 = old.getFileName().toString().replace(".zip", "");
        verified.remove(sha256);
        folders.forget(sha256);
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("cannot prune {}: {}", downloads, e.toString());
    }
  }

  private static FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
