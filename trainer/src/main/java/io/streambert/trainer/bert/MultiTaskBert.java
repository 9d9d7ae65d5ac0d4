package io.streambert.trainer.bert;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import io.streambert.model.encoding.CaseClass;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/**
 * A Hugging Face compatible BERT encoder with a sentence head and a token head, built from DJL
 * primitives on the PyTorch engine.
 *
 * <p>The encoder is post-LayerNorm BERT exactly as {@code transformers.BertModel} computes it
 * (exact-erf GELU, separate query/key/value projections, additive attention mask); its parameters
 * carry the Hugging Face names and torch layouts ({@code Linear} weights {@code [out, in]}), so
 * weights read from an exported ONNX encoder load without renaming. The sentence head reads the
 * {@code [CLS]} hidden state, the token head every position; dropout precedes both. Sequence length
 * is dynamic up to {@link BertConfig#maxPositions()}.
 *
 * <p>The model owns the native memory of its parameters; close it once. Intermediate arrays of a
 * forward pass live in the manager of the input ids, so a per-batch manager frees them.
 */
public final class MultiTaskBert implements AutoCloseable {

  private static final float MASKED_SCORE = -10000f;
  private static final double INIT_STDDEV = 0.02;

  private final BertConfig config;
  private final int sentenceLabels;
  private final int tokenTags;
  private final boolean caseEmbeddings;
  private final NDManager manager;
  private final Map<String, NDArray> parameters = new LinkedHashMap<>();

  private MultiTaskBert(
      BertConfig config, int sentenceLabels, int tokenTags, boolean caseEmbeddings, Device device) {
    if (sentenceLabels == 1 || sentenceLabels < 0 || tokenTags == 1 || tokenTags < 0) {
      throw new IllegalArgumentException(
          "expected 0 (no head) or at least 2 labels per head, found sentenceLabels="
              + sentenceLabels
              + " tokenTags="
              + tokenTags);
    }
    this.config = config;
    this.sentenceLabels = sentenceLabels;
    this.tokenTags = tokenTags;
    this.caseEmbeddings = caseEmbeddings;
    this.manager = NDManager.newBaseManager(device, "PyTorch");
  }

  /**
   * Creates a model with Hugging Face's initialisation: weights N(0, 0.02), biases 0, LayerNorm
   * weights 1.
   *
   * @param config the encoder shape
   * @param sentenceLabels labels of the sentence head, 0 for no sentence head
   * @param tokenTags tags of the token head, 0 for no token head
   * @param device where the parameters live
   * @param seed seed of the initial values
   */
  public static MultiTaskBert create(
      BertConfig config, int sentenceLabels, int tokenTags, Device device, long seed) {
    return create(config, sentenceLabels, tokenTags, false, device, seed);
  }

  /**
   * Creates a model as {@link #create(BertConfig, int, int, Device, long)} does, optionally with a
   * case-embedding table ({@link ParameterNames#CASE_EMBEDDINGS}) added to the word embeddings. The
   * table starts at zero, so a case-aware model loaded with pretrained weights computes exactly the
   * pretrained encoder until training moves it.
   */
  public static MultiTaskBert create(
      BertConfig config,
      int sentenceLabels,
      int tokenTags,
      boolean caseEmbeddings,
      Device device,
      long seed) {
    MultiTaskBert model =
        new MultiTaskBert(config, sentenceLabels, tokenTags, caseEmbeddings, device);
    try {
      Random random = new Random(seed);
      for (Map.Entry<String, long[]> e : model.expectedShapes().entrySet()) {
        model.parameters.put(e.getKey(), model.initialValue(e.getKey(), e.getValue(), random));
      }
      return model;
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** The encoder shape. */
  public BertConfig config() {
    return config;
  }

  /** Number of sentence labels, 0 when the model has no sentence head. */
  public int sentenceLabels() {
    return sentenceLabels;
  }

  /** Number of token tags, 0 when the model has no token head. */
  public int tokenTags() {
    return tokenTags;
  }

  /** Whether the model adds case embeddings (and needs {@link ModelInputs#caseIds()}). */
  public boolean hasCaseEmbeddings() {
    return caseEmbeddings;
  }

  /** The device the parameters live on. */
  public Device device() {
    return manager.getDevice();
  }

  /** A new manager for one batch's arrays, on the model's device; close it after the batch. */
  public NDManager newBatchManager() {
    return manager.newSubManager();
  }

  /** Every parameter by name, in a stable order (encoder in Hugging Face order, then heads). */
  public Map<String, NDArray> parameters() {
    return Collections.unmodifiableMap(parameters);
  }

  /** The parameters that receive gradients, by name. */
  public Map<String, NDArray> trainableParameters() {
    Map<String, NDArray> trainable = new LinkedHashMap<>();
    parameters.forEach(
        (name, array) -> {
          if (array.hasGradient()) {
            trainable.put(name, array);
          }
        });
    return trainable;
  }

  /** Stops gradients for every parameter whose name matches; the others stay trainable. */
  public void freeze(Predicate<String> names) {
    parameters.forEach(
        (name, array) -> {
          if (names.test(name)) {
            array.setRequiresGradient(false);
          }
        });
  }

  /** Number of scalar values in all parameters. */
  public long parameterCount() {
    return parameters.values().stream().mapToLong(a -> a.getShape().size()).sum();
  }

  /** The torch-layout shape of a parameter. */
  public long[] shape(String name) {
    return parameter(name).getShape().getShape();
  }

  /** A copy of a parameter's values, row-major. */
  public float[] values(String name) {
    return parameter(name).toFloatArray();
  }

  /**
   * Overwrites a parameter's values in place.
   *
   * @throws IllegalArgumentException when the name is unknown or the shape differs
   */
  public void setValues(String name, long[] shape, float[] values) {
    NDArray target = parameter(name);
    long[] expected = target.getShape().getShape();
    if (!Arrays.equals(expected, shape)) {
      throw new IllegalArgumentException(
          "parameter "
              + name
              + ": expected shape "
              + Arrays.toString(expected)
              + ", found "
              + Arrays.toString(shape));
    }
    if (values.length != target.getShape().size()) {
      throw new IllegalArgumentException(
          "parameter "
              + name
              + ": expected "
              + target.getShape().size()
              + " values, found "
              + values.length);
    }
    target.set(values);
  }

  /**
   * Runs the encoder.
   *
   * @param inputs a padded batch on the model's device
   * @param training true to apply dropout
   * @return {@code last_hidden_state}, {@code [batch, sequence, hidden]}, in the inputs' manager
   */
  public NDArray encode(ModelInputs inputs, boolean training) {
    NDArray ids = inputs.inputIds();
    long batch = inputs.batchSize();
    long length = inputs.sequenceLength();
    if (length > config.maxPositions()) {
      throw new IllegalArgumentException(
          "expected at most " + config.maxPositions() + " tokens per row, found " + length);
    }
    NDArray positions =
        parameter(ParameterNames.POSITION_EMBEDDINGS).get(new NDIndex("0:" + length));
    // The slice is created in the parameters' long-lived manager; re-home it or it leaks per batch.
    positions.attach(ids.getManager());
    NDArray words = embed(ids, ParameterNames.WORD_EMBEDDINGS);
    if (caseEmbeddings) {
      if (inputs.caseIds() == null) {
        throw new IllegalArgumentException(
            "expected case ids for a model with case embeddings, found none");
      }
      words = words.add(embed(inputs.caseIds(), ParameterNames.CASE_EMBEDDINGS));
    }
    NDArray x =
        words
            .add(embed(inputs.tokenTypeIds(), ParameterNames.TOKEN_TYPE_EMBEDDINGS))
            .add(positions);
    x = dropout(layerNorm(x, ParameterNames.EMBEDDINGS_LAYER_NORM), training);

    NDArray additiveMask =
        inputs
            .attentionMask()
            .toType(DataType.FLOAT32, false)
            .neg()
            .add(1f)
            .mul(MASKED_SCORE)
            .reshape(batch, 1, 1, length);
    for (int i = 0; i < config.layers(); i++) {
      x = layer(x, additiveMask, ParameterNames.layerPrefix(i), training);
    }
    return x;
  }

  /**
   * Sentence logits from the {@code [CLS]} hidden state.
   *
   * @param hidden the encoder output
   * @param training true to apply dropout
   * @return {@code [batch, sentenceLabels]}
   */
  public NDArray sentenceLogits(NDArray hidden, boolean training) {
    if (sentenceLabels == 0) {
      throw new IllegalStateException("this model has no sentence head");
    }
    NDArray cls = hidden.get(new NDIndex(":, 0, :"));
    return linear(dropout(cls, training), "heads.sentence");
  }

  /**
   * Token logits for every position.
   *
   * @param hidden the encoder output
   * @param training true to apply dropout
   * @return {@code [batch, sequence, tokenTags]}
   */
  public NDArray tokenLogits(NDArray hidden, boolean training) {
    if (tokenTags == 0) {
      throw new IllegalStateException("this model has no token head");
    }
    return linear(dropout(hidden, training), "heads.token");
  }

  @Override
  public void close() {
    manager.close();
  }

  private NDArray layer(NDArray x, NDArray additiveMask, String p, boolean training) {
    long batch = x.getShape().get(0);
    long length = x.getShape().get(1);
    int heads = config.heads();
    int headSize = config.headSize();
    NDArray query =
        linear(x, p + "attention.self.query")
            .reshape(batch, length, heads, headSize)
            .transpose(0, 2, 1, 3);
    NDArray keyT =
        linear(x, p + "attention.self.key")
            .reshape(batch, length, heads, headSize)
            .transpose(0, 2, 3, 1);
    NDArray value =
        linear(x, p + "attention.self.value")
            .reshape(batch, length, heads, headSize)
            .transpose(0, 2, 1, 3);
    NDArray scores = query.matMul(keyT).mul(1f / (float) Math.sqrt(headSize)).add(additiveMask);
    NDArray probabilities = dropout(scores.softmax(-1), training);
    NDArray context =
        probabilities.matMul(value).transpose(0, 2, 1, 3).reshape(batch, length, config.hidden());
    NDArray attended = dropout(linear(context, p + "attention.output.dense"), training);
    NDArray h = layerNorm(attended.add(x), p + "attention.output.LayerNorm");
    NDArray inner = Activation.gelu(linear(h, p + "intermediate.dense"));
    NDArray out = dropout(linear(inner, p + "output.dense"), training);
    return layerNorm(out.add(h), p + "output.LayerNorm");
  }

  private NDArray embed(NDArray ids, String table) {
    return Embedding.embedding(ids, parameter(table), SparseFormat.DENSE).head();
  }

  private NDArray linear(NDArray x, String prefix) {
    return Linear.linear(x, parameter(prefix + ".weight"), parameter(prefix + ".bias")).head();
  }

  private NDArray layerNorm(NDArray x, String prefix) {
    return LayerNorm.layerNorm(
            x,
            new Shape(config.hidden()),
            parameter(prefix + ".weight"),
            parameter(prefix + ".bias"),
            config.layerNormEps())
        .head();
  }

  private NDArray dropout(NDArray x, boolean training) {
    if (!training || config.dropout() == 0f) {
      return x;
    }
    return Dropout.dropout(x, config.dropout(), true).head();
  }

  private NDArray parameter(String name) {
    NDArray array = parameters.get(name);
    if (array == null) {
      throw new IllegalArgumentException(
          "unknown parameter " + name + ", expected one of " + parameters.keySet());
    }
    return array;
  }

  private Map<String, long[]> expectedShapes() {
    int h = config.hidden();
    Map<String, long[]> shapes = new LinkedHashMap<>();
    for (String name : ParameterNames.encoder(config.layers())) {
      shapes.put(name, encoderShape(name, h));
    }
    if (caseEmbeddings) {
      shapes.put(ParameterNames.CASE_EMBEDDINGS, new long[] {CaseClass.COUNT, h});
    }
    if (sentenceLabels > 0) {
      shapes.put(ParameterNames.SENTENCE_HEAD_WEIGHT, new long[] {sentenceLabels, h});
      shapes.put(ParameterNames.SENTENCE_HEAD_BIAS, new long[] {sentenceLabels});
    }
    if (tokenTags > 0) {
      shapes.put(ParameterNames.TOKEN_HEAD_WEIGHT, new long[] {tokenTags, h});
      shapes.put(ParameterNames.TOKEN_HEAD_BIAS, new long[] {tokenTags});
    }
    return shapes;
  }

  private long[] encoderShape(String name, int h) {
    switch (name) {
      case ParameterNames.WORD_EMBEDDINGS:
        return new long[] {config.vocabSize(), h};
      case ParameterNames.POSITION_EMBEDDINGS:
        return new long[] {config.maxPositions(), h};
      case ParameterNames.TOKEN_TYPE_EMBEDDINGS:
        return new long[] {config.typeVocabSize(), h};
      default:
        break;
    }
    if (name.endsWith("intermediate.dense.weight")) {
      return new long[] {config.intermediate(), h};
    }
    if (name.endsWith("intermediate.dense.bias")) {
      return new long[] {config.intermediate()};
    }
    if (name.endsWith("output.dense.weight") && !name.contains("attention")) {
      return new long[] {h, config.intermediate()};
    }
    return name.endsWith(".weight") && !name.contains("LayerNorm")
        ? new long[] {h, h}
        : new long[] {h};
  }

  private NDArray initialValue(String name, long[] shape, Random random) {
    Shape s = new Shape(shape);
    NDArray array;
    if (name.contains("LayerNorm.weight")) {
      array = manager.ones(s);
    } else if (name.endsWith(".bias") || name.equals(ParameterNames.CASE_EMBEDDINGS)) {
      array = manager.zeros(s);
    } else {
      float[] values = new float[Math.toIntExact(s.size())];
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) (random.nextGaussian() * INIT_STDDEV);
      }
      array = manager.create(values, s);
    }
    array.setName(name);
    array.setRequiresGradient(true);
    return array;
  }
}
