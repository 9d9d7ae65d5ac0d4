package io.streambert.model.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl;
import io.streambert.model.onnx.OnnxModels;
import org.junit.jupiter.api.Test;

class BiasAddOrderTest {

  private static OnnxMl.NodeProto add(String name, String a, String b) {
    return OnnxMl.NodeProto.newBuilder()
        .setOpType("Add")
        .setName(name)
        .addInput(a)
        .addInput(b)
        .addOutput(name + "_out")
        .build();
  }

  @Test
  void shouldPutARank1InitializerSecondAndLeaveEveryOtherAddAlone() {
    OnnxMl.GraphProto.Builder g =
        OnnxMl.GraphProto.newBuilder()
            .addInitializer(OnnxModels.floatTensor("bias", new long[] {2}, new float[] {1, 2}))
            .addInitializer(OnnxModels.floatTensor("table", new long[] {1, 2}, new float[] {1, 2}))
            .addNode(add("biasFirst", "bias", "product"))
            .addNode(add("biasSecond", "product", "bias"))
            .addNode(add("matrixFirst", "table", "product"))
            .addNode(add("residual", "product", "skip"))
            .addNode(add("constants", "bias", "bias"));

    int swapped = BiasAddOrder.biasSecond(g);

    assertThat(swapped).isEqualTo(1);
    assertThat(g.getNodeList())
        .extracting(n -> n.getName() + "(" + String.join(",", n.getInputList()) + ")")
        .containsExactly(
            "biasFirst(product,bias)",
            "biasSecond(product,bias)",
            "matrixFirst(table,product)",
            "residual(product,skip)",
            "constants(bias,bias)");
  }
}
