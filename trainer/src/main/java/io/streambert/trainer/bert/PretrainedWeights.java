package io.streambert.trainer.bert;

import ai.djl.Device;
import io.streambert.model.bundle.HeadWeights;
import io.streambert.model.onnx.EncoderConfig;
import io.streambert.model.onnx.EncoderWeights;
import io.streambert.model.onnx.WeightTensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Moves weights between the model module's ONNX view ({@link EncoderWeights}, Hugging Face names,
 * torch layout) and a {@link MultiTaskBert}.
 */
public final class PretrainedWeights {

  private PretrainedWeights() {}

  /** The encoder shape described by an ONNX encoder's config, with the given dropout. */
  public static BertConfig config(EncoderConfig c, float dropout) {
    return new BertConfig(
        c.vocab(),
        c.hidden(),
        c.layers(),
        c.heads(),
        c.intermediate(),
        c.maxPositions(),
        c.typeVocab(),
        c.layerNormEps(),
        dropout);
  }

  /**
   * A model whose encoder holds the pretrained weights and whose heads are freshly initialised.
   *
   * @param weights the pretrained encoder
   * @param sentenceLabels labels of the sentence head, 0 for none
   * @param tokenTags tags of the token head, 0 for none
   * @param dropout dropout probability
   * @param device where the parameters live
   * @param seed seed of the head initialisation
   * @throws IllegalArgumentException when a weight is missing or has an unexpected shape
   */
  public static MultiTaskBert load(
      EncoderWeights weights,
      int sentenceLabels,
      int tokenTags,
      float dropout,
      Device device,
      long seed) {
    return load(weights, sentenceLabels, tokenTags, false, dropout, device, seed);
  }

  /**
   * As {@link #load(EncoderWeights, int, int, float, Device, long)}, optionally with a case
   * embedding initialised to zero, so the loaded model still computes the pretrained encoder.
   */
  public static MultiTaskBert load(
      EncoderWeights weights,
      int sentenceLabels,
      int tokenTags,
      boolean caseEmbeddings,
      float dropout,
      Device device,
      long seed) {
    MultiTaskBert model =
        MultiTaskBert.create(
            config(weights.config(), dropout),
            sentenceLabels,
            tokenTags,
            caseEmbeddings,
            device,
            seed);
    try {
      Map<String, WeightTensor> tensors = weights.tensors();
      for (String name : ParameterNames.encoder(model.config().layers())) {
        WeightTensor t = tensors.get(name);
        if (t == null) {
          throw new IllegalArgumentException(
              "expected encoder weight "
                  + name
                  + " in the ONNX graph, found only "
                  + tensors.keySet());
        }
        model.setValues(name, t.shape(), t.values());
      }
      return model;
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** The model's current encoder weights, keyed and laid out as {@link EncoderWeights}. */
  public static Map<String, WeightTensor> encoderWeights(MultiTaskBert model) {
    Map<String, WeightTensor> out = new LinkedHashMap<>();
    for (String name : ParameterNames.encoder(model.config().layers())) {
      out.put(name, new WeightTensor(name, model.shape(name), model.values(name)));
    }
    return out;
  }

  /** The case-embedding table, when the model has one. */
  public static java.util.Optional<WeightTensor> caseEmbeddings(MultiTaskBert model) {
    if (!model.hasCaseEmbeddings()) {
      return java.util.Optional.empty();
    }
    String name = ParameterNames.CASE_EMBEDDINGS;
    return java.util.Optional.of(new WeightTensor(name, model.shape(name), model.values(name)));
  }

  /** The sentence head's weights ({@code [labels, hidden]} row-major). */
  public static HeadWeights sentenceHead(MultiTaskBert model) {
    return new HeadWeights(
        model.values(ParameterNames.SENTENCE_HEAD_WEIGHT),
        model.values(ParameterNames.SENTENCE_HEAD_BIAS));
  }

  /** The token head's weights ({@code [tags, hidden]} row-major). */
  public static HeadWeights tokenHead(MultiTaskBert model) {
    return new HeadWeights(
        model.values(ParameterNames.TOKEN_HEAD_WEIGHT),
        model.values(ParameterNames.TOKEN_HEAD_BIAS));
  }
}
