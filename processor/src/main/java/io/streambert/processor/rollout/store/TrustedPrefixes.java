package io.streambert.processor.rollout.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The allow-list of bundle stores: URI prefixes such as {@code https://models.example.com/bundles/}
 * or {@code file:///srv/bundles/}. A bundle URI is trusted when scheme, host and port equal a
 * prefix's and its path lies under the prefix's path on a segment boundary.
 *
 * <p>Checked before anything is fetched. URIs with user info, dot segments (also percent-encoded)
 * or encoded slashes are never trusted, so no spelling of a path escapes a prefix.
 */
public final class TrustedPrefixes {
  private static final Set<String> SCHEMES = Set.of("file", "http", "https");

  private final List<URI> prefixes;

  private TrustedPrefixes(List<URI> prefixes) {
    this.prefixes = List.copyOf(prefixes);
  }

  /**
   * Parses the configured prefixes.
   *
   * @throws IllegalArgumentException naming the first prefix that is not an absolute file, http or
   *     https URI without user info, query or fragment
   */
  public static TrustedPrefixes of(List<String> prefixes) {
    List<URI> parsed = new ArrayList<>();
    for (String p : prefixes) {
      URI uri;
      try {
        uri = new URI(p.strip());
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            "expected a trusted store URI prefix, found '" + p + "'");
      }
      String problem = problem(uri);
      if (problem == null && (uri.getRawQuery() != null || uri.getRawFragment() != null)) {
        problem = "a query or fragment";
      }
      if (problem != null) {
        throw new IllegalArgumentException(
            "expected a trusted store URI prefix (file:, http: or https:, absolute, without user"
                + " info, dot segments, query or fragment), found '"
                + p
                + "' with "
                + problem);
      }
      parsed.add(uri);
    }
    return new TrustedPrefixes(parsed);
  }

  /**
   * Refuses {@code uri} unless it is under a trusted prefix.
   *
   * @throws BundleRejectedException with {@link RejectionReason#UNTRUSTED_URI}
   */
  public void require(URI uri) throws BundleRejectedException {
    if (!trusts(uri)) {
      String problem = problem(uri);
      throw new BundleRejectedException(
          RejectionReason.UNTRUSTED_URI,
          "expected a bundle URI under one of the trusted prefixes "
              + prefixes
              + ", found "
              + uri
              + (problem == null ? "" : " (with " + problem + ")")
              + "; it was not fetched");
    }
  }

  /** Whether {@code uri} is under a trusted prefix. */
  public boolean trusts(URI uri) {
    if (problem(uri) != null) {
      return false;
    }
    for (URI prefix : prefixes) {
      if (sameOrigin(prefix, uri) && underPath(prefix.getRawPath(), uri.getRawPath())) {
        return true;
      }
    }
    return false;
  }

  /** The configured prefixes. */
  public List<URI> prefixes() {
    return prefixes;
  }

  private static String problem(URI uri) {
    if (!uri.isAbsolute() || uri.isOpaque()) {
      return "no absolute hierarchical URI";
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!SCHEMES.contains(scheme)) {
      return "scheme " + scheme;
    }
    if (uri.getRawUserInfo() != null) {
      return "user info";
    }
    if (!scheme.equals("file") && (uri.getHost() == null || uri.getHost().isEmpty())) {
      return "no host";
    }
    String path = uri.getRawPath();
    if (path == null || !path.startsWith("/")) {
      return "no absolute path";
    }
    String lower = path.toLowerCase(Locale.ROOT);
    if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("\\")) {
      return "an encoded or back slash";
    }
    for (String segment : lower.split("/", -1)) {
      String decodedDots = segment.replace("%2e", ".");
      if (decodedDots.equals(".") || decodedDots.equals("..")) {
        return "a dot segment";
      }
    }
    return null;
  }

  private static boolean sameOrigin(URI prefix, URI uri) {
    return prefix.getScheme().equalsIgnoreCase(uri.getScheme())
        && host(prefix).equals(host(uri))
        && port(prefix) == port(uri);
  }

  private static String host(URI uri) {
    return uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return switch (uri.getScheme().toLowerCase(Locale.ROOT)) {
      case "http" -> 80;
      case "https" -> 443;
      default -> -1;
    };
  }

  private static boolean underPath(String prefixPath, String path) {
    String dir = prefixPath.endsWith("/") ? prefixPath : prefixPath + "/";
    return path.startsWith(dir) && path.length() > dir.length();
  }
}
