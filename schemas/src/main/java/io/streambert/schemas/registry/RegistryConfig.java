package io.streambert.schemas.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Typed, validated settings of a {@link RestSchemaRegistryClient}.
 *
 * <p>Build one with {@link #builder(String)} or read Confluent's client keys with {@link
 * #fromProperties(Map)}.
 *
 * @param urls registry base URLs; a request that fails in transit is retried on the next one
 * @param credentials how to authenticate; {@link RegistryCredentials#none()} for none
 * @param tls a custom truststore for HTTPS, or null to use the JDK's default trust
 * @param maxRetries retries after the first attempt for transient failures (IO, 5xx, 429)
 * @param initialBackoff wait before the first retry; doubled for every further retry
 * @param maxBackoff upper bound of the wait between retries
 * @param connectTimeout limit for opening a connection
 * @param requestTimeout limit for one request, from sending to the whole response
 */
public record RegistryConfig(
    List<URI> urls,
    RegistryCredentials credentials,
    TlsConfig tls,
    int maxRetries,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration connectTimeout,
    Duration requestTimeout) {

  /** Confluent key: comma-separated registry URLs. */
  public static final String URL = "schema.registry.url";

  /** Confluent key: where basic credentials come from, {@code USER_INFO} or {@code URL}. */
  public static final String BASIC_AUTH_SOURCE = "basic.auth.credentials.source";

  /** Confluent key: basic credentials as {@code user:password}. */
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

  /** Confluent key: where the bearer token comes from; only {@code STATIC_TOKEN} is supported. */
  public static final String BEARER_AUTH_SOURCE = "bearer.auth.credentials.source";

  /** Confluent key: a static bearer token. */
  public static final String BEARER_AUTH_TOKEN = "bearer.auth.token";

  /** Confluent key: truststore file for HTTPS. */
  public static final String TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";

  /** Confluent key: truststore password. */
  public static final String TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";

  /** Confluent key: truststore type, {@code PKCS12} (default) or {@code JKS}. */
  public static final String TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";

  /** Confluent key: retries for transient failures; default {@value #DEFAULT_MAX_RETRIES}. */
  public static final String MAX_RETRIES = "max.retries";

  /** Confluent key: initial wait between retries in ms; default 100. */
  public static final String RETRIES_WAIT_MS = "retries.wait.ms";

  /** Confluent key: maximum wait between retries in ms; default 5000. */
  public static final String RETRIES_MAX_WAIT_MS = "retries.max.wait.ms";

  /** Confluent key: connect timeout in ms; default 10000. */
  public static final String CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";

  /** Confluent key: request (read) timeout in ms; default 30000. */
  public static final String READ_TIMEOUT_MS = "http.read.timeout.ms";

  /** Default number of retries for transient failures. */
  public static final int DEFAULT_MAX_RETRIES = 3;

  /** Default wait before the first retry. */
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);

  /** Default upper bound of the wait between retries. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);

  /** Default connect timeout. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** Default request timeout. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** Validates every setting; the message names the offending one. */
  public RegistryConfig {
    urls = List.copyOf(urls);
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("At least one registry URL is required (" + URL + ")");
    }
    for (URI url : urls) {
      String scheme = url.getScheme();
      if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
        throw new IllegalArgumentException(
            "Registry URL must start with http:// or https://, found '"
                + RedactedUrl.of(url.toString())
                + "'");
      }
      if (url.getRawUserInfo() != null) {
        // Credentials go in the Authorization header only: a URL is printed in messages and logs.
        throw new IllegalArgumentException(
            "Registry URL must not carry user:password@ (use "
                + BASIC_AUTH_USER_INFO
                + " or "
                + BASIC_AUTH_SOURCE
                + "=URL), found '"
                + RedactedUrl.of(url.toString())
                + "'");
      }
    }
    Objects.requireNonNull(credentials, "credentials");
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0, found " + maxRetries);
    }
    requirePositive("initialBackoff", initialBackoff, true);
    requirePositive("maxBackoff", maxBackoff, true);
    requirePositive("connectTimeout", connectTimeout, false);
    requirePositive("requestTimeout", requestTimeout, false);
  }

  /** Starts a builder for one registry URL, with the documented defaults. */
  public static Builder builder(String url) {
    return new Builder(List.of(url));
  }

  /** A config for one URL with all defaults and no credentials. */
  public static RegistryConfig of(String url) {
    return builder(url).build();
  }

  /**
   * Reads Confluent's client keys (see the constants of this class).
   *
   * <p>Values may be strings or, for numbers, {@link Number}s; the URL may also be a collection.
   * Basic credentials come from {@value #BASIC_AUTH_USER_INFO} when the source is {@code
   * USER_INFO}, or from the URL's user info when it is {@code URL}; with no source given, user info
   * wins if present. Every key also works with a {@code schema.registry.} prefix.
   *
   * @throws IllegalArgumentException naming the key whose value is missing or malformed
   */
  public static RegistryConfig fromProperties(Map<String, ?> props) {
    Object rawUrls = get(props, URL);
    if (rawUrls == null) {
      throw new IllegalArgumentException("Missing required property " + URL);
    }
    List<String> urlStrings = new ArrayList<>();
    if (rawUrls instanceof Collection<?> collection) {
      collection.forEach(u -> urlStrings.add(String.valueOf(u)));
    } else {
      for (String u : String.valueOf(rawUrls).split(",")) {
        if (!u.isBlank()) {
          urlStrings.add(u.trim());
        }
      }
    }
    Builder builder = new Builder(urlStrings);

    String basicSource = string(props, BASIC_AUTH_SOURCE);
    String userInfo = string(props, BASIC_AUTH_USER_INFO);
    String token = string(props, BEARER_AUTH_TOKEN);
    String bearerSource = string(props, BEARER_AUTH_SOURCE);
    if (bearerSource != null && !"STATIC_TOKEN".equalsIgnoreCase(bearerSource)) {
      throw new IllegalArgumentException(
          BEARER_AUTH_SOURCE + " must be STATIC_TOKEN, found '" + bearerSource + "'");
    }
    RegistryCredentials basic = basicCredentials(basicSource, userInfo, builder.urls);
    if (basic != null && token != null) {
      throw new IllegalArgumentException(
          "Configure either basic auth or " + BEARER_AUTH_TOKEN + ", not both");
    }
    if (basic != null) {
      builder.optCredentials(basic);
    } else if (token != null) {
      builder.optCredentials(RegistryCredentials.bearer(token));
    }

    String truststore = string(props, TRUSTSTORE_LOCATION);
    if (truststore != null) {
      builder.optTls(
          new TlsConfig(
              Path.of(truststore),
              string(props, TRUSTSTORE_PASSWORD),
              string(props, TRUSTSTORE_TYPE)));
    }
    Integer retries = integer(props, MAX_RETRIES);
    if (retries != null) {
      builder.optMaxRetries(retries);
    }
    Integer wait = integer(props, RETRIES_WAIT_MS);
    Integer maxWait = integer(props, RETRIES_MAX_WAIT_MS);
    builder.optBackoff(
        wait == null ? builder.initialBackoff : Duration.ofMillis(wait),
        maxWait == null ? builder.maxBackoff : Duration.ofMillis(maxWait));
    Integer connect = integer(props, CONNECT_TIMEOUT_MS);
    if (connect != null) {
      builder.optConnectTimeout(Duration.ofMillis(connect));
    }
    Integer read = integer(props, READ_TIMEOUT_MS);
    if (read != null) {
      builder.optRequestTimeout(Duration.ofMillis(read));
    }
    return builder.build();
  }

  /**
   * The basic credentials, taking the user info out of every URL that carries one (the URLs are
   * what messages and logs show, and what the client connects to).
   */
  private static RegistryCredentials basicCredentials(
      String source, String userInfo, List<String> urls) {
    String fromUrls = null;
    for (int i = 0; i < urls.size(); i++) {
      String inUrl = RedactedUrl.userInfo(urls.get(i));
      if (inUrl != null) {
        if (fromUrls != null && !fromUrls.equals(inUrl)) {
          throw new IllegalArgumentException(
              "Every " + URL + " must carry the same user:password@, found different ones");
        }
        fromUrls = inUrl;
        urls.set(i, RedactedUrl.withoutUserInfo(urls.get(i)));
      }
    }
    String mode = source == null ? (userInfo != null ? "USER_INFO" : "URL") : source;
    switch (mode.toUpperCase(Locale.ROOT)) {
      case "USER_INFO":
        if (userInfo == null) {
          throw new IllegalArgumentException(
              BASIC_AUTH_SOURCE + " is USER_INFO but " + BASIC_AUTH_USER_INFO + " is not set");
        }
        return RegistryCredentials.basicFromUserInfo(userInfo);
      case "URL":
        if (fromUrls != null) {
          return RegistryCredentials.basicFromUserInfo(decode(fromUrls));
        }
        if (source != null) {
          throw new IllegalArgumentException(
              BASIC_AUTH_SOURCE + " is URL but no " + URL + " carries user:password@");
        }
        return null;
      default:
        throw new IllegalArgumentException(
            BASIC_AUTH_SOURCE + " must be USER_INFO or URL, found '" + source + "'");
    }
  }

  /** Percent-decodes user info taken from a URL ({@code p%40ss} is {@code p@ss}). */
  private static String decode(String userInfo) {
    try {
      return java.net.URLDecoder.decode(userInfo.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return userInfo;
    }
  }

  private static Object get(Map<String, ?> props, String key) {
    Object value = props.get(key);
    if (value == null && !key.startsWith("schema.registry.")) {
      value = props.get("schema.registry." + key);
    }
    return value;
  }

  private static String string(Map<String, ?> props, String key) {
    Object value = get(props, key);
    if (value == null) {
      return null;
    }
    String s = value instanceof char[] chars ? new String(chars) : String.valueOf(value);
    return s.isBlank() ? null : s.trim();
  }

  private static Integer integer(Map<String, ?> props, String key) {
    Object value = get(props, key);
    if (value == null) {
      return null;
    }
    if (value instanceof Number n) {
      return n.intValue();
    }
    try {
      return Integer.valueOf(String.valueOf(value).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, found '" + value + "'", e);
    }
  }

  private static void requirePositive(String name, Duration d, boolean zeroAllowed) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || (!zeroAllowed && d.isZero())) {
      throw new IllegalArgumentException(
          name + " must be " + (zeroAllowed ? ">= 0" : "> 0") + ", found " + d);
    }
  }

  /** Builder with {@code opt*} setters for the optional settings. */
  public static final class Builder {
    private final List<String> urls;
    private RegistryCredentials credentials = RegistryCredentials.none();
    private TlsConfig tls;
    private int maxRetries = DEFAULT_MAX_RETRIES;
    private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

    private Builder(List<String> urls) {
      this.urls = new ArrayList<>(urls);
    }

    /** Adds a fallback URL, tried when a request to an earlier one fails in transit. */
    public Builder optUrl(String url) {
      urls.add(url);
      return this;
    }

    /** Sets the credentials; default none. */
    public Builder optCredentials(RegistryCredentials credentials) {
      this.credentials = credentials;
      return this;
    }

    /** Sends {@code Authorization: Basic ...}. */
    public Builder optBasicAuth(String user, String password) {
      return optCredentials(RegistryCredentials.basic(user, password));
    }

    /** Sends {@code Authorization: Bearer <token>}. */
    public Builder optBearerToken(String token) {
      return optCredentials(RegistryCredentials.bearer(token));
    }

    /** Trusts the certificates of a custom truststore; default the JDK's trust. */
    public Builder optTls(TlsConfig tls) {
      this.tls = tls;
      return this;
    }

    /** Sets the retries after the first attempt; default {@value #DEFAULT_MAX_RETRIES}. */
    public Builder optMaxRetries(int maxRetries) {
      this.maxRetries = maxRetries;
      return this;
    }

    /** Sets the first wait between retries and its upper bound; default 100 ms and 5 s. */
    public Builder optBackoff(Duration initial, Duration max) {
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /** Sets the connect timeout; default 10 s. */
    public Builder optConnectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /** Sets the per-request timeout; default 30 s. */
    public Builder optRequestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    /** Validates and builds the config. */
    public RegistryConfig build() {
      List<URI> uris = new ArrayList<>();
      for (String url : urls) {
        String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        try {
          uris.add(new URI(trimmed));
        } catch (URISyntaxException e) {
          // URISyntaxException's message repeats the whole input, credentials included.
          throw new IllegalArgumentException(
              "Registry URL is not a valid URL ("
                  + e.getReason()
                  + " at index "
                  + e.getIndex()
                  + "): '"
                  + RedactedUrl.of(trimmed)
                  + "'");
        }
      }
      return new RegistryConfig(
          uris,
          credentials,
          tls,
          maxRetries,
          initialBackoff,
          maxBackoff,
          connectTimeout,
          requestTimeout);
    }
  }
}
