package io.streambert.model.bundle;

import ai.onnx.proto.OnnxMl;
import java.util.HashSet;
import java.util.Set;

/**
 * Puts the bias second in every {@code Add(bias, x)} of an encoder graph, where the bias is an
 * initializer of rank 1: {@code Add(x, bias)}. The sum is the same, element by element.
 *
 * <p>PyTorch exports a linear layer as {@code MatMul} then {@code Add(bias, product)}; ONNX
 * Runtime's Attention fusion on the CPU matches only {@code Add(product, bias)} (it walks each
 * Add's first input to the MatMul and reads the bias from the second), so with the exporter's order
 * no layer's attention is fused.
 */
final class BiasAddOrder {

  private BiasAddOrder() {}

  /**
   * Swaps the inputs of the Adds whose first input is a rank-1 initializer and whose second is not
   * an initializer.
   *
   * @return how many Adds were swapped
   */
  static int biasSecond(OnnxMl.GraphProto.Builder g) {
    Set<String> initializers = new HashSet<>();
    Set<String> vectors = new HashSet<>();
    for (OnnxMl.TensorProto t : g.getInitializerList()) {
      initializers.add(t.getName());
      if (t.getDimsCount() == 1) {
        vectors.add(t.getName());
      }
    }
    int swapped = 0;
    for (int i = 0; i < g.getNodeCount(); i++) {
      OnnxMl.NodeProto node = g.getNode(i);
      if (node.getOpType().equals("Add")
          && node.getDomain().isEmpty()
          && node.getInputCount() == 2
          && vectors.contains(node.getInput(0))
          && !initializers.contains(node.getInput(1))) {
        g.setNode(
            i,
            node.toBuilder().setInput(0, node.getInput(1)).setInput(1, node.getInput(0)).build());
        swapped++;
      }
    }
    return swapped;
  }
}
