package io.streambert.trainer.demo;

import java.util.List;

/**
 * How the quickstart's demo model is trained: set sizes and the {@code finetune} settings. Short
 * generated sentences need few tokens a window, and a higher learning rate than the real-data
 * recipe makes the few hundred steps count; the word-embedding table stays fixed (about 1.8x faster
 * on CPU) since the generated vocabulary is small.
 *
 * @param sentimentTrain generated sentiment training sentences
 * @param entitiesTrain generated tagged training sentences
 * @param dev generated dev sentences of each task
 * @param epochs passes over the training set
 */
public record DemoRecipe(int sentimentTrain, int entitiesTrain, int dev, int epochs) {

  /** The quickstart's recipe. */
  public static final DemoRecipe FULL = new DemoRecipe(2000, 2000, 200, 2);

  /** The CI-sized recipe. */
  public static final DemoRecipe SHORT = new DemoRecipe(2000, 2000, 100, 1);

  /** Seed of the generated set: every run trains on the same sentences. */
  public static final long DATA_SEED = 2026;

  /** {@code finetune}'s options of this recipe, data and output excluded. */
  public List<String> finetuneArguments() {
    return List.of(
        "--epochs",
        Integer.toString(epochs),
        "--batch-size",
        "16",
        "--lr",
        "1e-4",
        "--max-length",
        "64",
        "--freeze-word-embeddings",
        "--parity-sample",
        "32",
        "--golden-examples",
        "8");
  }
}
