package io.streambert.processor.rollout;

import io.streambert.processor.serving.ReleaseCoordinate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which release this instance serves: the latest release that targets it and passes every
 * check, else the bootstrap bundle of its configuration, else none.
 *
 * <p>A plain, single-threaded object (its owner serializes the calls): it is told what the release
 * topic holds ({@link #onRelease}), when the start-up read reached the end of the topic ({@link
 * #onCaughtUp}) and how each load ended ({@link #onLoaded}, {@link #onRejected}), and answers with
 * the {@link RolloutAction}s to carry out. The rules:
 *
 * <ul>
 *   <li>Nothing is loaded before the whole topic is read, so a starting instance loads only the
 *       release that applies, not the history before it.
 *   <li>One load at a time. A release that arrives while another loads is loaded next; when the
 *       earlier load ends, its model is discarded unserved (the newer wins, the older never
 *       serves).
 *   <li>A release that failed a check is never retried; the next older candidate applies (at run
 *       time that is the release already serving, so the instance keeps its model; after a restart
 *       it is the newest record left on the compacted topic that passes). A rollback is just a
 *       newer record naming an older version and passes the same checks.
 *   <li>A release rejected because its store was unavailable ({@link #onUnavailable}) rests: the
 *       next older candidate applies meanwhile, and when its owner says the wait is over ({@link
 *       #onRetryDue}) it is loaded again if it is still the newest candidate.
 *   <li>A tombstone removes the releases of its key (one key per target), so ending a canary with
 *       one moves the canary instances back to the newest release left for them.
 *   <li>A record seen twice (same coordinate), or a newer record naming the bundle already serving
 *       or loading (same version, URI and SHA-256), changes nothing.
 *   <li>Releases that do not target this instance are ignored: a canary for others leaves this
 *       instance on its version.
 * </ul>
 */
public final class ReleaseStateMachine {

  private final String instanceId;
  private final Release bootstrap;
  private final Set<ReleaseCoordinate> seen = new HashSet<>();
  private final List<Release> candidates = new ArrayList<>();
  // Candidates whose store was unavailable: how often in a row, and those waiting for a retry.
  private final Map<Release, Integer> unavailable = new HashMap<>();
  private final Set<Release> resting = new HashSet<>();
  private boolean bootstrapRejected;
  private boolean caughtUp;
  private boolean settled;
  private Release serving;
  private Release loading;

  /**
   * A machine for one instance.
   *
   * @param instanceId this instance's id, matched against the releases' targets
   * @param bootstrap the configured bundle, served while no release applies; null when none
   * @param servingBootstrap whether that bundle is already loaded and serving (the caller passed a
   *     loaded model)
   */
  public ReleaseStateMachine(String instanceId, Release bootstrap, boolean servingBootstrap) {
    this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
    if (bootstrap != null && !bootstrap.isBootstrap()) {
      throw new IllegalArgumentException("expected a bootstrap bundle, found release " + bootstrap);
    }
    if (servingBootstrap && bootstrap == null) {
      throw new IllegalArgumentException("expected a bootstrap bundle to serve, found none");
    }
    this.bootstrap = bootstrap;
    this.serving = servingBootstrap ? bootstrap : null;
  }

  /** A release record was read from the topic (during the start-up read or later). */
  public List<RolloutAction> onRelease(Release release) {
    ReleaseCoordinate at =
        release
            .coordinate()
            .orElseThrow(() -> new IllegalArgumentException("expected a release record"));
    if (!seen.add(at) || !release.target().selects(instanceId)) {
      return List.of();
    }
    candidates.add(release);
    return next(new ArrayList<>());
  }

  /**
   * A tombstone for {@code key} was read: the releases published under that key no longer apply (an
   * operator ended a canary, say). A model serving from one of them keeps serving until the release
   * that applies now has loaded.
   */
  public List<RolloutAction> onTombstone(String key) {
    candidates.removeIf(r -> r.key().filter(key::equals).isPresent());
    resting.retainAll(candidates);
    unavailable.keySet().retainAll(candidates);
    return next(new ArrayList<>());
  }

  /** The start-up read reached the end offsets of the release topic: loading may begin. */
  public List<RolloutAction> onCaughtUp() {
    caughtUp = true;
    return next(new ArrayList<>());
  }

  /** The model of {@code release}, the one being loaded, passed every check. */
  public List<RolloutAction> onLoaded(Release release) {
    requireLoading(release);
    loading = null;
    unavailable.remove(release);
    List<RolloutAction> actions = new ArrayList<>();
    Release wanted = wanted().orElse(null);
    if (covers(release, wanted)) {
      actions.add(new RolloutAction.Serve(release, serving));
      serving = release;
    } else {
      actions.add(new RolloutAction.Discard(release, wanted));
    }
    return next(actions);
  }

  /**
   * The release being loaded failed a check; it is never tried again.
   *
   * @param reason the status reason, {@code "<RejectionReason>: expected ..., found ..."}
   */
  public List<RolloutAction> onRejected(Release release, String reason) {
    requireLoading(release);
    loading = null;
    if (release.isBootstrap()) {
      bootstrapRejected = true;
    } else {
      candidates.remove(release);
      unavailable.remove(release);
    }
    List<RolloutAction> actions = new ArrayList<>();
    actions.add(new RolloutAction.Reject(release, reason));
    return next(actions);
  }

  /**
   * The release being loaded could not be fetched because its store was unavailable: it is reported
   * rejected and rests until {@link #onRetryDue}; the bootstrap bundle (a local file) is rejected
   * for good instead.
   *
   * @param reason the status reason, {@code "FETCH_FAILED: expected ..., found ..."}
   */
  public List<RolloutAction> onUnavailable(Release release, String reason) {
    if (release.isBootstrap()) {
      return onRejected(release, reason);
    }
    requireLoading(release);
    loading = null;
    int rejections = unavailable.merge(release, 1, Integer::sum);
    resting.add(release);
    List<RolloutAction> actions = new ArrayList<>();
    actions.add(new RolloutAction.Reject(release, reason));
    actions.add(new RolloutAction.RetryLater(release, rejections));
    return next(actions);
  }

  /**
   * The wait of {@code release}, rejected by {@link #onUnavailable}, is over: it is loaded again if
   * it is still the newest candidate; a newer release or a tombstone since then leaves it be.
   */
  public List<RolloutAction> onRetryDue(Release release) {
    resting.remove(release);
    return next(new ArrayList<>());
  }

  /** The release serving, when one is. */
  public Optional<Release> serving() {
    return Optional.ofNullable(serving);
  }

  /** The release being loaded, when one is. */
  public Optional<Release> loading() {
    return Optional.ofNullable(loading);
  }

  /**
   * Whether records may be processed: the whole topic was read, a model serves, and no load that
   * the start-up read asked for is still running (so the first record runs on the release that
   * applies, not on a bootstrap model it is about to replace). Once true it stays true.
   */
  public boolean settled() {
    return settled;
  }

  /**
   * The newest candidate neither rejected nor resting, else the bootstrap bundle unless rejected.
   */
  private Optional<Release> wanted() {
    Release newest = null;
    for (Release r : candidates) {
      if (resting.contains(r)) {
        continue;
      }
      if (newest == null || r.isNewerThan(newest)) {
        newest = r;
      }
    }
    if (newest == null && bootstrap != null && !bootstrapRejected) {
      newest = bootstrap;
    }
    return Optional.ofNullable(newest);
  }

  /** Adds the load that should start now, if any, and notes whether records may flow. */
  private List<RolloutAction> next(List<RolloutAction> actions) {
    Release wanted = wanted().orElse(null);
    if (caughtUp && loading == null && wanted != null && !covers(serving, wanted)) {
      loading = wanted;
      actions.add(new RolloutAction.Load(wanted));
    }
    settled = settled || (caughtUp && serving != null && loading == null);
    return actions;
  }

  /** Whether serving {@code model} serves {@code wanted}: the same release or the same bundle. */
  private static boolean covers(Release model, Release wanted) {
    return model != null && wanted != null && (model == wanted || model.sameBundleAs(wanted));
  }

  private void requireLoading(Release release) {
    if (loading != release) {
      throw new IllegalStateException(
          "expected the outcome of loading " + loading + ", found one for " + release);
    }
  }
}
