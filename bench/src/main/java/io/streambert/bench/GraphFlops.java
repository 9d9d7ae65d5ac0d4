package io.streambert.bench;

import ai.onnx.proto.OnnxMl;
import io.streambert.model.onnx.OnnxModels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Floating-point operations per token of an encoder graph, read from the graph itself so that a
 * 12-layer bundle is not measured against a 6-layer figure: two per weight of every {@code MatMul}
 * or {@code Gemm} whose weight is a 2-D initializer (the dense layers and the heads; attention's
 * score products, which grow with the sequence length, are left out).
 */
final class GraphFlops {

  private GraphFlops() {}

  /** FLOP per token of the graph in {@code onnx}. */
  static double perToken(Path onnx) throws IOException {
    OnnxMl.GraphProto graph = OnnxModels.read(onnx).getGraph();
    Map<String, OnnxMl.TensorProto> initializers = new HashMap<>();
    for (OnnxMl.TensorProto t : graph.getInitializerList()) {
      initializers.put(t.getName(), t);
    }
    long weights = 0;
    for (OnnxMl.NodeProto node : graph.getNodeList()) {
      if (!node.getOpType().equals("MatMul") && !node.getOpType().equals("Gemm")) {
        continue;
      }
      if (node.getInputCount() < 2) {
        continue;
      }
      OnnxMl.TensorProto weight = initializers.get(node.getInput(1));
      if (weight != null && weight.getDimsCount() == 2) {
        weights += weight.getDims(0) * weight.getDims(1);
      }
    }
    if (weights == 0) {
      throw new IllegalArgumentException(
          "expected MatMul or Gemm nodes with 2-D weight initializers in " + onnx + ", found none");
    }
    return 2.0 * weights;
  }
}
