package io.streambert.trainer.train;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How to run (not what to learn): where checkpoints go, whether to resume, when to stop early.
 *
 * @param checkpointDir folder for the resumable checkpoint and the best weights; empty keeps the
 *     best weights in memory only
 * @param resume continue from the checkpoint in {@code checkpointDir} when there is one
 * @param stopAfterSteps stop (with a checkpoint) once this many batches have been trained in total;
 *     0 trains to the end. Lets a run be time-boxed and resumed later.
 * @param progressBar draw a console progress bar
 */
public record RunOptions(
    Optional<Path> checkpointDir, boolean resume, long stopAfterSteps, boolean progressBar) {

  public RunOptions {
    if (stopAfterSteps < 0) {
      throw new IllegalArgumentException("expected stopAfterSteps >= 0, found " + stopAfterSteps);
    }
    if (resume && checkpointDir.isEmpty()) {
      throw new IllegalArgumentException("expected a checkpoint folder to resume from, found none");
    }
  }

  /** No checkpoints, no progress bar: for tests and library use. */
  public static RunOptions quiet() {
    return new RunOptions(Optional.empty(), false, 0, false);
  }

  /** Checkpoints in {@code dir}, resuming from it when it holds one, with a progress bar. */
  public static RunOptions resumable(Path dir) {
    return new RunOptions(Optional.of(dir), true, 0, true);
  }
}
