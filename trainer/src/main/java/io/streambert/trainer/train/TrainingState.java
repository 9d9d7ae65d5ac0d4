package io.streambert.trainer.train;

import java.util.List;

/**
 * Where a run stands: what a checkpoint records besides the tensors.
 *
 * @param seed the run's seed (data order and dropout derive from it)
 * @param configFingerprint the training configuration the run started with
 * @param epoch the epoch in progress (0-based)
 * @param batchInEpoch the next batch of that epoch to train
 * @param globalStep batches trained so far, skipped ones included
 * @param epochLossSum sum of the losses of the epoch's updates so far
 * @param epochLossCount number of updates in that sum
 * @param optimizerSteps updates applied so far, per parameter
 * @param bestScore best dev score so far (-1 before the first evaluation)
 * @param bestStep global step of the evaluation with the best score, 0 before any
 * @param epochsWithoutImprovement finished epochs since the one that brought the best score
 * @param history dev metrics of every evaluation (epoch ends and, with {@code --eval-every}, inside
 *     epochs)
 */
public record TrainingState(
    long seed,
    String configFingerprint,
    int epoch,
    int batchInEpoch,
    long globalStep,
    double epochLossSum,
    int epochLossCount,
    java.util.Map<String, Long> optimizerSteps,
    double bestScore,
    long bestStep,
    int epochsWithoutImprovement,
    List<EpochMetrics> history) {

  public TrainingState {
    optimizerSteps = java.util.Map.copyOf(optimizerSteps);
    history = List.copyOf(history);
  }

  /** The state of a run that has not started. */
  static TrainingState fresh(TrainingConfig config) {
    return new TrainingState(
        config.seed(), config.toString(), 0, 0, 0, 0, 0, java.util.Map.of(), -1, 0, 0, List.of());
  }

  /**
   * The dev metrics of one evaluation.
   *
   * @param epoch 1-based epoch the evaluation ended or happened in
   * @param globalStep batches trained by then
   * @param trainLoss mean training loss over the epoch's updates so far
   * @param metrics dev metrics by name
   * @param score the selection score
   */
  public record EpochMetrics(
      int epoch,
      long globalStep,
      double trainLoss,
      java.util.Map<String, Double> metrics,
      double score) {}
}
