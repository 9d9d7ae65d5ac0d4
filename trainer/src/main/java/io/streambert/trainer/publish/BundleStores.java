package io.streambert.trainer.publish;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/** Opens a {@link BundleStore} from its URI. */
public final class BundleStores {
  private BundleStores() {}

  /**
   * The store at {@code uri}: {@code file:} URIs (or plain paths) are folders; {@code http(s):}
   * stores are not implemented yet and are refused with a message saying so.
   */
  public static BundleStore open(String uri) {
    URI parsed = URI.create(uri);
    String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
    return switch (scheme) {
      case "" -> new FileBundleStore(Path.of(uri));
      case "file" -> new FileBundleStore(Path.of(parsed));
      case "http", "https" ->
          throw new IllegalArgumentException(
              "http(s) bundle stores are not implemented yet; expected a file: URI or a folder,"
                  + " found "
                  + uri);
      default ->
          throw new IllegalArgumentException(
              "expected a bundle store URI with scheme file (or a folder path), found " + uri);
    };
  }
}
