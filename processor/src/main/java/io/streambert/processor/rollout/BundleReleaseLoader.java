package io.streambert.processor.rollout;

import io.streambert.model.GoldenExamples;
import io.streambert.model.TextModel;
import io.streambert.model.bundle.BundleException;
import io.streambert.model.bundle.ModelBundle;
import io.streambert.model.encoding.InvalidTextException;
import io.streambert.processor.rollout.store.BundleFetcher;
import io.streambert.processor.rollout.store.BundleRejectedException;
import io.streambert.processor.rollout.store.FetchedBundle;
import io.streambert.processor.rollout.store.RejectionReason;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Loads a release the way every release is loaded: fetch the bundle from its store (allow-list,
 * SHA-256, safe unpack, manifest, file checksums and ONNX graph against the manifest), check that
 * the manifest names the release's version, open the model, run a warm-up pass and reproduce the
 * manifest's golden examples. The bootstrap bundle is opened from its path, with the same checks
 * after the fetch.
 *
 * <p>Every failure becomes a {@link LoadOutcome.Rejected} whose reason starts with the {@link
 * RejectionReason}; a model that failed a check is closed before the outcome returns.
 */
final class BundleReleaseLoader implements ReleaseLoader {

  /** The text of the warm-up pass: it sizes ONNX Runtime's buffers before the first batch. */
  static final String WARM_UP_TEXT = "Streambert warms up the model before it serves a batch.";

  private final BundleFetcher stores;
  private final Function<ModelBundle, TextModel> opener;

  /**
   * A loader.
   *
   * @param stores fetches release bundles (owned from now on)
   * @param opener opens a verified bundle for serving (ONNX Runtime with the configured engine)
   */
  BundleReleaseLoader(BundleFetcher stores, Function<ModelBundle, TextModel> opener) {
    this.stores = Objects.requireNonNull(stores, "stores");
    this.opener = Objects.requireNonNull(opener, "opener");
  }

  @Override
  public void close() {
    stores.close();
  }

  @Override
  public LoadOutcome load(Release release) {
    long start = System.nanoTime();
    TextModel model;
    if (release.isBootstrap()) {
      if (release.bundleUri().isEmpty()) {
        return rejected(
            RejectionReason.BUNDLE_INVALID,
            "expected a bootstrap bundle at model.bundle.path, found none configured",
            start,
            -1);
      }
      try {
        model = open(ModelBundle.open(Path.of(URI.create(release.bundleUri()))));
      } catch (BundleException e) {
        return rejected(RejectionReason.BUNDLE_INVALID, e.getMessage(), start, -1);
      } catch (RuntimeException e) {
        return rejected(RejectionReason.LOAD_FAILED, e.getMessage(), start, -1);
      }
    } else {
      try {
        FetchedBundle fetched =
            stores.fetch(URI.create(release.bundleUri()), release.sha256().orElseThrow());
        String found = fetched.bundle().manifest().modelVersion();
        if (!found.equals(release.version())) {
          return rejected(
              RejectionReason.RELEASE_MISMATCH,
              "expected a bundle of version "
                  + release.version()
                  + " (the release), found manifest version "
                  + found,
              start,
              -1);
        }
        model = open(fetched.bundle());
      } catch (BundleRejectedException e) {
        LoadOutcome.Rejected rejected = rejected(e.reason(), e.getMessage(), start, -1);
        return new LoadOutcome.Rejected(
            rejected.reason(), rejected.loadMillis(), -1, e.transientFailure());
      } catch (RuntimeException e) {
        return rejected(RejectionReason.LOAD_FAILED, e.getMessage(), start, -1);
      }
    }
    long loaded = System.nanoTime();
    try {
      warmUp(model);
    } catch (InvalidTextException | RuntimeException e) {
      model.close();
      return rejected(
          RejectionReason.WARMUP_FAILED,
          "expected a prediction for the warm-up text, found " + e,
          start,
          loaded);
    }
    GoldenExamples.Result golden;
    try {
      golden = GoldenExamples.check(model);
    } catch (RuntimeException e) {
      model.close();
      return rejected(
          RejectionReason.GOLDEN_MISMATCH, "cannot run the golden examples: " + e, start, loaded);
    }
    if (!golden.passed()) {
      model.close();
      return rejected(
          RejectionReason.GOLDEN_MISMATCH,
          "expected the "
              + golden.examples()
              + " golden examples of the manifest reproduced, found "
              + golden.mismatches().size()
              + " different: "
              + golden.mismatches(),
          start,
          loaded);
    }
    long checked = System.nanoTime();
    return new LoadOutcome.Loaded(model, millis(start, loaded), millis(loaded, checked));
  }

  private TextModel open(ModelBundle bundle) {
    return opener.apply(bundle);
  }

  private static void warmUp(TextModel model) throws InvalidTextException {
    int predictions = model.predict(List.of(model.encode(WARM_UP_TEXT))).size();
    if (predictions != 1) {
      throw new IllegalStateException("expected 1 prediction, found " + predictions);
    }
  }

  private static LoadOutcome.Rejected rejected(
      RejectionReason reason, String detail, long start, long loaded) {
    long end = System.nanoTime();
    return loaded < 0
        ? new LoadOutcome.Rejected(reason + ": " + detail, millis(start, end), -1)
        : new LoadOutcome.Rejected(
            reason + ": " + detail, millis(start, loaded), millis(loaded, end));
  }

  private static long millis(long fromNanos, long toNanos) {
    return (toNanos - fromNanos) / 1_000_000;
  }
}
