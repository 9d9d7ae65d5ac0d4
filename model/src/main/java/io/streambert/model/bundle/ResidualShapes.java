package io.streambert.model.bundle;

import ai.onnx.proto.OnnxMl;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Declares the shape {@code [batch, sequence, hidden]} of every residual Add of an encoder graph
 * (its inputs and its output) as value info, with the batch and sequence dims named as in the
 * graph's {@code input_ids}.
 *
 * <p>ONNX Runtime's SkipLayerNormalization fusion on the CPU fuses {@code Add} then LayerNorm only
 * when both Add inputs are known to be 3-D with equal dims, values or names. The exported graph
 * carries no value info, and the shapes ONNX Runtime infers through the attention's reshapes lose
 * the sequence dim's name, so without this no layer's residual Add is fused.
 *
 * <p>A residual Add is one whose two inputs are outputs of Adds (the dense layer's bias Add and the
 * previous LayerNorm's final Add) and whose output feeds a {@code ReduceMean} (the next LayerNorm).
 * The embeddings' Adds, which take Gather outputs, are left alone: the position embeddings
 * broadcast over the batch.
 */
final class ResidualShapes {

  private static final String INPUT_IDS = "input_ids";

  private ResidualShapes() {}

  /**
   * Adds the value info; a graph whose {@code input_ids} has no named batch and sequence dims is
   * left as it is.
   *
   * @return how many residual Adds were declared
   */
  static int declare(OnnxMl.GraphProto.Builder g, int hidden) {
    OnnxMl.TensorShapeProto.Dimension batch = null;
    OnnxMl.TensorShapeProto.Dimension sequence = null;
    for (OnnxMl.ValueInfoProto input : g.getInputList()) {
      if (input.getName().equals(INPUT_IDS)) {
        OnnxMl.TensorShapeProto shape = input.getType().getTensorType().getShape();
        if (shape.getDimCount() == 2
            && shape.getDim(0).hasDimParam()
            && shape.getDim(1).hasDimParam()) {
          batch = shape.getDim(0);
          sequence = shape.getDim(1);
        }
      }
    }
    if (batch == null) {
      return 0;
    }
    Map<String, OnnxMl.NodeProto> producers = new HashMap<>();
    Set<String> intoReduceMean = new HashSet<>();
    for (OnnxMl.NodeProto node : g.getNodeList()) {
      node.getOutputList().forEach(o -> producers.put(o, node));
      if (node.getOpType().equals("ReduceMean")) {
        intoReduceMean.addAll(node.getInputList());
      }
    }
    Set<String> declared = new HashSet<>();
    g.getValueInfoList().forEach(v -> declared.add(v.getName()));
    Set<String> names = new LinkedHashSet<>();
    int residuals = 0;
    for (OnnxMl.NodeProto node : g.getNodeList()) {
      if (isAdd(node)
          && node.getInputCount() == 2
          && isAdd(producers.get(node.getInput(0)))
          && isAdd(producers.get(node.getInput(1)))
          && intoReduceMean.contains(node.getOutput(0))) {
        names.addAll(node.getInputList());
        names.add(node.getOutput(0));
        residuals++;
      }
    }
    OnnxMl.TensorShapeProto shape =
        OnnxMl.TensorShapeProto.newBuilder()
            .addDim(batch)
            .addDim(sequence)
            .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(hidden))
            .build();
    for (String name : names) {
      if (declared.add(name)) {
        g.addValueInfo(
            OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(
                    OnnxMl.TypeProto.newBuilder()
                        .setTensorType(
                            OnnxMl.TypeProto.Tensor.newBuilder()
                                .setElemType(OnnxMl.TensorProto.DataType.FLOAT_VALUE)
                                .setShape(shape))));
      }
    }
    return residuals;
  }

  private static boolean isAdd(OnnxMl.NodeProto node) {
    return node != null && node.getOpType().equals("Add") && node.getDomain().isEmpty();
  }
}
