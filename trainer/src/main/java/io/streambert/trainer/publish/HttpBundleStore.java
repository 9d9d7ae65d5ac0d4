package io.streambert.trainer.publish;

import io.streambert.model.bundle.Checksums;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bundle store on an HTTP(S) server that accepts {@code PUT} (a WebDAV folder, an object store's
 * HTTP endpoint, an upload-enabled static server): {@code <base><version>.zip}, {@code
 * <version>.zip.sha256} beside it, and {@code index.txt} listing the stored versions, since HTTP
 * cannot list a folder.
 *
 * <p>A put checks with {@code HEAD} that the version is absent, uploads the zip with {@code
 * If-None-Match: *} (so a server that honours it refuses to replace one that appeared meanwhile),
 * downloads it back and compares its SHA-256, then writes the {@code .sha256} file and the index.
 * Releases name the zip's URL without credentials. Credentials come from the base URL's user info
 * or an {@code Authorization} header value given by the caller, and never appear in a message.
 */
public final class HttpBundleStore implements BundleStore {
  private static final Logger LOG = LoggerFactory.getLogger(HttpBundleStore.class);

  /** The file at the base URL listing {@code <version> <sha256>}, one stored bundle a line. */
  public static final String INDEX = "index.txt";

  private final URI base;
  private final Optional<String> authorization;
  private final HttpClient client;
  private final Duration timeout;

  /**
   * A store at {@code baseUrl}.
   *
   * @param baseUrl absolute http(s) URL of the store's folder, without query or fragment; user info
   *     ({@code https://user:secret@host/bundles/}) is sent as HTTP Basic credentials
   * @param authorization an {@code Authorization} header value (a bearer token), or empty; it wins
   *     over user info
   * @param timeout how long connecting and each request may take
   * @throws IllegalArgumentException when the URL is not such a URL
   */
  public HttpBundleStore(URI baseUrl, Optional<String> authorization, Duration timeout) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https"))
        || baseUrl.getHost() == null
        || baseUrl.getRawQuery() != null
        || baseUrl.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "expected an http(s) URL of the bundle store's folder without query or fragment, found "
              + withoutUserInfo(baseUrl));
    }
    URI plain = withoutUserInfo(baseUrl);
    String s = plain.toString();
    this.base = URI.create(s.endsWith("/") ? s : s + "/");
    this.authorization =
        authorization
            .filter(a -> !a.isBlank())
            .or(() -> Optional.ofNullable(baseUrl.getRawUserInfo()).map(HttpBundleStore::basic));
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public URI location() {
    return base;
  }

  @Override
  public List<StoredBundle> list() {
    HttpResponse<String> index = send(request(INDEX).GET(), HttpResponse.BodyHandlers.ofString());
    if (index.statusCode() == 404) {
      return List.of();
    }
    requireStatus(index, "GET", INDEX, 200);
    List<StoredBundle> bundles = new ArrayList<>();
    for (String line : index.body().split("\n")) {
      String[] fields = line.strip().split("\\s+");
      if (fields.length == 2
          && ModelVersion.isValid(fields[0])
          && fields[1].matches("[0-9a-f]{64}")) {
        bundles.add(
            new StoredBundle(
                ModelVersion.parse(fields[0]), base.resolve(fields[0] + ".zip"), fields[1]));
      }
    }
    bundles.sort(Comparator.comparing(StoredBundle::version));
    return bundles;
  }

  @Override
  public void requirePublishable(ModelVersion version) {
    String name = version + ".zip";
    HttpResponse<Void> head =
        send(
            request(name).method("HEAD", HttpRequest.BodyPublishers.noBody()),
            HttpResponse.BodyHandlers.discarding());
    if (head.statusCode() == 200) {
      throw new PublishRefusedException(
          "version "
              + version
              + " already exists in the bundle store "
              + base
              + " (HEAD "
              + base.resolve(name)
              + " answered 200); versions are never overwritten, publish a newer one");
    }
    requireStatus(head, "HEAD", name, 404);
    Optional<StoredBundle> latest = latest();
    if (latest.isPresent() && version.compareTo(latest.get().version()) <= 0) {
      throw new PublishRefusedException(
          "expected a version newer than the latest in the bundle store "
              + base
              + ", "
              + latest.get().version()
              + ", found "
              + version);
    }
  }

  @Override
  public StoredBundle put(ModelVersion version, Path zip, String sha256) {
    requirePublishable(version);
    String name = version + ".zip";
    HttpResponse<Void> upload;
    try {
      upload =
          send(
              request(name)
                  .header("If-None-Match", "*")
                  .header("Content-Type", "application/zip")
                  .PUT(HttpRequest.BodyPublishers.ofFile(zip)),
              HttpResponse.BodyHandlers.discarding());
    } catch (java.io.FileNotFoundException e) {
      throw new PublishRefusedException("cannot read " + zip + " to upload it", e);
    }
    if (upload.statusCode() == 412) {
      throw new PublishRefusedException(
          "version "
              + version
              + " appeared in the bundle store while publishing: PUT "
              + base.resolve(name)
              + " answered 412 (If-None-Match: *)");
    }
    requireStatus(upload, "PUT", name, 200, 201, 204);
    String stored = storedSha256(name);
    if (!stored.equals(sha256)) {
      throw new PublishRefusedException(
          "expected "
              + base.resolve(name)
              + " to have SHA-256 "
              + sha256
              + " after the upload, found "
              + stored
              + " (did the file change while publishing, or does the store alter uploads?)");
    }
    putText(name + ".sha256", sha256 + "  " + name + "\n");
    StringBuilder index = new StringBuilder();
    for (StoredBundle b : list()) {
      index.append(b.version()).append(' ').append(b.sha256()).append('\n');
    }
    index.append(version).append(' ').append(sha256).append('\n');
    putText(INDEX, index.toString());
    URI uri = base.resolve(name);
    LOG.info("stored bundle {} at {} (sha256 {})", version, uri, sha256);
    return new StoredBundle(version, uri, sha256);
  }

  /**
   * Downloads a stored bundle to {@code target} (replaced) and checks its SHA-256 on the way.
   *
   * @throws PublishRefusedException when the store does not deliver it, or delivers other bytes
   */
  public Path download(StoredBundle bundle, Path target) {
    URI relative = base.relativize(bundle.uri());
    if (relative.isAbsolute()) { // never send this store's credentials elsewhere
      throw new PublishRefusedException(
          "expected a bundle under the store " + base + ", found " + bundle.uri());
    }
    String actual;
    try {
      actual = getSha256(relative.toString(), Optional.of(target));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot download " + bundle.uri() + " to " + target, e);
    }
    if (!actual.equals(bundle.sha256())) {
      throw new PublishRefusedException(
          "expected "
              + bundle.uri()
              + " to have SHA-256 "
              + bundle.sha256()
              + " ("
              + INDEX
              + "), found "
              + actual);
    }
    return target;
  }

  private String storedSha256(String name) {
    try {
      return getSha256(name, Optional.empty());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read back " + base.resolve(name), e);
    }
  }

  /**
   * GETs {@code name}, requiring 200, and returns the SHA-256 of the body; with {@code saveTo}, the
   * body is also written there (replaced), once the status is known to be 200.
   */
  private String getSha256(String name, Optional<Path> saveTo) throws IOException {
    HttpResponse<InputStream> got =
        send(request(name).GET(), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = got.body()) {
      requireStatus(got, "GET", name, 200);
      MessageDigest digest = Checksums.newSha256();
      try (InputStream in = new DigestInputStream(body, digest)) {
        if (saveTo.isPresent()) {
          Files.copy(in, saveTo.get(), StandardCopyOption.REPLACE_EXISTING);
        } else {
          in.transferTo(java.io.OutputStream.nullOutputStream());
        }
      }
      return HexFormat.of().formatHex(digest.digest());
    }
  }

  private void putText(String name, String text) {
    HttpResponse<Void> put =
        send(
            request(name)
                .header("Content-Type", "text/plain; charset=utf-8")
                .PUT(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8)),
            HttpResponse.BodyHandlers.discarding());
    requireStatus(put, "PUT", name, 200, 201, 204);
  }

  private HttpRequest.Builder request(String name) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(name)).timeout(timeout);
    authorization.ifPresent(a -> b.header("Authorization", a));
    return b;
  }

  private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
    HttpRequest r = request.build();
    try {
      return client.send(r, body);
    } catch (IOException e) {
      throw new PublishRefusedException(
          "expected the bundle store to answer " + r.method() + " " + r.uri() + ", found " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishRefusedException(
          "interrupted during " + r.method() + " " + r.uri(), new InterruptedIOException());
    }
  }

  private void requireStatus(HttpResponse<?> response, String method, String name, int... ok) {
    int status = response.statusCode();
    for (int expected : ok) {
      if (status == expected) {
        return;
      }
    }
    String hint =
        status == 401 || status == 403
            ? " (check the store's credentials: the URL's user info or the Authorization value)"
            : status == 405 || status == 501 ? " (does the server accept " + method + "?)" : "";
    throw new PublishRefusedException(
        "expected HTTP "
            + (ok.length == 1 ? ok[0] : java.util.Arrays.toString(ok))
            + " for "
            + method
            + " "
            + base.resolve(name)
            + ", found "
            + status
            + hint);
  }

  private static String basic(String rawUserInfo) {
    String decoded = java.net.URLDecoder.decode(rawUserInfo, StandardCharsets.UTF_8);
    return "Basic " + Base64.getEncoder().encodeToString(decoded.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code uri} without its user info, for messages and release URIs. */
  static URI withoutUserInfo(URI uri) {
    if (uri.getRawUserInfo() == null) {
      return uri;
    }
    try {
      return new URI(
          uri.getScheme(),
          null,
          uri.getHost(),
          uri.getPort(),
          uri.getPath(),
          uri.getQuery(),
          uri.getFragment());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("expected a valid http(s) URL, found an invalid one", e);
    }
  }
}
