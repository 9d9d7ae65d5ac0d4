package io.streambert.model.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import io.streambert.model.OnnxTextModel;
import io.streambert.model.encoding.TokenWindow;
import io.streambert.model.inference.EncodedBatch;
import io.streambert.model.inference.EngineConfig;
import io.streambert.model.onnx.OptimizedGraph;
import io.streambert.model.testing.TestBundles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fp32 bundle's encoder as ONNX Runtime serves it on the CPU: attention and every residual Add
 * with its LayerNorm fused, same logits.
 */
class FusedAttentionIT {
  private static final int LAYERS = 6;
  private static final List<String> SENTENCES =
      List.of(
          "Angela Merkel met Emmanuel Macron in Paris on Tuesday.",
          "The film is a charming, often hilarious journey.",
          "Terrible.");

  @TempDir Path tmp;

  @Test
  void shouldFuseEveryLayersAttentionAtTheServingOptimizationLevel() throws Exception {
    ModelBundle bundle = TestBundles.miniLmBothTasks();

    Map<String, Integer> ops =
        OptimizedGraph.opCounts(
            OptimizedGraph.optimize(bundle.onnxPath(), OptLevel.ALL_OPT, tmp.resolve("all.onnx")));

    assertThat(ops).containsEntry("com.microsoft:Attention", LAYERS);
    assertThat(ops).doesNotContainKey("Softmax");
  }

  @Test
  void shouldFuseEveryResidualAddWithTheLayerNormAfterIt() throws Exception {
    ModelBundle bundle = TestBundles.miniLmBothTasks();

    Map<String, Integer> ops =
        OptimizedGraph.opCounts(
            OptimizedGraph.optimize(bundle.onnxPath(), OptLevel.ALL_OPT, tmp.resolve("all.onnx")));

    // Two residual Adds per layer; only the embeddings' LayerNorm stays on its own.
    assertThat(ops).containsEntry("com.microsoft:SkipLayerNormalization", 2 * LAYERS);
    assertThat(ops).containsEntry("LayerNormalization", 1);
  }

  @Test
  void shouldGiveTheLogitsOfTheUnfusedGraph() throws Exception {
    ModelBundle bundle = TestBundles.miniLmBothTasks();
    List<TokenWindow> windows = new ArrayList<>();
    try (OnnxTextModel model = OnnxTextModel.load(bundle, EngineConfig.defaults())) {
      for (String s : SENTENCES) {
        windows.addAll(model.encode(s).windows());
      }
    }
    EncodedBatch batch = EncodedBatch.padToLongest(windows, 0);

    float[][] fused = logits(bundle, OptLevel.ALL_OPT, batch);
    float[][] unfused = logits(bundle, OptLevel.BASIC_OPT, batch);

    for (int row = 0; row < fused.length; row++) {
      for (int k = 0; k < fused[row].length; k++) {
        assertThat(fused[row][k])
            .as("window %d logit %d", row, k)
            .isCloseTo(unfused[row][k], org.assertj.core.data.Offset.offset(1e-4f));
      }
    }
  }

  private static float[][] logits(ModelBundle bundle, OptLevel level, EncodedBatch batch)
      throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(level);
      try (OrtSession session = env.createSession(bundle.onnxPath().toString(), options);
          OnnxTensor ids = OnnxTensor.createTensor(env, batch.inputIds(), batch.shape());
          OnnxTensor mask = OnnxTensor.createTensor(env, batch.attentionMask(), batch.shape());
          OnnxTensor types = OnnxTensor.createTensor(env, batch.typeIds(), batch.shape());
          OrtSession.Result result =
              session.run(
                  Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types),
                  java.util.Set.of(HeadGraph.SENTENCE_OUTPUT))) {
        return (float[][]) result.get(0).getValue();
      }
    }
  }
}
