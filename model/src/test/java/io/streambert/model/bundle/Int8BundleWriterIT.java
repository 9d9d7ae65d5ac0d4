package io.streambert.model.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.streambert.model.OnnxTextModel;
import io.streambert.model.TextPrediction;
import io.streambert.model.encoding.EncodedText;
import io.streambert.model.inference.EngineConfig;
import io.streambert.model.onnx.OnnxModels;
import io.streambert.model.testing.TestBundles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The int8 bundle of the real MiniLM test bundle: its graph, its manifest, and how it serves. */
class Int8BundleWriterIT {
  private static final int ENCODER_PROJECTIONS = 6 * 6;
  private static final List<String> SENTENCES =
      List.of(
          "Angela Merkel met Emmanuel Macron in Paris on Tuesday.",
          "The film is a charming, often hilarious journey.",
          "Shares of Siemens AG fell 3% in Frankfurt after the U.S. announced new tariffs.",
          "Terrible.");

  @TempDir static Path tmp;
  static ModelBundle fp32;
  static ModelBundle int8;

  @BeforeAll
  static void quantize() throws Exception {
    fp32 = TestBundles.miniLmBothTasks();
    int8 = Int8BundleWriter.from(fp32).writeTo(tmp.resolve("int8"));
  }

  @Test
  void shouldRecordInt8PrecisionAndKeepTheTasksAndTokenizer() throws Exception {
    BundleManifest m = int8.manifest();

    assertThat(m.precision()).isEqualTo(Precision.INT8);
    assertThat(fp32.manifest().precision()).isEqualTo(Precision.FP32);
    assertThat(m.modelVersion()).isEqualTo(TestBundles.VERSION + "-int8");
    assertThat(m.tasks()).isEqualTo(fp32.manifest().tasks());
    assertThat(Files.readAllBytes(int8.tokenizerPath()))
        .isEqualTo(Files.readAllBytes(fp32.tokenizerPath()));
    assertThat(Files.size(int8.onnxPath())).isLessThan(Files.size(fp32.onnxPath()) * 7 / 10);
  }

  @Test
  void shouldRunEveryEncoderProjectionOnInt8WeightsAndKeepTheHeadsFp32() throws Exception {
    OnnxMl.GraphProto g = OnnxModels.read(int8.onnxPath()).getGraph();
    Map<String, Integer> ops = opCounts(g);

    assertThat(ops.get("MatMulInteger")).isEqualTo(ENCODER_PROJECTIONS);
    // one activation quantizer per distinct input: Q, K and V share theirs
    assertThat(ops.get("DynamicQuantizeLinear")).isEqualTo(6 * 4);
    List<OnnxMl.TensorProto> int8Weights =
        g.getInitializerList().stream().filter(t -> t.getName().endsWith("_quantized")).toList();
    assertThat(int8Weights).hasSize(ENCODER_PROJECTIONS);
    assertThat(int8Weights)
        .allSatisfy(
            t ->
                assertThat(t.getDataType())
                    .isEqualTo(OnnxMl.TensorProto.DataType.INT8.getNumber()));
    // the heads' weights stay fp32; the remaining float MatMuls are attention's activation products
    assertThat(g.getInitializerList().stream().map(OnnxMl.TensorProto::getName))
        .contains("sentiment_head.weight", "entity_head.weight_t");
    assertThat(ops.get("MatMul")).isEqualTo(6 * 2 + 1);
  }

  @Test
  void shouldBeFusedByOnnxRuntimeIntoItsInt8MatMulKernels() throws Exception {
    Path optimized = tmp.resolve("optimized.onnx");
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.EXTENDED_OPT);
      options.setOptimizedModelFilePath(optimized.toString());
      try (OrtSession session =
          OrtEnvironment.getEnvironment().createSession(int8.onnxPath().toString(), options)) {
        assertThat(session.getOutputNames()).contains("sentiment_logits");
      }
    }
    Map<String, Integer> ops = opCounts(OnnxModels.read(optimized).getGraph());

    int fused =
        ops.getOrDefault("com.microsoft:DynamicQuantizeMatMul", 0)
            + ops.getOrDefault("com.microsoft:MatMulIntegerToFloat", 0);
    assertThat(fused).as("fused int8 MatMuls in %s", ops).isEqualTo(ENCODER_PROJECTIONS);
    assertThat(ops).doesNotContainKey("MatMulInteger");
  }

  @Test
  void shouldServeLogitsCloseToTheFp32Bundle() throws Exception {
    try (OnnxTextModel a = OnnxTextModel.load(fp32, EngineConfig.defaults());
        OnnxTextModel b = OnnxTextModel.load(int8, EngineConfig.defaults())) {
      List<TextPrediction> expected = predict(a);
      List<TextPrediction> actual = predict(b);
      for (int i = 0; i < SENTENCES.size(); i++) {
        Map<String, Float> e = expected.get(i).sentiment().orElseThrow().probabilities();
        Map<String, Float> f = actual.get(i).sentiment().orElseThrow().probabilities();
        for (String label : e.keySet()) {
          assertThat(Math.abs(e.get(label) - f.get(label)))
              .as("sentence %d label %s", i, label)
              .isLessThan(0.1f);
        }
      }
    }
  }

  @Test
  void shouldRefuseToQuantizeAnInt8Bundle() {
    assertThatThrownBy(() -> Int8BundleWriter.from(int8))
        .hasMessage(
            "expected an FP32 bundle to quantize, found INT8 bundle "
                + TestBundles.VERSION
                + "-int8");
  }

  @Test
  void shouldWriteTheSameGraphTwice() throws Exception {
    ModelBundle again = Int8BundleWriter.from(fp32).writeTo(tmp.resolve("again"));
    assertThat(again.manifest().files().get(BundleBuilder.MODEL_FILE))
        .isEqualTo(int8.manifest().files().get(BundleBuilder.MODEL_FILE));
  }

  private static List<TextPrediction> predict(OnnxTextModel model) throws Exception {
    List<EncodedText> texts = new ArrayList<>();
    for (String s : SENTENCES) {
      texts.add(model.encode(s));
    }
    return model.predict(texts);
  }

  private static Map<String, Integer> opCounts(OnnxMl.GraphProto g) {
    Map<String, Integer> ops = new TreeMap<>();
    for (OnnxMl.NodeProto n : g.getNodeList()) {
      String domain = n.getDomain().isEmpty() ? "" : n.getDomain() + ":";
      ops.merge(domain + n.getOpType(), 1, Integer::sum);
    }
    return ops;
  }
}
