package io.streambert.model.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl;
import org.junit.jupiter.api.Test;

class ResidualShapesTest {

  private static OnnxMl.NodeProto node(String op, String output, String... inputs) {
    return OnnxMl.NodeProto.newBuilder()
        .setOpType(op)
        .setName(output)
        .addAllInput(java.util.List.of(inputs))
        .addOutput(output)
        .build();
  }

  private static OnnxMl.ValueInfoProto inputIds(boolean named) {
    OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
    if (named) {
      shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch_size"));
      shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("sequence_length"));
    } else {
      shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(1));
      shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(8));
    }
    return OnnxMl.ValueInfoProto.newBuilder()
        .setName("input_ids")
        .setType(
            OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(7).setShape(shape)))
        .build();
  }

  /** Embeddings (Gather + Add), one layer's residual Add into a LayerNorm, a stray Add. */
  private static OnnxMl.GraphProto.Builder encoder(boolean namedDims) {
    return OnnxMl.GraphProto.newBuilder()
        .addInput(inputIds(namedDims))
        .addNode(node("Gather", "words", "table", "input_ids"))
        .addNode(node("Gather", "positions", "ptable", "pids"))
        .addNode(node("Add", "embedded", "words", "positions"))
        .addNode(node("ReduceMean", "mean0", "embedded"))
        .addNode(node("Add", "ln0", "scaled0", "beta0"))
        .addNode(node("MatMul", "product", "ln0", "w"))
        .addNode(node("Add", "dense", "product", "b"))
        .addNode(node("Add", "residual", "dense", "ln0"))
        .addNode(node("ReduceMean", "mean1", "residual"))
        .addNode(node("Add", "stray", "dense", "ln0"));
  }

  @Test
  void shouldDeclareTheResidualAddsInputsAndOutputOnly() {
    OnnxMl.GraphProto.Builder g = encoder(true);

    int residuals = ResidualShapes.declare(g, 384);

    assertThat(residuals).isEqualTo(1);
    assertThat(g.getValueInfoList())
        .extracting(OnnxMl.ValueInfoProto::getName)
        .containsExactlyInAnyOrder("dense", "ln0", "residual");
    OnnxMl.TensorShapeProto shape = g.getValueInfo(0).getType().getTensorType().getShape();
    assertThat(shape.getDimList())
        .extracting(d -> d.hasDimValue() ? Long.toString(d.getDimValue()) : d.getDimParam())
        .containsExactly("batch_size", "sequence_length", "384");
  }

  @Test
  void shouldLeaveAGraphWithoutNamedInputDimsAsItIs() {
    OnnxMl.GraphProto.Builder g = encoder(false);

    assertThat(ResidualShapes.declare(g, 384)).isZero();
    assertThat(g.getValueInfoList()).isEmpty();
  }
}
