package io.streambert.processor.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.model.OnnxTextModel;
import io.streambert.model.TextModel;
import io.streambert.model.bundle.ModelBundle;
import io.streambert.model.decoding.SentimentPrediction;
import io.streambert.model.inference.EngineConfig;
import io.streambert.model.inference.ExecutionProvider;
import io.streambert.processor.it.ItFiles;
import io.streambert.processor.it.RolloutBundles;
import io.streambert.processor.rollout.store.BundleFetcher;
import io.streambert.processor.rollout.store.BundleStoreSettings;
import io.streambert.processor.serving.ReleaseCoordinate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every check a release goes through, on real MiniLM bundles with ONNX Runtime: each failure is a
 * rejection whose reason names the check, what was expected and what was found.
 */
class BundleReleaseLoaderIT {

  private static final String GOLDEN_TEXT = "The film was a delight from start to finish.";

  private static Path workDir;
  private static RolloutBundles bundles;
  private static RolloutBundles.Stored v1;
  private static String v1Label;
  private static BundleReleaseLoader loader;

  @BeforeAll
  static void build() throws Exception {
    workDir = Files.createTempDirectory("bundle-release-loader-it-");
    bundles = new RolloutBundles(workDir);
    v1 = bundles.miniLm("loader-v1", 42L);
    try (TextModel model = open(ModelBundle.open(bundles.folder("loader-v1")))) {
      v1Label =
          model
              .predict(List.of(model.encode(GOLDEN_TEXT)))
              .get(0)
              .sentiment()
              .map(SentimentPrediction::label)
              .orElseThrow();
    }
    loader =
        new BundleReleaseLoader(
            BundleFetcher.open(
                BundleStoreSettings.defaults(
                    workDir.resolve("cache"), List.of(bundles.trustedPrefix()))),
            BundleReleaseLoaderIT::open);
  }

  @AfterAll
  static void clean() {
    loader.close();
    ItFiles.deleteRecursively(workDir);
  }

  private static TextModel open(ModelBundle bundle) {
    return OnnxTextModel.load(
        bundle, EngineConfig.builder().provider(ExecutionProvider.CPU).build());
  }

  private static Release release(String version, String uri, String sha256) {
    return new Release(
        Optional.of(new ReleaseCoordinate("model-releases", 0, 1)),
        Optional.of("all"),
        version,
        uri,
        Optional.of(sha256),
        ReleaseTarget.all(),
        Instant.now());
  }

  private static Release release(RolloutBundles.Stored stored) {
    return release(stored.version(), stored.uri(), stored.sha256());
  }

  private static String rejection(Release release) {
    LoadOutcome outcome = loader.load(release);
    assertThat(outcome).isInstanceOf(LoadOutcome.Rejected.class);
    return ((LoadOutcome.Rejected) outcome).reason();
  }

  @Test
  void shouldLoadAndCheckAGoodRelease() {
    LoadOutcome outcome = loader.load(release(v1));

    assertThat(outcome).isInstanceOf(LoadOutcome.Loaded.class);
    try (TextModel model = ((LoadOutcome.Loaded) outcome).model()) {
      assertThat(model.version()).isEqualTo("loader-v1");
      assertThat(outcome.loadMillis()).isNotNegative();
      assertThat(outcome.checkMillis()).isNotNegative();
    }
  }

  @Test
  void shouldRejectAUriOutsideTheTrustedStoresWithoutFetchingIt() {
    assertThat(rejection(release("loader-x", "file:///etc/passwd", v1.sha256())))
        .startsWith("UNTRUSTED_URI: ");
  }

  @Test
  void shouldRejectABundleThatCannotBeFetched() {
    // A SHA-256 no cached bundle has: the fetcher must go to the store.
    String missing = bundles.trustedPrefix() + "no-such-bundle.zip";

    assertThat(rejection(release("loader-x", missing, "1".repeat(64))))
        .startsWith("FETCH_FAILED: ")
        .contains("no-such-bundle.zip");
  }

  @Test
  void shouldRejectABundleWhoseSha256DiffersFromTheRelease() {
    String reason = rejection(release(v1.version(), v1.uri(), "0".repeat(64)));

    assertThat(reason).startsWith("SHA256_MISMATCH: ").contains("0".repeat(64), v1.sha256());
  }

  @Test
  void shouldRejectABundleWhoseManifestContradictsItsOnnxGraph() throws Exception {
    RolloutBundles.Stored bad = bundles.contradictingManifest("loader-contradicting", v1);

    assertThat(rejection(release(bad))).startsWith("BUNDLE_INVALID: ").contains("token_ids");
  }

  @Test
  void shouldRejectABundleWhoseManifestNamesAnotherVersionThanTheRelease() {
    String reason = rejection(release("loader-v9", v1.uri(), v1.sha256()));

    assertThat(reason)
        .isEqualTo(
            "RELEASE_MISMATCH: expected a bundle of version loader-v9 (the release), found manifest"
                + " version loader-v1");
  }

  @Test
  void shouldRejectAModelThatDoesNotReproduceItsGoldenExamples() throws Exception {
    String other = v1Label.equals("positive") ? "negative" : "positive";
    RolloutBundles.Stored bad =
        bundles.withManifest(
            "loader-golden",
            v1,
            m ->
                m.putArray("goldenExamples")
                    .addObject()
                    .put("text", GOLDEN_TEXT)
                    .put("sentiment", other));

    String reason = rejection(release(bad));

    assertThat(reason).startsWith("GOLDEN_MISMATCH: ").contains(other, v1Label);
  }

  @Test
  void shouldAcceptAModelThatReproducesItsGoldenExamples() throws Exception {
    RolloutBundles.Stored good =
        bundles.withManifest(
            "loader-golden-ok",
            v1,
            m ->
                m.putArray("goldenExamples")
                    .addObject()
                    .put("text", GOLDEN_TEXT)
                    .put("sentiment", v1Label));

    LoadOutcome outcome = loader.load(release(good));

    assertThat(outcome).isInstanceOf(LoadOutcome.Loaded.class);
    ((LoadOutcome.Loaded) outcome).model().close();
  }
}
