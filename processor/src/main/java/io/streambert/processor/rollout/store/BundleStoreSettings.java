package io.streambert.processor.rollout.store;

import io.streambert.model.bundle.ManifestSignature;
import io.streambert.processor.config.InvalidConfigException;
import io.streambert.processor.config.ProcessorConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How bundles are fetched, verified and unpacked.
 *
 * @param cacheDir local folder for downloads ({@code downloads/}) and unpacked bundles ({@code
 *     unpacked/})
 * @param trusted the stores bundle URIs must lie in
 * @param maxDownloadBytes most bytes one bundle zip may have
 * @param maxUnpackedBytes most bytes all entries of one zip may unpack to (below 4 GiB: no ZIP64)
 * @param maxEntries most entries one zip may have
 * @param connectTimeout HTTP connect timeout
 * @param readTimeout how long an HTTP store may take to answer with headers
 * @param attempts tries per fetch when the store is unavailable (IO errors, HTTP 5xx and 429)
 * @param backoff wait before the second try, doubled before each further one
 * @param trustedPublicKey when present, bundles must carry a valid Ed25519 manifest signature
 */
public record BundleStoreSettings(
    Path cacheDir,
    TrustedPrefixes trusted,
    long maxDownloadBytes,
    long maxUnpackedBytes,
    int maxEntries,
    Duration connectTimeout,
    Duration readTimeout,
    int attempts,
    Duration backoff,
    Optional<PublicKey> trustedPublicKey) {

  /** Default {@link #maxDownloadBytes}: 2 GiB. */
  public static final long DEFAULT_MAX_DOWNLOAD_BYTES = 2L << 30;

  /** Default and largest {@link #maxUnpackedBytes}: 4 GiB - 1 (zips without ZIP64 records). */
  public static final long MAX_UNPACKED_BYTES = 0xFFFF_FFFFL;

  /** Default {@link #maxEntries}. */
  public static final int DEFAULT_MAX_ENTRIES = 64;

  public BundleStoreSettings {
    Objects.requireNonNull(cacheDir, "cacheDir");
    Objects.requireNonNull(trusted, "trusted");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(trustedPublicKey, "trustedPublicKey");
    positive("maxDownloadBytes", maxDownloadBytes);
    positive("maxUnpackedBytes", maxUnpackedBytes);
    positive("maxEntries", maxEntries);
    positive("attempts", attempts);
    if (maxUnpackedBytes > MAX_UNPACKED_BYTES) {
      throw new IllegalArgumentException(
          "expected maxUnpackedBytes at most "
              + MAX_UNPACKED_BYTES
              + ", found "
              + maxUnpackedBytes);
    }
  }

  /** Settings with the defaults: 2 GiB download, 4 GiB unpacked, 64 entries, 3 attempts. */
  public static BundleStoreSettings defaults(Path cacheDir, List<String> trustedPrefixes) {
    return new BundleStoreSettings(
        cacheDir,
        TrustedPrefixes.of(trustedPrefixes),
        DEFAULT_MAX_DOWNLOAD_BYTES,
        MAX_UNPACKED_BYTES,
        DEFAULT_MAX_ENTRIES,
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        3,
        Duration.ofMillis(500),
        Optional.empty());
  }

  /**
   * The settings the processor's {@code model.store.*} keys give.
   *
   * @throws InvalidConfigException naming the key whose value is unusable
   */
  public static BundleStoreSettings from(ProcessorConfig config) {
    TrustedPrefixes trusted;
    try {
      trusted = TrustedPrefixes.of(config.storeTrustedPrefixes());
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(
          ProcessorConfig.MODEL_STORE_TRUSTED_PREFIXES + ": " + e.getMessage(), e);
    }
    Optional<PublicKey> key = Optional.empty();
    if (config.storeTrustedPublicKey().isPresent()) {
      Path pem = config.storeTrustedPublicKey().get();
      try {
        key = Optional.of(ManifestSignature.readPublicKey(pem));
      } catch (IOException e) {
        throw new InvalidConfigException(
            ProcessorConfig.MODEL_STORE_TRUSTED_PUBLIC_KEY + ": " + e.getMessage(), e);
      }
    }
    BundleStoreSettings defaults = defaults(config.storeCacheDir(), List.of());
    return new BundleStoreSettings(
        config.storeCacheDir(),
        trusted,
        config.storeMaxDownloadBytes(),
        config.storeMaxUnpackedBytes(),
        config.storeMaxEntries(),
        defaults.connectTimeout(),
        defaults.readTimeout(),
        config.storeFetchAttempts(),
        defaults.backoff(),
        key);
  }

  /** These settings with other size caps. */
  public BundleStoreSettings withLimits(long maxDownload, long maxUnpacked, int entries) {
    return new BundleStoreSettings(
        cacheDir,
        trusted,
        maxDownload,
        maxUnpacked,
        entries,
        connectTimeout,
        readTimeout,
        attempts,
        backoff,
        trustedPublicKey);
  }

  /** These settings with another retry policy. */
  public BundleStoreSettings withRetries(int tries, Duration firstBackoff) {
    return new BundleStoreSettings(
        cacheDir,
        trusted,
        maxDownloadBytes,
        maxUnpackedBytes,
        maxEntries,
        connectTimeout,
        readTimeout,
        tries,
        firstBackoff,
        trustedPublicKey);
  }

  /** These settings requiring bundles signed with {@code key}. */
  public BundleStoreSettings withTrustedPublicKey(PublicKey key) {
    return new BundleStoreSettings(
        cacheDir,
        trusted,
        maxDownloadBytes,
        maxUnpackedBytes,
        maxEntries,
        connectTimeout,
        readTimeout,
        attempts,
        backoff,
        Optional.of(key));
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException("expected " + name + " > 0, found " + value);
    }
  }
}
