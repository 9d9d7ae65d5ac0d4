package io.streambert.trainer.train;

import io.streambert.trainer.metrics.Evaluation;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of {@link FineTuner#train}.
 *
 * @param completed false when the run stopped at {@link RunOptions#stopAfterSteps()} and can be
 *     resumed
 * @param state where the run stands (epochs, steps, best score, per-epoch history)
 * @param bestMetrics dev metrics of the best epoch (the weights the model now holds)
 * @param bestEvaluation the best epoch's dev scores in full (per label, per type, confusion table);
 *     empty when the run was interrupted
 * @param stepLosses training loss of every step this call trained, in order
 * @param skippedSteps steps voided for non-finite gradients
 * @param clippedSteps steps whose gradients were clipped
 * @param trainSeconds wall time spent in training steps (evaluation excluded)
 * @param examplesPerSecond training windows per second of training time
 */
public record TrainingResult(
    boolean completed,
    TrainingState state,
    Map<String, Double> bestMetrics,
    Optional<Evaluation> bestEvaluation,
    List<Float> stepLosses,
    long skippedSteps,
    long clippedSteps,
    double trainSeconds,
    double examplesPerSecond) {

  public TrainingResult {
    bestMetrics = Map.copyOf(bestMetrics);
    stepLosses = List.copyOf(stepLosses);
  }
}
