package io.streambert.trainer.cli;

import picocli.CommandLine.Option;

/**
 * Fine-tuning hyper-parameters as command-line options; defaults are the values that reached the
 * issue's quality bar with MiniLM on this hardware class (see the reference probe).
 */
public final class HyperParameters {
  @Option(
      names = "--epochs",
      paramLabel = "N",
      defaultValue = "3",
      description = "Passes over the training data. Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      defaultValue = "32",
      description = "Examples per optimizer step. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(
      names = "--eval-batch-size",
      paramLabel = "N",
      defaultValue = "64",
      description = "Examples per forward pass when evaluating. Default: ${DEFAULT-VALUE}.")
  int evalBatchSize;

  @Option(
      names = {"--lr", "--learning-rate"},
      paramLabel = "RATE",
      defaultValue = "5e-5",
      description = "Peak AdamW learning rate. Default: ${DEFAULT-VALUE}.")
  float learningRate;

  @Option(
      names = "--weight-decay",
      paramLabel = "RATE",
      defaultValue = "0.01",
      description =
          "Decoupled weight decay; biases and LayerNorm weights exempt. Default: ${DEFAULT-VALUE}.")
  float weightDecay;

  @Option(
      names = "--warmup",
      defaultValue = "0.06",
      paramLabel = "FRACTION",
      description =
          "Fraction of all steps (0 to <1) spent warming the learning rate up from 0, then linear"
              + " decay to 0."
              + " Default: ${DEFAULT-VALUE}.")
  float warmupFraction;

  @Option(
      names = "--max-length",
      paramLabel = "TOKENS",
      defaultValue = "128",
      description =
          "Longest window fed to the encoder, special tokens included. Default: ${DEFAULT-VALUE}.")
  int maxSequenceLength;

  @Option(
      names = "--max-grad-norm",
      paramLabel = "NORM",
      defaultValue = "1.0",
      description = "Global gradient-norm clipping; 0 disables. Default: ${DEFAULT-VALUE}.")
  float maxGradNorm;

  @Option(
      names = "--dropout",
      paramLabel = "P",
      defaultValue = "0.1",
      description = "Dropout in the encoder and before the heads. Default: ${DEFAULT-VALUE}.")
  float dropout;

  @Option(
      names = "--seed",
      paramLabel = "SEED",
      defaultValue = "42",
      description =
          "Seed of head initialisation, data order and dropout. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--patience",
      paramLabel = "EPOCHS",
      defaultValue = "2",
      description =
          "Epochs without dev improvement before stopping early; 0 never stops. Default:"
              + " ${DEFAULT-VALUE}.")
  int patience;

  @Option(names = "--freeze-embeddings", description = "Keep every embedding parameter fixed.")
  boolean freezeEmbeddings;

  @Option(
      names = "--freeze-word-embeddings",
      description = "Keep only the word-embedding table fixed (about 1.8x faster on CPU).")
  boolean freezeWordEmbeddings;

  @Option(
      names = "--freeze-layers",
      paramLabel = "N",
      defaultValue = "0",
      description = "Keep the N lowest transformer layers fixed. Default: ${DEFAULT-VALUE}.")
  int freezeLowerLayers;

  @Option(
      names = "--checkpoint-every",
      paramLabel = "STEPS",
      defaultValue = "1000",
      description =
          "Steps between resumable checkpoints; 0: only at epoch ends. Default: ${DEFAULT-VALUE}.")
  int checkpointEverySteps;

  @Option(
      names = "--eval-every",
      paramLabel = "STEPS",
      defaultValue = "0",
      description =
          "Steps between extra dev evaluations inside an epoch; the best of all evaluations is"
              + " the model that is kept and exported. 0: only at epoch ends. Default:"
              + " ${DEFAULT-VALUE}.")
  int evalEverySteps;

  @Option(
      names = "--entities-passes",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Passes over the entity training data in each epoch of a multi-task run; above 1"
              + " oversamples a tagged set much smaller than the sentence set (CoNLL-2003 beside"
              + " SST-2) so the tagger converges in the epochs the sentence task needs. Default:"
              + " ${DEFAULT-VALUE}.")
  int entitiesPasses;

  @Option(
      names = "--case-embeddings",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Learn a case embedding (lower, Title, UPPER, mixed, none per token, from the original"
              + " text the uncased tokenizer loses) added to the word embeddings, initialised to"
              + " zero; the bundle gets a case_ids input. --no-case-embeddings builds a bundle with"
              + " BERT's inputs only. Default: ${DEFAULT-VALUE}.")
  boolean caseEmbeddings;

  @Option(
      names = "--case-lr-scale",
      paramLabel = "X",
      defaultValue = "1",
      description =
          "The case table's learning rate as a multiple of --lr (the table starts at zero, so"
              + " AdamW moves it by about the rate per step). Default: ${DEFAULT-VALUE}.")
  float caseLearningRateScale;
}
