package io.streambert.model.bundle;

import ai.onnx.proto.OnnxMl;
import io.streambert.model.onnx.OnnxModels;
import io.streambert.model.onnx.WeightTensor;

/** Appends linear task heads to an encoder graph's {@code last_hidden_state}. */
final class HeadGraph {

  /** Output name of the sentence-classification head. */
  static final String SENTENCE_OUTPUT = "sentiment_logits";

  /** Output name of the token-classification head. */
  static final String TOKEN_OUTPUT = "entity_logits";

  private HeadGraph() {}

  /**
   * Sentence head: {@code Gather(hidden, 0, axis=1)} takes the [CLS] vector, then {@code
   * Gemm(transB=1)} applies {@code W [labels, hidden]} and the bias.
   */
  static void addSentenceHead(OnnxMl.GraphProto.Builder g, String hidden, HeadWeights w) {
    String p = "sentiment_head.";
    g.addInitializer(OnnxModels.longTensor(p + "cls_index", new long[0], new long[] {0}));
    g.addInitializer(
        OnnxModels.floatTensor(p + "weight", new long[] {w.labels(), w.hidden()}, w.weight()));
    g.addInitializer(OnnxModels.floatTensor(p + "bias", new long[] {w.labels()}, w.bias()));
    g.addNode(
        OnnxMl.NodeProto.newBuilder()
            .setOpType("Gather")
            .setName(p + "gather_cls")
            .addInput(hidden)
            .addInput(p + "cls_index")
            .addOutput(p + "cls")
            .addAttribute(intAttr("axis", 1)));
    g.addNode(
        OnnxMl.NodeProto.newBuilder()
            .setOpType("Gemm")
            .setName(p + "gemm")
            .addInput(p + "cls")
            .addInput(p + "weight")
            .addInput(p + "bias")
            .addOutput(SENTENCE_OUTPUT)
            .addAttribute(intAttr("transB", 1)));
    g.addOutput(floatOutput(SENTENCE_OUTPUT, "batch", w.labels()));
  }

  /** Token head: {@code MatMul} with {@code W^T [hidden, tags]} then {@code Add} of the bias. */
  static void addTokenHead(OnnxMl.GraphProto.Builder g, String hidden, HeadWeights w) {
    String p = "entity_head.";
    int rows = w.labels();
    WeightTensor transposed =
        new WeightTensor(p + "weight_t", new long[] {rows, w.hidden()}, w.weight()).transposed();
    g.addInitializer(
        OnnxModels.floatTensor(transposed.name(), transposed.shape(), transposed.values()));
    g.addInitializer(OnnxModels.floatTensor(p + "bias", new long[] {rows}, w.bias()));
    g.addNode(
        OnnxMl.NodeProto.newBuilder()
            .setOpType("MatMul")
            .setName(p + "matmul")
            .addInput(hidden)
            .addInput(p + "weight_t")
            .addOutput(p + "projected"));
    g.addNode(
        OnnxMl.NodeProto.newBuilder()
            .setOpType("Add")
            .setName(p + "add_bias")
            .addInput(p + "projected")
            .addInput(p + "bias")
            .addOutput(TOKEN_OUTPUT));
    g.addOutput(floatOutput(TOKEN_OUTPUT, "batch", "sequence", rows));
  }

  private static OnnxMl.AttributeProto intAttr(String name, long value) {
    return OnnxMl.AttributeProto.newBuilder()
        .setName(name)
        .setType(OnnxMl.AttributeProto.AttributeType.INT)
        .setI(value)
        .build();
  }

  private static OnnxMl.ValueInfoProto floatOutput(String name, Object... dims) {
    OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
    for (Object d : dims) {
      OnnxMl.TensorShapeProto.Dimension.Builder dim =
          OnnxMl.TensorShapeProto.Dimension.newBuilder();
      if (d instanceof String s) {
        dim.setDimParam(s);
      } else {
        dim.setDimValue(((Number) d).longValue());
      }
      shape.addDim(dim);
    }
    return OnnxMl.ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            OnnxMl.TypeProto.newBuilder()
                .setTensorType(
                    OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                        .setShape(shape)))
        .build();
  }
}
