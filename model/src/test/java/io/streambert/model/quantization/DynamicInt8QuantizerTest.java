package io.streambert.model.quantization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.streambert.model.onnx.OnnxModels;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The rewrite on a small graph: {@code x [2, 64] -> MatMul W1 [64, 96] -> Gemm(transB) W2 [out 64,
 * in 96] + bias -> MatMul W3 [64, 3]}.
 */
class DynamicInt8QuantizerTest {
  private static final int IN = 64;
  private static final int HIDDEN = 96;

  @Test
  void shouldRewriteLargeMatMulAndGemmWeightsAndKeepSmallOnesFp32() {
    // When the graph is quantized
    DynamicInt8Quantizer.Result r = DynamicInt8Quantizer.defaults().quantize(graph());

    // Then both large projections run as MatMulInteger on int8 weights, the 3-wide head stays
    assertThat(r.quantized()).containsExactly("dense1", "dense2");
    assertThat(r.kept()).containsExactly("head");
    OnnxMl.GraphProto g = r.model().getGraph();
    assertThat(opTypes(g))
        .containsExactly(
            "DynamicQuantizeLinear",
            "Mul",
            "MatMulInteger",
            "Cast",
            "Mul",
            "DynamicQuantizeLinear",
            "Mul",
            "MatMulInteger",
            "Cast",
            "Mul",
            "Add",
            "MatMul");
    OnnxMl.TensorProto w1 = initializer(g, "w1_quantized");
    assertThat(w1.getDataType()).isEqualTo(OnnxMl.TensorProto.DataType.INT8.getNumber());
    assertThat(w1.getDimsList()).containsExactly((long) IN, (long) HIDDEN);
    assertThat(initializer(g, "w1_scale").getDimsList()).containsExactly((long) HIDDEN);
    // the Gemm's [out, in] weight is stored transposed, in MatMul layout
    assertThat(initializer(g, "w2_t_quantized").getDimsList())
        .containsExactly((long) HIDDEN, (long) IN);
    assertThat(g.getInitializerList().stream().map(OnnxMl.TensorProto::getName))
        .doesNotContain("w1", "w2")
        .contains("w3", "b2");
  }

  @Test
  void shouldKeepOutputsCloseToTheFp32Graph() throws Exception {
    OnnxMl.ModelProto fp32 = graph();
    for (WeightGranularity granularity : WeightGranularity.values()) {
      OnnxMl.ModelProto int8 = new DynamicInt8Quantizer(granularity, 64).quantize(fp32).model();

      float[] expected = run(fp32);
      float[] actual = run(int8);

      float scale = 0;
      for (float v : expected) {
        scale = Math.max(scale, Math.abs(v));
      }
      for (int i = 0; i < expected.length; i++) {
        assertThat(Math.abs(actual[i] - expected[i])).isLessThan(0.05f * scale);
      }
    }
  }

  @Test
  void shouldRefuseAGraphThatIsAlreadyQuantized() {
    OnnxMl.ModelProto once = DynamicInt8Quantizer.defaults().quantize(graph()).model();
    assertThatThrownBy(() -> DynamicInt8Quantizer.defaults().quantize(once))
        .hasMessageStartingWith("expected an fp32 graph, found an already quantized node");
  }

  @Test
  void shouldRefuseAGraphWithNothingToQuantize() {
    assertThatThrownBy(
            () -> new DynamicInt8Quantizer(WeightGranularity.PER_CHANNEL, 512).quantize(graph()))
        .hasMessage(
            "expected MatMul/Gemm nodes with 2-D float weights of at least 512 x 512, found none");
  }

  @Test
  void shouldRefuseAnOpsetWithoutDynamicQuantizeLinear() {
    OnnxMl.ModelProto old =
        graph().toBuilder()
            .clearOpsetImport()
            .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(10))
            .build();
    assertThatThrownBy(() -> DynamicInt8Quantizer.defaults().quantize(old))
        .hasMessageStartingWith("expected ONNX opset >= 11 (DynamicQuantizeLinear), found 10");
  }

  private static float[] run(OnnxMl.ModelProto model) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    float[] x = random(2 * IN, 3);
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(model.toByteArray(), options);
        OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {2, IN});
        OrtSession.Result result = session.run(Map.of("x", input))) {
      FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
      float[] values = new float[out.remaining()];
      out.get(values);
      return values;
    }
  }

  private static OnnxMl.ModelProto graph() {
    OnnxMl.GraphProto.Builder g =
        OnnxMl.GraphProto.newBuilder()
            .setName("tiny")
            .addInput(floatInfo("x", 2, IN))
            .addOutput(floatInfo("y", 2, 3))
            .addInitializer(
                OnnxModels.floatTensor("w1", new long[] {IN, HIDDEN}, random(IN * HIDDEN, 1)))
            .addInitializer(
                OnnxModels.floatTensor("w2", new long[] {IN, HIDDEN}, random(IN * HIDDEN, 2)))
            .addInitializer(OnnxModels.floatTensor("b2", new long[] {IN}, random(IN, 4)))
            .addInitializer(OnnxModels.floatTensor("w3", new long[] {IN, 3}, random(IN * 3, 5)))
            .addNode(node("MatMul", "dense1", List.of("x", "w1"), "h1"))
            .addNode(
                node("Gemm", "dense2", List.of("h1", "w2", "b2"), "h2").toBuilder()
                    .addAttribute(
                        OnnxMl.AttributeProto.newBuilder()
                            .setName("transB")
                            .setType(OnnxMl.AttributeProto.AttributeType.INT)
                            .setI(1)))
            .addNode(node("MatMul", "head", List.of("h2", "w3"), "y"));
    return OnnxMl.ModelProto.newBuilder()
        .setIrVersion(7)
        .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(13))
        .setGraph(g)
        .build();
  }

  private static OnnxMl.NodeProto node(String op, String name, List<String> in, String out) {
    return OnnxMl.NodeProto.newBuilder()
        .setOpType(op)
        .setName(name)
        .addAllInput(in)
        .addOutput(out)
        .build();
  }

  private static OnnxMl.ValueInfoProto floatInfo(String name, long... dims) {
    OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
    for (long d : dims) {
      shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
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

  private static float[] random(int n, long seed) {
    Random random = new Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (random.nextGaussian() * 0.2);
    }
    return v;
  }

  private static List<String> opTypes(OnnxMl.GraphProto g) {
    return g.getNodeList().stream().map(OnnxMl.NodeProto::getOpType).toList();
  }

  private static OnnxMl.TensorProto initializer(OnnxMl.GraphProto g, String name) {
    return g.getInitializerList().stream()
        .filter(t -> t.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("expected initializer " + name + ", found none"));
  }
}
