package io.streambert.trainer.publish;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** Opens a {@link BundleStore} from its URI. */
public final class BundleStores {
  private BundleStores() {}

  /**
   * The environment variable holding an {@code Authorization} header value for an http(s) store
   * ({@code Bearer <token>}); without it, user info in the store URL is sent as Basic credentials.
   */
  public static final String AUTHORIZATION_ENV = "STREAMBERT_BUNDLE_STORE_AUTHORIZATION";

  /** How long one request to an http(s) store may take, an upload of a bundle included. */
  static final Duration HTTP_TIMEOUT = Duration.ofMinutes(5);

  /**
   * The store at {@code uri}: {@code file:} URIs (or plain paths) are folders; {@code http(s):}
   * URLs are servers that accept PUT ({@link HttpBundleStore}), with credentials from {@link
   * #AUTHORIZATION_ENV} or the URL's user info.
   */
  public static BundleStore open(String uri) {
    URI parsed = URI.create(uri);
    String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
    return switch (scheme) {
      case "" -> new FileBundleStore(Path.of(uri));
      case "file" -> new FileBundleStore(Path.of(parsed));
      case "http", "https" ->
          new HttpBundleStore(
              parsed, Optional.ofNullable(System.getenv(AUTHORIZATION_ENV)), HTTP_TIMEOUT);
      default ->
          throw new IllegalArgumentException(
              "expected a bundle store URI with scheme file, http or https (or a folder path),"
                  + " found "
                  + HttpBundleStore.withoutUserInfo(parsed));
    };
  }
}
