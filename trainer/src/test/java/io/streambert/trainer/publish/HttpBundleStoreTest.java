package io.streambert.trainer.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambert.model.bundle.Checksums;
import io.streambert.model.bundle.ModelBundle;
import io.streambert.model.testing.TestBundles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing bundle zips to a real HTTP server that accepts PUT, and reading them back. */
class HttpBundleStoreTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private Path zip(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  private static ModelVersion v(String s) {
    return ModelVersion.parse(s);
  }

  @Test
  void shouldUploadARealBundleThatAPlainGetFetchesAndOpens() throws Exception {
    // Given a server accepting PUT under /bundles/ and a real bundle zip
    Path zip = TestBundles.miniLmBothTasks().zip(dir.resolve("bundle.zip"));
    String sha = Checksums.sha256(zip);
    try (PutServer server = new PutServer(Optional.empty(), true)) {
      HttpBundleStore store =
          new HttpBundleStore(server.uri("/bundles"), Optional.empty(), TIMEOUT);

      // When the bundle is published as version 1.0.0
      StoredBundle stored = store.put(v("1.0.0"), zip, sha);

      // Then the release URI is the zip's URL, and a plain GET of it (as processors fetch) gives
      // the same bytes, which open as the bundle
      assertThat(stored.uri()).isEqualTo(server.uri("/bundles/1.0.0.zip"));
      Path fetched = dir.resolve("fetched.zip");
      HttpResponse<Path> got =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(stored.uri()).GET().build(),
                  HttpResponse.BodyHandlers.ofFile(fetched));
      assertThat(got.statusCode()).isEqualTo(200);
      assertThat(Checksums.sha256(fetched)).isEqualTo(sha);
      assertThat(ModelBundle.open(fetched).manifest().modelVersion())
          .isEqualTo(TestBundles.VERSION);

      // And the checksum file and the index were written beside it
      assertThat(new String(server.file("/bundles/1.0.0.zip.sha256").orElseThrow(), UTF8))
          .isEqualTo(sha + "  1.0.0.zip\n");
      assertThat(new String(server.file("/bundles/index.txt").orElseThrow(), UTF8))
          .isEqualTo("1.0.0 " + sha + "\n");
      assertThat(store.list()).containsExactly(stored);
    }
  }

  @Test
  void shouldListEveryPutVersionInOrderAndDownloadOneVerified() throws Exception {
    try (PutServer server = new PutServer(Optional.empty(), true)) {
      HttpBundleStore store = new HttpBundleStore(server.uri("/s/"), Optional.empty(), TIMEOUT);
      Path a = zip("a.zip", "first");
      Path b = zip("b.zip", "second");

      StoredBundle first = store.put(v("1.9"), a, Checksums.sha256(a));
      StoredBundle second = store.put(v("1.10"), b, Checksums.sha256(b));

      assertThat(store.list()).containsExactly(first, second);
      assertThat(store.latest()).contains(second);
      Path copy = store.download(first, dir.resolve("copy.zip"));
      assertThat(copy).hasContent("first");
    }
  }

  @Test
  void shouldNotDownloadABundleFromOutsideTheStore() throws Exception {
    try (PutServer server = new PutServer(Optional.of("Bearer t0ken"), true)) {
      HttpBundleStore store =
          new HttpBundleStore(server.uri("/s/"), Optional.of("Bearer t0ken"), TIMEOUT);
      StoredBundle elsewhere = new StoredBundle(v("1"), server.uri("/other/1.zip"), "0".repeat(64));

      assertThatThrownBy(() -> store.download(elsewhere, dir.resolve("copy.zip")))
          .isInstanceOf(PublishRefusedException.class)
          .hasMessage(
              "expected a bundle under the store "
                  + server.uri("/s/")
                  + ", found "
                  + server.uri("/other/1.zip"));
      assertThat(server.requests()).isEmpty();
    }
  }

  @Test
  void shouldRefuseExistingVersionWithoutUploading() throws Exception {
    try (PutServer server = new PutServer(Optional.empty(), true)) {
      HttpBundleStore store = new HttpBundleStore(server.uri("/s/"), Optional.empty(), TIMEOUT);
      Path a = zip("a.zip", "first");
      Path other = zip("other.zip", "different bytes");
      store.put(v("3"), a, Checksums.sha256(a));

      assertThatThrownBy(() -> store.put(v("3"), other, Checksums.sha256(other)))
          .isInstanceOf(PublishRefusedException.class)
          .hasMessage(
              "version 3 already exists in the bundle store "
                  + server.uri("/s/")
                  + " (HEAD "
                  + server.uri("/s/3.zip")
                  + " answered 200); versions are never overwritten, publish a newer one");
      assertThat(server.requests()).filteredOn(r -> r.equals("PUT /s/3.zip")).hasSize(1);
      assertThat(server.file("/s/3.zip")).hasValue("first".getBytes(UTF8));
    }
  }

  @Test
  void shouldRefuseVersionNotNewerThanTheIndexedLatest() throws Exception {
    try (PutServer server = new PutServer(Optional.empty(), true)) {
      HttpBundleStore store = new HttpBundleStore(server.uri("/s/"), Optional.empty(), TIMEOUT);
      Path a = zip("a.zip", "first");
      store.put(v("2.0"), a, Checksums.sha256(a));

      assertThatThrownBy(() -> store.put(v("1.99"), a, Checksums.sha256(a)))
          .isInstanceOf(PublishRefusedException.class)
          .hasMessageContaining("expected a version newer than the latest")
          .hasMessageContaining("2.0, found 1.99");
    }
  }

  @Test
  void shouldRefuseWhenVersionAppearsBetweenCheckAndUpload() throws Exception {
    try (PutServer server = new PutServer(Optional.empty(), true)) {
      HttpBundleStore store = new HttpBundleStore(server.uri("/s/"), Optional.empty(), TIMEOUT);
      Path a = zip("a.zip", "mine");
      // Another publisher's zip that an index does not list yet: HEAD finds it
      server.put("/s/4.zip", "theirs".getBytes(UTF8));

      assertThatThrownBy(() -> store.put(v("4"), a, Checksums.sha256(a)))
          .isInstanceOf(PublishRefusedException.class)
          .hasMessageContaining("version 4 already exists");
      assertThat(server.file("/s/4.zip")).hasValue("theirs".getBytes(UTF8));
    }
  }

  @Test
  void shouldRefuseWhenTheStoredBytesDoNotHashToTheGivenSha256() throws Exception {
    try (PutServer server = new PutServer(Optional.empty(), true)) {
      HttpBundleStore store = new HttpBundleStore(server.uri("/s/"), Optional.empty(), TIMEOUT);
      Path a = zip("a.zip", "first");
      String wrong = "0".repeat(64);

      assertThatThrownBy(() -> store.put(v("5"), a, wrong))
          .isInstanceOf(PublishRefusedException.class)
          .hasMessage(
              "expected "
                  + server.uri("/s/5.zip")
                  + " to have SHA-256 "
                  + wrong
                  + " after the upload, found "
                  + Checksums.sha256(a)
                  + " (did the file change while publishing, or does the store alter uploads?)");
      assertThat(server.file("/s/index.txt")).isEmpty();
    }
  }

  @Test
  void shouldSendUserInfoAsBasicCredentialsAndKeepThemOutOfUrisAndMessages() throws Exception {
    String basic = "Basic " + Base64.getEncoder().encodeToString("ci:s3cret".getBytes(UTF8));
    try (PutServer server = new PutServer(Optional.of(basic), true)) {
      URI plain = server.uri("/s/");
      URI withUser = URI.create(plain.toString().replace("http://", "http://ci:s3cret@"));
      Path a = zip("a.zip", "first");

      StoredBundle stored =
          new HttpBundleStore(withUser, Optional.empty(), TIMEOUT).put(v("1"), a, sha(a));

      assertThat(stored.uri()).isEqualTo(server.uri("/s/1.zip"));
      HttpBundleStore wrong =
          new HttpBundleStore(
              URI.create(plain.toString().replace("http://", "http://ci:wrong@")),
              Optional.empty(),
              TIMEOUT);
      assertThat(wrong.location()).isEqualTo(plain);
      assertThatThrownBy(() -> wrong.put(v("2"), a, sha(a)))
          .isInstanceOf(PublishRefusedException.class)
          .hasMessage(
              "expected HTTP 404 for HEAD "
                  + server.uri("/s/2.zip")
                  + ", found 401 (check the store's credentials: the URL's user info or the"
                  + " Authorization value)");
    }
  }

  @Test
  void shouldSendTheGivenAuthorizationValue() throws Exception {
    try (PutServer server = new PutServer(Optional.of("Bearer t0ken"), true)) {
      Path a = zip("a.zip", "first");

      StoredBundle stored =
          new HttpBundleStore(server.uri("/s/"), Optional.of("Bearer t0ken"), TIMEOUT)
              .put(v("1"), a, sha(a));

      assertThat(server.file("/s/1.zip")).hasValue("first".getBytes(UTF8));
      assertThat(stored.sha256()).isEqualTo(sha(a));
    }
  }

  @Test
  void shouldSayWhichRequestFailedWhenServerRefusesPut() throws Exception {
    // Given a read-only server: GET and HEAD work, PUT is not allowed
    try (PutServer server = new PutServer(Optional.empty(), false)) {
      HttpBundleStore store = new HttpBundleStore(server.uri("/s/"), Optional.empty(), TIMEOUT);
      Path a = zip("a.zip", "first");

      assertThatThrownBy(() -> store.put(v("1"), a, sha(a)))
          .isInstanceOf(PublishRefusedException.class)
          .hasMessage(
              "expected HTTP [200, 201, 204] for PUT "
                  + server.uri("/s/1.zip")
                  + ", found 405 (does the server accept PUT?)");
    }
  }

  @Test
  void shouldRefuseAUrlThatIsNoHttpFolder() {
    assertThatThrownBy(
            () ->
                new HttpBundleStore(
                    URI.create("http://u:pw@host/b?x=1"), Optional.empty(), TIMEOUT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "expected an http(s) URL of the bundle store's folder without query or fragment,"
                + " found http://host/b?x=1");
  }

  private static String sha(Path p) throws IOException {
    return Checksums.sha256(p);
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;
}
