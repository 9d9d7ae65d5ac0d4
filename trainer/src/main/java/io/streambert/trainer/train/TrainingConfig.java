package io.streambert.trainer.train;

/**
 * Hyper-parameters of a fine-tuning run; {@link #defaults()} gives the values that reached the
 * issue's quality bar with MiniLM.
 *
 * @param epochs passes over the training data
 * @param batchSize examples per optimizer step
 * @param evalBatchSize examples per forward pass when evaluating
 * @param maxSequenceLength longest window fed to the encoder, special tokens included
 * @param learningRate peak learning rate of AdamW
 * @param weightDecay decoupled weight decay (biases and LayerNorm weights are exempt)
 * @param warmupFraction fraction of all steps spent warming the learning rate up from 0
 * @param maxGradNorm global gradient-norm clipping threshold; 0 disables clipping
 * @param dropout dropout probability in the encoder and before the heads
 * @param seed seed of initial head weights, data order and dropout
 * @param patience epochs without a dev improvement before stopping early; 0 never stops early
 * @param freezeEmbeddings keep all embedding parameters fixed
 * @param freezeWordEmbeddings keep only the word-embedding table fixed (about 1.8x faster on CPU)
 * @param freezeLowerLayers number of lowest transformer layers kept fixed
 * @param checkpointEverySteps steps between resumable checkpoints (0: only at epoch ends)
 * @param evalEverySteps steps between extra dev evaluations inside an epoch, each able to become
 *     the kept best checkpoint (0: only at epoch ends)
 * @param tokenPassesPerEpoch passes over the token task's training data in each epoch of a
 *     multi-task run: above 1 oversamples a tagged set much smaller than the sentence set, so the
 *     tagger converges in the epochs the sentence task needs
 * @param caseEmbeddings add a learned case embedding (initialised to zero) to the word embeddings
 *     and export a case-aware bundle; off in {@link #defaults()}, on in the CLI
 * @param caseLearningRateScale the case table's learning rate as a multiple of {@code
 *     learningRate}: the table starts at zero and AdamW moves it by about the rate per step; 1 (the
 *     default) scored best in the short runs recorded in ops/bench/RESULTS.md
 */
public record TrainingConfig(
    int epochs,
    int batchSize,
    int evalBatchSize,
    int maxSequenceLength,
    float learningRate,
    float weightDecay,
    float warmupFraction,
    float maxGradNorm,
    float dropout,
    long seed,
    int patience,
    boolean freezeEmbeddings,
    boolean freezeWordEmbeddings,
    int freezeLowerLayers,
    int checkpointEverySteps,
    int evalEverySteps,
    int tokenPassesPerEpoch,
    boolean caseEmbeddings,
    float caseLearningRateScale) {

  /** {@link #caseLearningRateScale()} of {@link #defaults()} and of the CLI. */
  public static final float DEFAULT_CASE_LEARNING_RATE_SCALE = 1f;

  public TrainingConfig {
    atLeast("epochs", epochs, 1);
    atLeast("batchSize", batchSize, 1);
    atLeast("evalBatchSize", evalBatchSize, 1);
    atLeast("maxSequenceLength", maxSequenceLength, 3);
    atLeast("patience", patience, 0);
    atLeast("freezeLowerLayers", freezeLowerLayers, 0);
    atLeast("checkpointEverySteps", checkpointEverySteps, 0);
    atLeast("evalEverySteps", evalEverySteps, 0);
    atLeast("tokenPassesPerEpoch", tokenPassesPerEpoch, 1);
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("expected learningRate > 0, found " + learningRate);
    }
    if (!(caseLearningRateScale > 0)) {
      throw new IllegalArgumentException(
          "expected caseLearningRateScale > 0, found " + caseLearningRateScale);
    }
    if (!(weightDecay >= 0)) {
      throw new IllegalArgumentException("expected weightDecay >= 0, found " + weightDecay);
    }
    if (!(warmupFraction >= 0 && warmupFraction < 1)) {
      throw new IllegalArgumentException(
          "expected warmupFraction in [0, 1), found " + warmupFraction);
    }
    if (!(maxGradNorm >= 0)) {
      throw new IllegalArgumentException("expected maxGradNorm >= 0, found " + maxGradNorm);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("expected dropout in [0, 1), found " + dropout);
    }
  }

  /**
   * The defaults: 3 epochs, batch 32, max length 128, AdamW lr 5e-5 with weight decay 0.01, 6 %
   * warm-up then linear decay, clip 1.0, dropout 0.1, seed 42, patience 2, one pass over each
   * task's data per epoch, the case table (when there is one) at the same learning rate.
   */
  public static TrainingConfig defaults() {
    return new TrainingConfig(
        3,
        32,
        64,
        128,
        5e-5f,
        0.01f,
        0.06f,
        1.0f,
        0.1f,
        42L,
        2,
        false,
        false,
        0,
        1000,
        0,
        1,
        false,
        DEFAULT_CASE_LEARNING_RATE_SCALE);
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder(defaults());
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  private static void atLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException("expected " + name + " >= " + min + ", found " + value);
    }
  }

  /** Builds a {@link TrainingConfig}; every setter is optional. */
  public static final class Builder {
    private int epochs;
    private int batchSize;
    private int evalBatchSize;
    private int maxSequenceLength;
    private float learningRate;
    private float weightDecay;
    private float warmupFraction;
    private float maxGradNorm;
    private float dropout;
    private long seed;
    private int patience;
    private boolean freezeEmbeddings;
    private boolean freezeWordEmbeddings;
    private int freezeLowerLayers;
    private int checkpointEverySteps;
    private int evalEverySteps;
    private int tokenPassesPerEpoch;
    private boolean caseEmbeddings;
    private float caseLearningRateScale;

    private Builder(TrainingConfig c) {
      epochs = c.epochs;
      batchSize = c.batchSize;
      evalBatchSize = c.evalBatchSize;
      maxSequenceLength = c.maxSequenceLength;
      learningRate = c.learningRate;
      weightDecay = c.weightDecay;
      warmupFraction = c.warmupFraction;
      maxGradNorm = c.maxGradNorm;
      dropout = c.dropout;
      seed = c.seed;
      patience = c.patience;
      freezeEmbeddings = c.freezeEmbeddings;
      freezeWordEmbeddings = c.freezeWordEmbeddings;
      freezeLowerLayers = c.freezeLowerLayers;
      checkpointEverySteps = c.checkpointEverySteps;
      evalEverySteps = c.evalEverySteps;
      tokenPassesPerEpoch = c.tokenPassesPerEpoch;
      caseEmbeddings = c.caseEmbeddings;
      caseLearningRateScale = c.caseLearningRateScale;
    }

    public Builder epochs(int v) {
      epochs = v;
      return this;
    }

    public Builder batchSize(int v) {
      batchSize = v;
      return this;
    }

    public Builder evalBatchSize(int v) {
      evalBatchSize = v;
      return this;
    }

    public Builder maxSequenceLength(int v) {
      maxSequenceLength = v;
      return this;
    }

    public Builder learningRate(float v) {
      learningRate = v;
      return this;
    }

    public Builder weightDecay(float v) {
      weightDecay = v;
      return this;
    }

    public Builder warmupFraction(float v) {
      warmupFraction = v;
      return this;
    }

    public Builder maxGradNorm(float v) {
      maxGradNorm = v;
      return this;
    }

    public Builder dropout(float v) {
      dropout = v;
      return this;
    }

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Builder patience(int v) {
      patience = v;
      return this;
    }

    public Builder freezeEmbeddings(boolean v) {
      freezeEmbeddings = v;
      return this;
    }

    public Builder freezeWordEmbeddings(boolean v) {
      freezeWordEmbeddings = v;
      return this;
    }

    public Builder freezeLowerLayers(int v) {
      freezeLowerLayers = v;
      return this;
    }

    public Builder checkpointEverySteps(int v) {
      checkpointEverySteps = v;
      return this;
    }

    public Builder evalEverySteps(int v) {
      evalEverySteps = v;
      return this;
    }

    public Builder tokenPassesPerEpoch(int v) {
      tokenPassesPerEpoch = v;
      return this;
    }

    public Builder caseEmbeddings(boolean v) {
      caseEmbeddings = v;
      return this;
    }

    public Builder caseLearningRateScale(float v) {
      caseLearningRateScale = v;
      return this;
    }

    /** Validates and builds. */
    public TrainingConfig build() {
      return new TrainingConfig(
          epochs,
          batchSize,
          evalBatchSize,
          maxSequenceLength,
          learningRate,
          weightDecay,
          warmupFraction,
          maxGradNorm,
          dropout,
          seed,
          patience,
          freezeEmbeddings,
          freezeWordEmbeddings,
          freezeLowerLayers,
          checkpointEverySteps,
          evalEverySteps,
          tokenPassesPerEpoch,
          caseEmbeddings,
          caseLearningRateScale);
    }
  }
}
