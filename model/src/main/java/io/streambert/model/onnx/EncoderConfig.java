package io.streambert.model.onnx;

/**
 * The hyper-parameters of a BERT encoder, as read from its weights and graph.
 *
 * @param layers number of transformer layers
 * @param hidden hidden size
 * @param heads attention heads
 * @param intermediate feed-forward size
 * @param vocab word-piece vocabulary size
 * @param maxPositions position embeddings
 * @param typeVocab token type embeddings
 * @param layerNormEps LayerNorm epsilon
 */
public record EncoderConfig(
    int layers,
    int hidden,
    int heads,
    int intermediate,
    int vocab,
    int maxPositions,
    int typeVocab,
    float layerNormEps) {

  /** Size of one attention head. */
  public int headSize() {
    return hidden / heads;
  }
}
