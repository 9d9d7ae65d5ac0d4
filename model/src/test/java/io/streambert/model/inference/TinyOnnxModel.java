package io.streambert.model.inference;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a tiny two-head ONNX model whose logits are simple functions of the token ids, so tests
 * can compute the expected outputs by hand.
 *
 * <ul>
 *   <li>{@code entity_logits[b, t, :] = tokenTable[ids[b, t], :]}
 *   <li>{@code sentiment_logits[b, :] = sum_t mask[b, t] * sentenceTable[ids[b, t], :]}
 * </ul>
 */
final class TinyOnnxModel {
  static final int VOCAB = 64;

  private boolean tokenTypeIds = true;
  private boolean attentionMask = true;
  private String extraInput;
  private String sentimentOutput = "sentiment_logits";
  private String entityOutput = "entity_logits";
  private int labels = 2;
  private int tags = 5;

  TinyOnnxModel withoutTokenTypeIds() {
    tokenTypeIds = false;
    return this;
  }

  TinyOnnxModel withoutAttentionMask() {
    attentionMask = false;
    return this;
  }

  TinyOnnxModel withExtraInput(String name) {
    extraInput = name;
    return this;
  }

  TinyOnnxModel sentimentOutput(String name) {
    sentimentOutput = name;
    return this;
  }

  TinyOnnxModel entityOutput(String name) {
    entityOutput = name;
    return this;
  }

  TinyOnnxModel labels(int labels) {
    this.labels = labels;
    return this;
  }

  TinyOnnxModel tags(int tags) {
    this.tags = tags;
    return this;
  }

  /** Logit of tag {@code k} for token id {@code id}: id 10+k is a confident tag k, others O. */
  static float tokenLogit(int id, int k) {
    int tag = id >= 10 && id < 10 + 16 ? id - 10 : 0;
    return k == tag ? 6f : (k == 0 ? 1f : -1f) + 0.01f * id;
  }

  /** Sentence logit of label {@code k} contributed by one token id. */
  static float sentenceLogit(int id, int k) {
    return k == 0 ? 0.05f * id : -0.03f * id + 0.5f;
  }

  Path writeTo(Path file) throws IOException {
    GraphProto.Builder graph = GraphProto.newBuilder().setName("tiny");
    graph.addInput(tensor("input_ids", TensorProto.DataType.INT64, "batch", "seq"));
    if (attentionMask) {
      graph.addInput(tensor("attention_mask", TensorProto.DataType.INT64, "batch", "seq"));
    }
    if (tokenTypeIds) {
      graph.addInput(tensor("token_type_ids", TensorProto.DataType.INT64, "batch", "seq"));
    }
    if (extraInput != null) {
      graph.addInput(tensor(extraInput, TensorProto.DataType.INT64, "batch", "seq"));
    }
    graph.addInitializer(table("token_table", tags, TinyOnnxModel::tokenLogit));
    graph.addInitializer(table("sentence_table", labels, TinyOnnxModel::sentenceLogit));
    graph.addInitializer(longs("axis_last", -1));
    graph.addInitializer(longs("axis_seq", 1));
    graph.addNode(node("Gather", List.of("token_table", "input_ids"), entityOutput));
    graph.addNode(node("Gather", List.of("sentence_table", "input_ids"), "per_token"));
    String mask = attentionMask ? "attention_mask" : "input_ids";
    String castMask = attentionMask ? "mask_f" : "ids_f";
    graph.addNode(
        node("Cast", List.of(mask), castMask).toBuilder()
            .addAttribute(
                AttributeProto.newBuilder()
                    .setName("to")
                    .setType(AttributeProto.AttributeType.INT)
                    .setI(TensorProto.DataType.FLOAT_VALUE))
            .build());
    graph.addNode(node("Unsqueeze", List.of(castMask, "axis_last"), "mask3"));
    graph.addNode(node("Mul", List.of("per_token", "mask3"), "masked"));
    graph.addNode(
        node("ReduceSum", List.of("masked", "axis_seq"), sentimentOutput).toBuilder()
            .addAttribute(
                AttributeProto.newBuilder()
                    .setName("keepdims")
                    .setType(AttributeProto.AttributeType.INT)
                    .setI(0))
            .build());
    graph.addOutput(tensor(entityOutput, TensorProto.DataType.FLOAT, "batch", "seq", tags));
    graph.addOutput(tensor(sentimentOutput, TensorProto.DataType.FLOAT, "batch", labels));
    ModelProto model =
        ModelProto.newBuilder()
            .setIrVersion(8)
            .setProducerName("streambert-test")
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
            .setGraph(graph)
            .build();
    try (OutputStream out = Files.newOutputStream(file)) {
      model.writeTo(out);
    }
    return file;
  }

  private interface Cell {
    float at(int id, int k);
  }

  private static TensorProto table(String name, int width, Cell cell) {
    TensorProto.Builder t =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.FLOAT_VALUE)
            .addDims(VOCAB)
            .addDims(width);
    for (int id = 0; id < VOCAB; id++) {
      for (int k = 0; k < width; k++) {
        t.addFloatData(cell.at(id, k));
      }
    }
    return t.build();
  }

  private static TensorProto longs(String name, long value) {
    return TensorProto.newBuilder()
        .setName(name)
        .setDataType(TensorProto.DataType.INT64_VALUE)
        .addDims(1)
        .addInt64Data(value)
        .build();
  }

  private static NodeProto node(String op, List<String> inputs, String output) {
    return NodeProto.newBuilder()
        .setOpType(op)
        .setName(op + "_" + output)
        .addAllInput(inputs)
        .addOutput(output)
        .build();
  }

  private static ValueInfoProto tensor(String name, TensorProto.DataType type, Object... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    List<TensorShapeProto.Dimension> list = new ArrayList<>();
    for (Object d : dims) {
      TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
      if (d instanceof String s) {
        dim.setDimParam(s);
      } else {
        dim.setDimValue(((Number) d).longValue());
      }
      list.add(dim.build());
    }
    shape.addAllDim(list);
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape)))
        .build();
  }
}
