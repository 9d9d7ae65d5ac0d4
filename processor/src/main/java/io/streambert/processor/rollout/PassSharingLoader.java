package io.streambert.processor.rollout;

import io.streambert.processor.serving.PassLimiter;
import java.time.Duration;
import java.util.Objects;

/**
 * Loads a release while holding one of the instance's pass permits.
 *
 * <p>Loading is a single thread of CPU work (hashing, unpacking, ONNX Runtime's graph optimization)
 * beside every pass the instance runs. On a busy host it got one thread's share among all of them,
 * so a load that takes under a second on an idle machine took five on a loaded one while the old
 * model kept serving. Holding a permit makes it one pass among the passes for that time: the
 * release serves sooner, and serving runs one pass fewer at once while it loads.
 */
final class PassSharingLoader implements ReleaseLoader {

  /** How long a load waits for a permit before it runs without one. */
  static final Duration PERMIT_WAIT = Duration.ofSeconds(2);

  private final ReleaseLoader loader;
  private final PassLimiter passes;

  PassSharingLoader(ReleaseLoader loader, PassLimiter passes) {
    this.loader = Objects.requireNonNull(loader, "loader");
    this.passes = Objects.requireNonNull(passes, "passes");
  }

  @Override
  public LoadOutcome load(Release release) {
    try (PassLimiter.Hold held = passes.holdOneBeside(PERMIT_WAIT)) {
      return loader.load(release);
    }
  }

  @Override
  public void close() {
    loader.close();
  }
}
