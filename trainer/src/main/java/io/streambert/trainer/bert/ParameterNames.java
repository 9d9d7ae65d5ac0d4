package io.streambert.trainer.bert;

import java.util.ArrayList;
import java.util.List;

/** Hugging Face parameter names of a BERT encoder plus the names of the two task heads. */
public final class ParameterNames {

  /** Weight of the sentence head, {@code [labels, hidden]}. */
  public static final String SENTENCE_HEAD_WEIGHT = "heads.sentence.weight";

  /** Bias of the sentence head, {@code [labels]}. */
  public static final String SENTENCE_HEAD_BIAS = "heads.sentence.bias";

  /** Weight of the token head, {@code [tags, hidden]}. */
  public static final String TOKEN_HEAD_WEIGHT = "heads.token.weight";

  /** Bias of the token head, {@code [tags]}. */
  public static final String TOKEN_HEAD_BIAS = "heads.token.bias";

  /**
   * The case-embedding table of a case-aware model, {@code [CaseClass.COUNT, hidden]}: not part of
   * the pretrained encoder, initialised to zero, exported as the bundle's case embeddings.
   */
  public static final String CASE_EMBEDDINGS = "embeddings.case_embeddings.weight";

  static final String WORD_EMBEDDINGS = "embeddings.word_embeddings.weight";
  static final String POSITION_EMBEDDINGS = "embeddings.position_embeddings.weight";
  static final String TOKEN_TYPE_EMBEDDINGS = "embeddings.token_type_embeddings.weight";
  static final String EMBEDDINGS_LAYER_NORM = "embeddings.LayerNorm";

  private ParameterNames() {}

  /** Prefix of every parameter of transformer layer {@code index}. */
  public static String layerPrefix(int index) {
    return "encoder.layer." + index + ".";
  }

  /** Whether the parameter belongs to the embeddings (word, position, token type, LayerNorm). */
  public static boolean isEmbedding(String name) {
    return name.startsWith("embeddings.");
  }

  /** Transformer layer index of a parameter, or -1 when it is not inside a layer. */
  public static int layerOf(String name) {
    if (!name.startsWith("encoder.layer.")) {
      return -1;
    }
    int start = "encoder.layer.".length();
    return Integer.parseInt(name.substring(start, name.indexOf('.', start)));
  }

  /**
   * Whether AdamW must not decay this parameter: biases and LayerNorm weights, as Hugging Face's
   * trainer does.
   */
  public static boolean isDecayExempt(String name) {
    return name.endsWith(".bias") || name.contains("LayerNorm.");
  }

  /** Every encoder parameter name in Hugging Face order (no heads). */
  public static List<String> encoder(int layers) {
    List<String> names = new ArrayList<>();
    names.add(WORD_EMBEDDINGS);
    names.add(POSITION_EMBEDDINGS);
    names.add(TOKEN_TYPE_EMBEDDINGS);
    names.add(EMBEDDINGS_LAYER_NORM + ".weight");
    names.add(EMBEDDINGS_LAYER_NORM + ".bias");
    for (int i = 0; i < layers; i++) {
      String p = layerPrefix(i);
      for (String linear :
          List.of(
              "attention.self.query",
              "attention.self.key",
              "attention.self.value",
              "attention.output.dense")) {
        names.add(p + linear + ".weight");
        names.add(p + linear + ".bias");
      }
      names.add(p + "attention.output.LayerNorm.weight");
      names.add(p + "attention.output.LayerNorm.bias");
      names.add(p + "intermediate.dense.weight");
      names.add(p + "intermediate.dense.bias");
      names.add(p + "output.dense.weight");
      names.add(p + "output.dense.bias");
      names.add(p + "output.LayerNorm.weight");
      names.add(p + "output.LayerNorm.bias");
    }
    return names;
  }
}
