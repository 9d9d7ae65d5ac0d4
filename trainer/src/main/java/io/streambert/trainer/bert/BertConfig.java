package io.streambert.trainer.bert;

/**
 * Shape and regularisation of a Hugging Face {@code BertModel} encoder.
 *
 * @param vocabSize word-piece vocabulary size
 * @param hidden hidden size (embedding width)
 * @param layers number of transformer layers
 * @param heads attention heads per layer; must divide {@code hidden}
 * @param intermediate feed-forward inner size
 * @param maxPositions number of learned position embeddings (longest sequence)
 * @param typeVocabSize number of token types (segment ids)
 * @param layerNormEps LayerNorm epsilon (1e-12 for BERT)
 * @param dropout dropout probability for hidden states, attention probabilities and the heads
 */
public record BertConfig(
    int vocabSize,
    int hidden,
    int layers,
    int heads,
    int intermediate,
    int maxPositions,
    int typeVocabSize,
    float layerNormEps,
    float dropout) {

  public BertConfig {
    positive("vocabSize", vocabSize);
    positive("hidden", hidden);
    positive("layers", layers);
    positive("heads", heads);
    positive("intermediate", intermediate);
    positive("maxPositions", maxPositions);
    positive("typeVocabSize", typeVocabSize);
    if (hidden % heads != 0) {
      throw new IllegalArgumentException(
          "expected hidden divisible by heads, found hidden=" + hidden + " heads=" + heads);
    }
    if (!(layerNormEps > 0)) {
      throw new IllegalArgumentException("expected layerNormEps > 0, found " + layerNormEps);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("expected dropout in [0, 1), found " + dropout);
    }
  }

  /** Width of one attention head. */
  public int headSize() {
    return hidden / heads;
  }

  /** The same encoder with another dropout probability. */
  public BertConfig withDropout(float newDropout) {
    return new BertConfig(
        vocabSize,
        hidden,
        layers,
        heads,
        intermediate,
        maxPositions,
        typeVocabSize,
        layerNormEps,
        newDropout);
  }

  private static void positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException("expected " + name + " > 0, found " + value);
    }
  }
}
