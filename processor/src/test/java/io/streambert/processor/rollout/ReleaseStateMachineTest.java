package io.streambert.processor.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambert.processor.rollout.RolloutAction.Discard;
import io.streambert.processor.rollout.RolloutAction.Load;
import io.streambert.processor.rollout.RolloutAction.Reject;
import io.streambert.processor.rollout.RolloutAction.RetryLater;
import io.streambert.processor.rollout.RolloutAction.Serve;
import io.streambert.processor.serving.ReleaseCoordinate;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReleaseStateMachineTest {

  private static final String ME = "processor-a";
  private static final Release BOOTSTRAP =
      Release.bootstrap("v0", Optional.of(Path.of("/srv/bundles/v0.zip")));

  private static Release release(long offset, String version, ReleaseTarget target) {
    return new Release(
        Optional.of(new ReleaseCoordinate("model-releases", 0, offset)),
        Optional.of(target.toString()),
        version,
        "file:///srv/bundles/" + version + ".zip",
        Optional.of("sha-" + version),
        target,
        Instant.ofEpochMilli(1_000 + offset));
  }

  private static Release release(long offset, String version) {
    return release(offset, version, ReleaseTarget.all());
  }

  /** A machine that read {@code topic} at start and serves whatever that asked it to load. */
  private static ReleaseStateMachine startedOn(Release... topic) {
    ReleaseStateMachine machine = new ReleaseStateMachine(ME, BOOTSTRAP, false);
    for (Release r : topic) {
      assertThat(machine.onRelease(r)).isEmpty();
    }
    List<RolloutAction> actions = machine.onCaughtUp();
    assertThat(actions).hasSize(1).first().isInstanceOf(Load.class);
    machine.onLoaded(((Load) actions.get(0)).release());
    return machine;
  }

  @Test
  void shouldLoadOnlyTheLatestReleaseOnceTheStartUpReadEnds() {
    // Given the topic holds v1 then v2
    ReleaseStateMachine machine = new ReleaseStateMachine(ME, BOOTSTRAP, false);
    Release v1 = release(0, "v1");
    Release v2 = release(1, "v2");

    // When they are read at start, nothing loads until the read reaches the end
    assertThat(machine.onRelease(v1)).isEmpty();
    assertThat(machine.onRelease(v2)).isEmpty();
    assertThat(machine.settled()).isFalse();

    // Then only v2 loads, and serves once it passed its checks
    assertThat(machine.onCaughtUp()).containsExactly(new Load(v2));
    assertThat(machine.settled()).isFalse();
    assertThat(machine.onLoaded(v2)).containsExactly(new Serve(v2, null));
    assertThat(machine.serving()).contains(v2);
    assertThat(machine.settled()).isTrue();
  }

  @Test
  void shouldServeTheBootstrapBundleWhenNoReleaseTargetsThisInstance() {
    ReleaseStateMachine machine = new ReleaseStateMachine(ME, BOOTSTRAP, false);
    machine.onRelease(release(0, "canary", ReleaseTarget.instances("processor-b")));

    assertThat(machine.onCaughtUp()).containsExactly(new Load(BOOTSTRAP));
    assertThat(machine.onLoaded(BOOTSTRAP)).containsExactly(new Serve(BOOTSTRAP, null));
    assertThat(machine.settled()).isTrue();
  }

  @Test
  void shouldStayUnreadyWithNeitherAReleaseNorABootstrapBundle() {
    ReleaseStateMachine machine = new ReleaseStateMachine(ME, null, false);

    assertThat(machine.onCaughtUp()).isEmpty();
    assertThat(machine.settled()).isFalse();
    assertThat(machine.serving()).isEmpty();

    // A first release makes it load and then ready
    Release v1 = release(0, "v1");
    assertThat(machine.onRelease(v1)).containsExactly(new Load(v1));
    assertThat(machine.onLoaded(v1)).containsExactly(new Serve(v1, null));
    assertThat(machine.settled()).isTrue();
  }

  @Test
  void shouldNotBeSettledWhileTheReleaseReplacingAGivenBootstrapModelLoads() {
    // Given the caller passed a loaded bootstrap model and the topic holds v1
    ReleaseStateMachine machine = new ReleaseStateMachine(ME, BOOTSTRAP, true);
    Release v1 = release(0, "v1");
    machine.onRelease(v1);

    // Then v1 loads before any record is processed
    assertThat(machine.onCaughtUp()).containsExactly(new Load(v1));
    assertThat(machine.settled()).isFalse();
    assertThat(machine.onLoaded(v1)).containsExactly(new Serve(v1, BOOTSTRAP));
    assertThat(machine.settled()).isTrue();
  }

  @Test
  void shouldBeSettledAtOnceOnAGivenBootstrapModelWhenNoReleaseApplies() {
    ReleaseStateMachine machine = new ReleaseStateMachine(ME, BOOTSTRAP, true);

    assertThat(machine.onCaughtUp()).isEmpty();
    assertThat(machine.serving()).contains(BOOTSTRAP);
    assertThat(machine.settled()).isTrue();
  }

  @Test
  void shouldSwapToANewReleaseArrivingWhileServing() {
    Release v1 = release(0, "v1");
    ReleaseStateMachine machine = startedOn(v1);
    Release v2 = release(1, "v2");

    assertThat(machine.onRelease(v2)).containsExactly(new Load(v2));
    assertThat(machine.serving()).contains(v1);
    assertThat(machine.settled()).isTrue();
    assertThat(machine.onLoaded(v2)).containsExactly(new Serve(v2, v1));
    assertThat(machine.serving()).contains(v2);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "UNTRUSTED_URI: expected a URI under file:///srv/bundles/, found http://evil/v2.zip",
        "FETCH_FAILED: expected HTTP 200 from http://store/v2.zip, found 404",
        "SHA256_MISMATCH: expected SHA-256 aa.., found bb..",
        "BUNDLE_INVALID: model.onnx: expected input 'input_ids' (manifest.json), found [ids]",
        "GOLDEN_MISMATCH: expected \"great\" positive, found negative"
      })
  void shouldKeepServingTheCurrentReleaseWhenANewOneIsRejected(String reason) {
    Release v1 = release(0, "v1");
    ReleaseStateMachine machine = startedOn(v1);
    Release bad = release(1, "v2-bad");
    String why = reason;

    assertThat(machine.onRelease(bad)).containsExactly(new Load(bad));
    assertThat(machine.onRejected(bad, why)).containsExactly(new Reject(bad, why));
    assertThat(machine.serving()).contains(v1);
    assertThat(machine.loading()).isEmpty();
  }

  @Test
  void shouldNeverRetryARejectedRelease() {
    Release v1 = release(0, "v1");
    ReleaseStateMachine machine = startedOn(v1);
    Release bad = release(1, "v2-bad");
    machine.onRelease(bad);
    machine.onRejected(bad, "SHA256_MISMATCH: expected a, found b");

    // A later, unrelated load ending does not bring the rejected release back
    Release v3 = release(2, "v3");
    assertThat(machine.onRelease(v3)).containsExactly(new Load(v3));
    String why = "FETCH_FAILED: expected 200, found 404";
    assertThat(machine.onRejected(v3, why)).containsExactly(new Reject(v3, why));
    assertThat(machine.serving()).contains(v1);
  }

  @Test
  void shouldLoadAReleaseWhoseStoreWasUnavailableAgainWhenItsWaitIsOver() {
    // Given v1 serving and v2 arriving while its store is down
    Release v1 = release(0, "v1");
    ReleaseStateMachine machine = startedOn(v1);
    Release v2 = release(1, "v2");
    String why = "FETCH_FAILED: expected the store to deliver v2, found it unavailable";
    assertThat(machine.onRelease(v2)).containsExactly(new Load(v2));

    // When its load fails twice for the store, then succeeds
    assertThat(machine.onUnavailable(v2, why))
        .containsExactly(new Reject(v2, why), new RetryLater(v2, 1));
    assertThat(machine.serving()).contains(v1);
    assertThat(machine.loading()).isEmpty();
    assertThat(machine.onRetryDue(v2)).containsExactly(new Load(v2));
    assertThat(machine.onUnavailable(v2, why))
        .containsExactly(new Reject(v2, why), new RetryLater(v2, 2));
    assertThat(machine.onRetryDue(v2)).containsExactly(new Load(v2));

    // Then v2 serves without a new release record, and a later outage counts from 1 again
    assertThat(machine.onLoaded(v2)).containsExactly(new Serve(v2, v1));
    Release v3 = release(2, "v3");
    machine.onRelease(v3);
    assertThat(machine.onUnavailable(v3, why)).contains(new RetryLater(v3, 1));
  }

  @Test
  void shouldNotLoadAReleaseWhoseStoreWasUnavailableOnceANewerOneArrived() {
    Release v1 = release(0, "v1");
    ReleaseStateMachine machine = startedOn(v1);
    Release v2 = release(1, "v2");
    machine.onRelease(v2);
    machine.onUnavailable(v2, "FETCH_FAILED: expected the store to deliver v2, found 503");

    Release v3 = release(2, "v3");
    assertThat(machine.onRelease(v3)).containsExactly(new Load(v3));
    assertThat(machine.onLoaded(v3)).containsExactly(new Serve(v3, v1));

    assertThat(machine.onRetryDue(v2)).isEmpty();
    assertThat(machine.serving()).contains(v3);
  }

  @Test
  void shouldServeTheNextOlderReleaseWhileTheLatestWaitsForItsStoreAtStart() {
    ReleaseStateMachine machine = new ReleaseStateMachine(ME, null, false);
    Release v1 = release(0, "v1");
    Release v2 = release(1, "v2");
    machine.onRelease(v1);
    machine.onRelease(v2);
    assertThat(machine.onCaughtUp()).containsExactly(new Load(v2));
    String why = "FETCH_FAILED: expected the store to deliver v2, found it unavailable";

    assertThat(machine.onUnavailable(v2, why))
        .containsExactly(new Reject(v2, why), new RetryLater(v2, 1), new Load(v1));
    assertThat(machine.onLoaded(v1)).containsExactly(new Serve(v1, null));
    assertThat(machine.settled()).isTrue();
    assertThat(machine.onRetryDue(v2)).containsExactly(new Load(v2));
  }

  @Test
  void shouldRejectTheBootstrapBundleForGoodEvenWhenUnavailable() {
    ReleaseStateMachine machine = new ReleaseStateMachine(ME, BOOTSTRAP, false);
    assertThat(machine.onCaughtUp()).containsExactly(new Load(BOOTSTRAP));

    assertThat(machine.onUnavailable(BOOTSTRAP, "FETCH_FAILED: unreadable"))
        .containsExactly(new Reject(BOOTSTRAP, "FETCH_FAILED: unreadable"));
    assertThat(machine.onRetryDue(BOOTSTRAP)).isEmpty();
  }

  @Test
  void shouldFallBackToTheNextOlderReleaseWhenTheLatestIsRejectedAtStart() {
    // Given the topic holds v1 (accepted before a restart) and a newer bad release
    ReleaseStateMachine machine = new ReleaseStateMachine(ME, BOOTSTRAP, false);
    Release v1 = release(0, "v1", ReleaseTarget.instances(ME));
    Release bad = release(1, "v2-bad");
    machine.onRelease(v1);
    machine.onRelease(bad);

    // When the bad one is rejected, v1 loads, and the bootstrap bundle is never needed
    assertThat(machine.onCaughtUp()).containsExactly(new Load(bad));
    String why = "INVALID_BUNDLE: expected input x, found y";
    assertThat(machine.onRejected(bad, why)).containsExactly(new Reject(bad, why), new Load(v1));
    assertThat(machine.onLoaded(v1)).containsExactly(new Serve(v1, null));
  }

  @Test
  void shouldFallBackToTheBootstrapBundleWhenEveryReleaseIsRejected() {
    ReleaseStateMachine machine = new ReleaseStateMachine(ME, BOOTSTRAP, false);
    Release bad = release(0, "v1-bad");
    machine.onRelease(bad);
    machine.onCaughtUp();
    String why = "FETCH_FAILED: expected a file, found none";

    assertThat(machine.onRejected(bad, why))
        .containsExactly(new Reject(bad, why), new Load(BOOTSTRAP));
  }

  @Test
  void shouldRollBackToAnEarlierVersionThroughTheSameLoad() {
    Release v1 = release(0, "v1");
    Release v2 = release(1, "v2");
    ReleaseStateMachine machine = startedOn(v1, v2);
    assertThat(machine.serving()).contains(v2);

    // A newer record naming v1's bundle again
    Release rollback = release(2, "v1");

    assertThat(machine.onRelease(rollback)).containsExactly(new Load(rollback));
    assertThat(machine.onLoaded(rollback)).containsExactly(new Serve(rollback, v2));
  }

  @Test
  void shouldRejectARollbackThatFailsItsChecksAndKeepServing() {
    Release v1 = release(0, "v1");
    Release v2 = release(1, "v2");
    ReleaseStateMachine machine = startedOn(v1, v2);
    Release rollback = release(2, "v1");
    machine.onRelease(rollback);
    String why = "GOLDEN_EXAMPLES_DIFFER: expected a, found b";

    assertThat(machine.onRejected(rollback, why)).containsExactly(new Reject(rollback, why));
    assertThat(machine.serving()).contains(v2);
  }

  @Test
  void shouldIgnoreARecordSeenTwice() {
    Release v1 = release(0, "v1");
    ReleaseStateMachine machine = startedOn(v1);

    assertThat(machine.onRelease(release(0, "v1"))).isEmpty();
    assertThat(machine.serving()).contains(v1);
    assertThat(machine.loading()).isEmpty();
  }

  @Test
  void shouldNotReloadANewerRecordOfTheBundleAlreadyServing() {
    Release v1 = release(0, "v1");
    ReleaseStateMachine machine = startedOn(v1);

    assertThat(machine.onRelease(release(5, "v1"))).isEmpty();
    assertThat(machine.serving()).contains(v1);
    assertThat(machine.loading()).isEmpty();
  }

  @Test
  void shouldServeTheNewerReleaseAndDiscardTheOlderOneLoadingWhenItArrived() {
    Release v1 = release(0, "v1");
    ReleaseStateMachine machine = startedOn(v1);
    Release v2 = release(1, "v2");
    Release v3 = release(2, "v3");

    // When v3 arrives while v2 loads
    assertThat(machine.onRelease(v2)).containsExactly(new Load(v2));
    assertThat(machine.onRelease(v3)).isEmpty();
    assertThat(machine.loading()).contains(v2);

    // Then v2 is discarded unserved, v3 loads and serves, replacing v1
    assertThat(machine.onLoaded(v2)).containsExactly(new Discard(v2, v3), new Load(v3));
    assertThat(machine.serving()).contains(v1);
    assertThat(machine.onLoaded(v3)).containsExactly(new Serve(v3, v1));
  }

  @Test
  void shouldLoadTheNewerReleaseWhenTheOlderOneLoadingFails() {
    Release v1 = release(0, "v1");
    ReleaseStateMachine machine = startedOn(v1);
    Release v2 = release(1, "v2");
    Release v3 = release(2, "v3");
    machine.onRelease(v2);
    machine.onRelease(v3);
    String why = "LOAD_FAILED: expected an ONNX model, found x";

    assertThat(machine.onRejected(v2, why)).containsExactly(new Reject(v2, why), new Load(v3));
  }

  @Test
  void shouldServeALoadWhoseBundleANewerRecordRepeats() {
    Release v1 = release(0, "v1");
    ReleaseStateMachine machine = startedOn(v1);
    Release v2 = release(1, "v2");
    machine.onRelease(v2);

    // The same bundle announced again while it loads
    assertThat(machine.onRelease(release(2, "v2"))).isEmpty();

    assertThat(machine.onLoaded(v2)).containsExactly(new Serve(v2, v1));
    assertThat(machine.loading()).isEmpty();
  }

  @Test
  void shouldLoadACanaryOnlyOnTheInstancesItNames() {
    Release v1 = release(0, "v1");
    Release canary = release(1, "v2", ReleaseTarget.instances("processor-b"));
    ReleaseStateMachine me = startedOn(v1);
    ReleaseStateMachine other = new ReleaseStateMachine("processor-b", BOOTSTRAP, false);
    other.onRelease(v1);
    other.onLoaded(((Load) other.onCaughtUp().get(0)).release());

    assertThat(me.onRelease(canary)).isEmpty();
    assertThat(other.onRelease(canary)).containsExactly(new Load(canary));
    assertThat(me.serving()).contains(v1);
  }

  @Test
  void shouldMoveACanaryInstanceToTheNextReleaseForAll() {
    Release v1 = release(0, "v1");
    Release canary = release(1, "v2", ReleaseTarget.instances(ME));
    ReleaseStateMachine machine = startedOn(v1, canary);
    assertThat(machine.serving()).contains(canary);

    Release v3 = release(2, "v3");
    assertThat(machine.onRelease(v3)).containsExactly(new Load(v3));
  }

  @Test
  void shouldComeBackOnItsLatestAcceptedReleaseAfterARestart() {
    // Given the compacted topic kept one release per target: all -> v1, a canary for me -> v2,
    // and a canary for another instance -> v3, published in that order
    Release all = release(0, "v1");
    Release mine = release(1, "v2", ReleaseTarget.instances(ME));
    Release theirs = release(2, "v3", ReleaseTarget.instances("processor-b"));

    // When a fresh machine reads it at start (a restarted instance)
    ReleaseStateMachine restarted = startedOn(all, mine, theirs);

    // Then it serves its canary, and the other instance's canary is not loaded
    assertThat(restarted.serving()).contains(mine);
  }

  @Test
  void shouldMoveBackToTheReleaseForAllWhenTheCanaryKeyIsTombstoned() {
    Release v1 = release(0, "v1");
    Release canary = release(1, "v2", ReleaseTarget.instances(ME));
    ReleaseStateMachine machine = startedOn(v1, canary);

    // When the operator ends the canary with a tombstone for its key
    List<RolloutAction> actions = machine.onTombstone(canary.key().orElseThrow());

    // Then the release for all loads again and replaces the canary
    assertThat(actions).containsExactly(new Load(v1));
    assertThat(machine.serving()).contains(canary);
    assertThat(machine.onLoaded(v1)).containsExactly(new Serve(v1, canary));
  }

  @Test
  void shouldIgnoreATombstoneOfAKeyWithoutReleasesForThisInstance() {
    Release v1 = release(0, "v1");
    ReleaseStateMachine machine = startedOn(v1);

    assertThat(machine.onTombstone("instances:processor-b")).isEmpty();
    assertThat(machine.serving()).contains(v1);
  }

  @Test
  void shouldRefuseTheOutcomeOfALoadItDidNotAskFor() {
    ReleaseStateMachine machine = startedOn(release(0, "v1"));

    assertThatThrownBy(() -> machine.onLoaded(release(9, "v9")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("expected the outcome of loading null");
  }
}
