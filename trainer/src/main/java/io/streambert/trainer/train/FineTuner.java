package io.streambert.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.streambert.model.bundle.TaskKind;
import io.streambert.trainer.bert.MultiTaskBert;
import io.streambert.trainer.bert.ParameterNames;
import io.streambert.trainer.metrics.Evaluation;
import io.streambert.trainer.schedule.LinearWarmupDecay;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fine-tunes every (unfrozen) weight of a {@link MultiTaskBert} on one or two tasks.
 *
 * <p>Per step: a length-bucketed, dynamically padded batch of one task (multi-task runs alternate
 * between the tasks); forward with dropout; cross-entropy (token labels {@link TokenSample#IGNORE}
 * left out); backward; global gradient-norm clipping, a step with non-finite gradients voided;
 * AdamW with Hugging Face's weight-decay exemptions and a linear warm-up/decay schedule. After each
 * epoch the dev set is scored, the best epoch's weights are kept and the run stops early after
 * {@link TrainingConfig#patience()} epochs without improvement. When {@link #train} returns, the
 * model holds the best epoch's weights.
 *
 * <p>Reproducible: the data order of an epoch derives from the seed and the epoch number, and
 * dropout is re-seeded from the seed and the step number before every step, so a run resumed from a
 * checkpoint trains exactly the steps an uninterrupted run would.
 */
public final class FineTuner {

  private static final Logger LOG = LoggerFactory.getLogger(FineTuner.class);

  private final MultiTaskBert model;
  private final TrainingConfig config;
  private final TrainingData data;
  private final TrainingBatchPlan planner;
  private final GradientGuard guard;

  /**
   * A fine-tuner; applies the configuration's freezing options to the model at once.
   *
   * @throws IllegalArgumentException when the model's heads or dropout do not match
   */
  public FineTuner(MultiTaskBert model, TrainingConfig config, TrainingData data) {
    int sentenceLabels = data.sentence().map(t -> t.labels().size()).orElse(0);
    int tokenTags = data.token().map(t -> t.tags().size()).orElse(0);
    if (model.sentenceLabels() != sentenceLabels || model.tokenTags() != tokenTags) {
      throw new IllegalArgumentException(
          "expected a model with "
              + sentenceLabels
              + " sentence labels and "
              + tokenTags
              + " token tags (from the data), found "
              + model.sentenceLabels()
              + " and "
              + model.tokenTags());
    }
    if (model.config().dropout() != config.dropout()) {
      throw new IllegalArgumentException(
          "expected a model built with dropout "
              + config.dropout()
              + ", found "
              + model.config().dropout());
    }
    if (config.freezeLowerLayers() > model.config().layers()) {
      throw new IllegalArgumentException(
          "expected freezeLowerLayers <= "
              + model.config().layers()
              + ", found "
              + config.freezeLowerLayers());
    }
    this.model = model;
    this.config = config;
    this.data = data;
    this.planner =
        new TrainingBatchPlan(
            data, config.batchSize(), config.seed(), config.tokenPassesPerEpoch());
    this.guard = new GradientGuard(config.maxGradNorm());
    model.freeze(
        name ->
            // The case embedding is new, not pretrained: it always trains.
            (config.freezeEmbeddings()
                    && ParameterNames.isEmbedding(name)
                    && !name.equals(ParameterNames.CASE_EMBEDDINGS))
                || (config.freezeWordEmbeddings()
                    && name.equals("embeddings.word_embeddings.weight"))
                || ParameterNames.layerOf(name) >= 0
                    && ParameterNames.layerOf(name) < config.freezeLowerLayers());
  }

  /** Total optimizer steps of a full run, the length of the learning-rate schedule. */
  public long plannedSteps() {
    return (long) planner.batchesPerEpoch() * config.epochs();
  }

  /**
   * Trains until the last epoch, early stopping, or {@link RunOptions#stopAfterSteps()}.
   *
   * @throws IOException when a checkpoint cannot be written or read
   */
  public TrainingResult train(RunOptions options) throws IOException {
    Map<String, NDArray> trainable = model.trainableParameters();
    long total = plannedSteps();
    LinearWarmupDecay schedule =
        LinearWarmupDecay.withWarmupFraction(
            config.learningRate(),
            // Through the decimal string: 0.07f widened directly is 0.0700000003, 8 steps of 100.
            Double.parseDouble(Float.toString(config.warmupFraction())),
            total);
    Optional<CheckpointStore> store = options.checkpointDir().map(CheckpointStore::new);
    LOG.info(
        "training {} of {} parameters ({} frozen tensors), {} steps over {} epochs",
        trainable.values().stream().mapToLong(a -> a.getShape().size()).sum(),
        model.parameterCount(),
        model.parameters().size() - trainable.size(),
        total,
        config.epochs());

    try (NDManager optimizerManager = model.newBatchManager();
        DecoupledAdamW optimizer =
            new DecoupledAdamW(
                trainable, config.weightDecay(), rateScales(trainable), optimizerManager)) {
      TrainingState state = TrainingState.fresh(config);
      Best best = new Best();
      if (options.resume() && store.get().hasLatest()) {
        state = store.get().loadLatest(model.parameters(), optimizer);
        if (!state.configFingerprint().equals(config.toString())) {
          throw new IllegalStateException(
              "the checkpoint in "
                  + options.checkpointDir().get()
                  + " was written with "
                  + state.configFingerprint()
                  + ", expected "
                  + config);
        }
        LOG.info(
            "resumed at epoch {} batch {} (step {})",
            state.epoch() + 1,
            state.batchInEpoch(),
            state.globalStep());
      }

      List<Float> losses = new ArrayList<>();
      long skipped = 0;
      long clipped = 0;
      long examples = 0;
      long trainNanos = 0;
      boolean interrupted = false;
      for (int epoch = state.epoch(); epoch < config.epochs() && !interrupted; epoch++) {
        List<PlannedBatch> batches = planner.epoch(epoch);
        long epochExamples = batches.stream().mapToLong(b -> b.rows().length).sum();
        long doneExamples =
            batches.subList(0, state.batchInEpoch()).stream().mapToLong(b -> b.rows().length).sum();
        double lossSum = state.epochLossSum();
        int lossCount = state.epochLossCount();
        long bestStepBeforeEpoch = state.bestStep();
        try (TrainingProgress progress =
            TrainingProgress.open(
                options.progressBar(),
                "epoch " + (epoch + 1) + "/" + config.epochs(),
                epochExamples,
                doneExamples)) {
          for (int b = state.batchInEpoch(); b < batches.size(); b++) {
            PlannedBatch batch = batches.get(b);
            long start = System.nanoTime();
            float rate = (float) schedule.rate(state.globalStep());
            StepOutcome outcome = step(batch, trainable, optimizer, state.globalStep(), rate);
            trainNanos += System.nanoTime() - start;
            examples += batch.rows().length;
            losses.add(outcome.loss());
            if (outcome.guard().skipped()) {
              skipped++;
              LOG.warn(
                  "step {}: non-finite gradients (norm {}, loss {}), update skipped",
                  state.globalStep(),
                  outcome.guard().norm(),
                  outcome.loss());
            } else {
              lossSum += outcome.loss();
              lossCount++;
            }
            if (outcome.guard().clipped()) {
              clipped++;
            }
            progress.step(
                batch.rows().length, lossCount == 0 ? Double.NaN : lossSum / lossCount, rate);
            state = advance(state, epoch, b + 1, lossSum, lossCount, optimizer);
            if (options.stopAfterSteps() > 0 && state.globalStep() >= options.stopAfterSteps()) {
              interrupted = true;
              break;
            }
            if (config.evalEverySteps() > 0
                && state.globalStep() % config.evalEverySteps() == 0
                && b + 1 < batches.size()) {
              state = evaluate(state, epoch, lossSum / Math.max(1, lossCount), store, best);
            }
            if (store.isPresent()
                && config.checkpointEverySteps() > 0
                && state.globalStep() % config.checkpointEverySteps() == 0) {
              store.get().saveLatest(state, model.parameters(), optimizer);
            }
          }
        }
        if (interrupted) {
          break;
        }
        double trainLoss = lossCount == 0 ? Double.NaN : lossSum / lossCount;
        state = evaluate(state, epoch, trainLoss, store, best);
        boolean improved = state.bestStep() != bestStepBeforeEpoch;
        state =
            new TrainingState(
                state.seed(),
                state.configFingerprint(),
                epoch + 1,
                0,
                state.globalStep(),
                0,
                0,
                optimizer.steps(),
                state.bestScore(),
                state.bestStep(),
                improved ? 0 : state.epochsWithoutImprovement() + 1,
                state.history());
        if (store.isPresent()) {
          store.get().saveLatest(state, model.parameters(), optimizer);
        }
        if (config.patience() > 0 && state.epochsWithoutImprovement() >= config.patience()) {
          LOG.info("no dev improvement for {} epochs: stopping early", config.patience());
          break;
        }
      }
      if (interrupted && store.isPresent()) {
        store.get().saveLatest(state, model.parameters(), optimizer);
        LOG.info(
            "stopped at step {}; resume from {}",
            state.globalStep(),
            options.checkpointDir().get());
      }
      Map<String, Double> bestMetrics = Map.of();
      if (!interrupted) {
        if (store.isPresent() && store.get().hasBest()) {
          store.get().loadBest(model.parameters());
        } else if (best.weights != null) {
          restore(best.weights);
        }
        long bestStep = state.bestStep();
        bestMetrics =
            state.history().stream()
                .filter(h -> h.globalStep() == bestStep)
                .findFirst()
                .map(TrainingState.EpochMetrics::metrics)
                .orElse(Map.of());
        if (best.evaluation == null) {
          // The best evaluation happened before this process resumed the run: score the
          // restored weights.
          best.evaluation = new Evaluator(model, config.evalBatchSize()).evaluate(data);
        }
      }
      double seconds = trainNanos / 1e9;
      return new TrainingResult(
          !interrupted,
          state,
          bestMetrics,
          Optional.ofNullable(best.evaluation),
          losses,
          skipped,
          clipped,
          seconds,
          seconds == 0 ? 0 : examples / seconds);
    }
  }

  private record StepOutcome(float loss, GradientGuard.Outcome guard) {}

  private StepOutcome step(
      PlannedBatch batch,
      Map<String, NDArray> trainable,
      DecoupledAdamW optimizer,
      long globalStep,
      float rate) {
    boolean sentence = batch.task() == TaskKind.SENTENCE_CLASSIFICATION;
    List<? extends Sample> samples =
        sentence ? data.sentence().orElseThrow().train() : data.token().orElseThrow().train();
    // Dropout masks depend only on (seed, step): a resumed run draws the same ones.
    Engine.getEngine("PyTorch").setRandomSeed(stepSeed(globalStep));
    Map<String, NDArray> reached = reachedBy(batch.task(), trainable);
    try (NDManager manager = model.newBatchManager()) {
      PaddedBatch padded = PaddedBatch.of(manager, samples, batch.rows());
      float loss;
      try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
        NDArray hidden = model.encode(padded.inputs(), true);
        NDArray logits =
            sentence ? model.sentenceLogits(hidden, true) : model.tokenLogits(hidden, true);
        NDArray lossArray = CrossEntropy.mean(logits, padded.labels());
        collector.backward(lossArray);
        loss = lossArray.getFloat();
      }
      GradientGuard.Outcome outcome = guard.apply(reached, manager);
      if (outcome.skipped() || !Float.isFinite(loss)) {
        if (!outcome.skipped()) {
          reached.values().forEach(GradientGuard::zeroGradientInPlace);
        }
        return new StepOutcome(loss, new GradientGuard.Outcome(outcome.norm(), false, true));
      }
      optimizer.step(rate, reached.keySet());
      return new StepOutcome(loss, outcome);
    }
  }

  private Map<String, Float> rateScales(Map<String, NDArray> trainable) {
    return trainable.containsKey(ParameterNames.CASE_EMBEDDINGS)
        ? Map.of(ParameterNames.CASE_EMBEDDINGS, config.caseLearningRateScale())
        : Map.of();
  }

  /** The trainable parameters a batch of the given task sends gradients to. */
  private static Map<String, NDArray> reachedBy(TaskKind task, Map<String, NDArray> trainable) {
    String otherHead =
        task == TaskKind.SENTENCE_CLASSIFICATION ? "heads.token." : "heads.sentence.";
    Map<String, NDArray> reached = new LinkedHashMap<>();
    trainable.forEach(
        (name, array) -> {
          if (!name.startsWith(otherHead)) {
            reached.put(name, array);
          }
        });
    return reached;
  }

  /** The best dev evaluation so far in this process, and its weights when no store keeps them. */
  private static final class Best {
    Map<String, float[]> weights;
    Evaluation evaluation;
  }

  /**
   * Scores the dev set, records the evaluation in the history and keeps the weights when they beat
   * the best score so far (in the checkpoint store, else in memory).
   */
  private TrainingState evaluate(
      TrainingState state, int epoch, double trainLoss, Optional<CheckpointStore> store, Best best)
      throws IOException {
    Evaluation evaluation = new Evaluator(model, config.evalBatchSize()).evaluate(data);
    Map<String, Double> metrics = evaluation.metrics();
    double score = evaluation.score();
    List<TrainingState.EpochMetrics> history = new ArrayList<>(state.history());
    history.add(
        new TrainingState.EpochMetrics(epoch + 1, state.globalStep(), trainLoss, metrics, score));
    // Without dev data every evaluation counts as the best so far: the last one is kept.
    boolean improved = metrics.isEmpty() || score > state.bestScore();
    LOG.info(
        "epoch {}/{} step {}: train loss {} dev {} score {}{}",
        epoch + 1,
        config.epochs(),
        state.globalStep(),
        String.format(Locale.ROOT, "%.4f", trainLoss),
        metrics,
        String.format(Locale.ROOT, "%.4f", score),
        improved ? " (best)" : "");
    if (improved) {
      best.evaluation = evaluation;
      if (store.isPresent()) {
        store.get().saveBest(model.parameters());
      } else {
        best.weights = snapshot();
      }
    }
    return new TrainingState(
        state.seed(),
        state.configFingerprint(),
        state.epoch(),
        state.batchInEpoch(),
        state.globalStep(),
        state.epochLossSum(),
        state.epochLossCount(),
        state.optimizerSteps(),
        improved ? score : state.bestScore(),
        improved ? state.globalStep() : state.bestStep(),
        state.epochsWithoutImprovement(),
        history);
  }

  private int stepSeed(long globalStep) {
    return Long.hashCode(config.seed() * 0x9E3779B97F4A7C15L + globalStep);
  }

  private static TrainingState advance(
      TrainingState s,
      int epoch,
      int nextBatch,
      double lossSum,
      int lossCount,
      DecoupledAdamW optimizer) {
    return new TrainingState(
        s.seed(),
        s.configFingerprint(),
        epoch,
        nextBatch,
        s.globalStep() + 1,
        lossSum,
        lossCount,
        optimizer.steps(),
        s.bestScore(),
        s.bestStep(),
        s.epochsWithoutImprovement(),
        s.history());
  }

  private Map<String, float[]> snapshot() {
    Map<String, float[]> copy = new HashMap<>();
    model.parameters().forEach((name, array) -> copy.put(name, array.toFloatArray()));
    return copy;
  }

  private void restore(Map<String, float[]> values) {
    model.parameters().forEach((name, array) -> array.set(values.get(name)));
  }
}
