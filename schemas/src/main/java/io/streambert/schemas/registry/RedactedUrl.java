package io.streambert.schemas.registry;

import java.util.regex.Pattern;

/**
 * Shows a registry URL without the {@code user:password@} part, for messages and logs.
 *
 * <p>Works on the text, not on {@link java.net.URI}, so that a URL too malformed to parse is still
 * shown without its credentials.
 */
public final class RedactedUrl {

  /** From the scheme (or the start) up to the last {@code @} before the path. */
  private static final Pattern USER_INFO =
      Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)?[^/?#]*@");

  private RedactedUrl() {}

  /** {@code url} with any user info replaced by {@code ***}. */
  public static String of(String url) {
    if (url == null) {
      return null;
    }
    var m = USER_INFO.matcher(url);
    if (!m.find()) {
      return url;
    }
    String scheme = m.group(1) == null ? "" : m.group(1);
    return scheme + "***@" + url.substring(m.end());
  }

  /** The user info of {@code url} ({@code user:password}), or null when it has none. */
  static String userInfo(String url) {
    var m = USER_INFO.matcher(url);
    if (!m.find()) {
      return null;
    }
    String scheme = m.group(1) == null ? "" : m.group(1);
    return url.substring(scheme.length(), m.end() - 1);
  }

  /** {@code url} without its user info (nothing in its place). */
  static String withoutUserInfo(String url) {
    var m = USER_INFO.matcher(url);
    if (!m.find()) {
      return url;
    }
    String scheme = m.group(1) == null ? "" : m.group(1);
    return scheme + url.substring(m.end());
  }
}
