package io.streambert.model.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambert.model.bundle.BundleManifest.OnnxInputs;
import io.streambert.model.encoding.TokenWindow;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxEngineTest {
  private static final EngineConfig CPU =
      EngineConfig.builder().provider(ExecutionProvider.CPU).intraOpThreads(1).build();

  @TempDir Path dir;

  private Path tiny() throws Exception {
    return new TinyOnnxModel().writeTo(dir.resolve("tiny.onnx"));
  }

  @Test
  void shouldRunOnCpuWhenCpuIsRequested() throws Exception {
    try (OnnxEngine engine = OnnxEngine.open(tiny(), OnnxInputs.bert(), CPU)) {
      assertThat(engine.provider()).isEqualTo(ExecutionProvider.CPU);
      assertThat(engine.providerDecision()).isEqualTo("CPU (requested)");
      assertThat(engine.runtimeVersion()).isNotBlank();

      TokenWindow window = fourTokens();
      Map<String, Logits> out =
          engine.run(
              EncodedBatch.padTo(List.of(window), 0, 6),
              List.of("entity_logits", "sentiment_logits"));

      assertThat(out.get("entity_logits").shape()).containsExactly(1, 6, 5);
      assertThat(out.get("entity_logits").row(0, 1)[1]).isEqualTo(6f);
      float expectedNegative = 0.05f * (1 + 11 + 13 + 2);
      assertThat(out.get("sentiment_logits").row(0)[0]).isCloseTo(expectedNegative, within());
    }
  }

  @Test
  void shouldGiveTheSameLogitsWithOnnxRuntimesMemoryOptionsOff() throws Exception {
    Path model = tiny();
    EngineConfig lean =
        CPU.toBuilder().cpuMemoryArena(false).memoryPattern(false).weightPrepacking(false).build();
    TokenWindow window = fourTokens();
    List<String> outputs = List.of("entity_logits", "sentiment_logits");

    Map<String, Logits> expected;
    try (OnnxEngine engine = OnnxEngine.open(model, OnnxInputs.bert(), CPU)) {
      expected = engine.run(EncodedBatch.padTo(List.of(window), 0, 6), outputs);
    }
    try (OnnxEngine engine = OnnxEngine.open(model, OnnxInputs.bert(), lean)) {
      Map<String, Logits> found = engine.run(EncodedBatch.padTo(List.of(window), 0, 6), outputs);

      assertThat(found.get("sentiment_logits").row(0))
          .containsExactly(expected.get("sentiment_logits").row(0));
      assertThat(found.get("entity_logits").row(0, 1))
          .containsExactly(expected.get("entity_logits").row(0, 1));
    }
  }

  @Test
  void shouldFailWithAClearMessageWhenCudaIsRequiredButCannotLoad() throws Exception {
    // The default build has no CUDA provider, so CUDA must fail, never fall back silently. With
    // -Pgpu on a host with CUDA 12 the same call must really run on CUDA.
    Path model = tiny();
    EngineConfig cuda = CPU.toBuilder().provider(ExecutionProvider.CUDA).build();

    OnnxEngine engine;
    try {
      engine = OnnxEngine.open(model, OnnxInputs.bert(), cuda);
    } catch (EngineException e) {
      assertThat(e)
          .hasMessageStartingWith("execution provider CUDA was requested but cannot be used: ")
          .hasMessageContaining("onnxruntime_gpu");
      return;
    }
    try (engine) {
      assertThat(engine.provider()).isEqualTo(ExecutionProvider.CUDA);
      assertThat(engine.providerDecision()).startsWith("CUDA (requested by cuda, device 0");
    }
  }

  @Test
  void shouldFallBackToCpuAndSayWhyWhenAutoFindsNoCuda() throws Exception {
    EngineConfig auto = CPU.toBuilder().provider(ExecutionProvider.AUTO).build();

    try (OnnxEngine engine = OnnxEngine.open(tiny(), OnnxInputs.bert(), auto)) {
      if (engine.provider() == ExecutionProvider.CUDA) {
        assertThat(engine.providerDecision()).startsWith("CUDA (requested by auto");
      } else {
        assertThat(engine.provider()).isEqualTo(ExecutionProvider.CPU);
        assertThat(engine.providerDecision())
            .startsWith("CPU (cuda requested by auto: unavailable: ")
            .hasSizeGreaterThan("CPU (cuda requested by auto: unavailable: )".length());
      }
    }
  }

  @Test
  void shouldRejectAModelWithoutTheAttentionMaskInput() throws Exception {
    Path model = new TinyOnnxModel().withoutAttentionMask().writeTo(dir.resolve("m.onnx"));

    assertThatThrownBy(() -> OnnxEngine.open(model, OnnxInputs.bert(), CPU))
        .isInstanceOf(EngineException.class)
        .hasMessage(
            "ONNX model inputs do not match the manifest: expected [input_ids, attention_mask]"
                + " and optionally token_type_ids, found [input_ids, token_type_ids]");
  }

  @Test
  void shouldRejectAModelWithAnInputTheManifestDoesNotName() throws Exception {
    Path model = new TinyOnnxModel().withExtraInput("position_ids").writeTo(dir.resolve("m.onnx"));

    assertThatThrownBy(() -> OnnxEngine.open(model, OnnxInputs.bert(), CPU))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("found [attention_mask, input_ids, position_ids, token_type_ids]");
  }

  @Test
  void shouldServeAModelWithoutTokenTypeIdsByNotFeedingThem() throws Exception {
    Path model = new TinyOnnxModel().withoutTokenTypeIds().writeTo(dir.resolve("m.onnx"));
    TokenWindow window =
        new TokenWindow(
            new long[] {1, 2},
            new long[2],
            new int[] {-1, -1},
            new int[] {-1, -1},
            new int[] {-1, -1},
            0,
            1,
            1);

    try (OnnxEngine engine = OnnxEngine.open(model, OnnxInputs.bert(), CPU)) {
      assertThat(engine.inputNames()).containsExactlyInAnyOrder("input_ids", "attention_mask");
      Map<String, Logits> out =
          engine.run(EncodedBatch.padToLongest(List.of(window), 0), List.of("sentiment_logits"));
      assertThat(out.get("sentiment_logits").shape()).containsExactly(1, 2);
    }
  }

  @Test
  void shouldNameTheMissingOutputAndTheOnesFound() throws Exception {
    Path model = new TinyOnnxModel().entityOutput("token_logits").writeTo(dir.resolve("m.onnx"));

    try (OnnxEngine engine = OnnxEngine.open(model, OnnxInputs.bert(), CPU)) {
      assertThatThrownBy(() -> engine.requireOutput("entity_logits", 3, 5))
          .isInstanceOf(EngineException.class)
          .hasMessage(
              "ONNX model outputs do not match the manifest: expected an output named"
                  + " entity_logits, found [sentiment_logits, token_logits]");
    }
  }

  @Test
  void shouldRejectAnOutputWhoseWidthDiffersFromTheLabelCount() throws Exception {
    Path model = new TinyOnnxModel().labels(3).writeTo(dir.resolve("m.onnx"));

    try (OnnxEngine engine = OnnxEngine.open(model, OnnxInputs.bert(), CPU)) {
      assertThatThrownBy(() -> engine.requireOutput("sentiment_logits", 2, 2))
          .isInstanceOf(EngineException.class)
          .hasMessage(
              "ONNX model output sentiment_logits: expected 2 labels in the last dimension (from"
                  + " the manifest), found 3");
      assertThatThrownBy(() -> engine.requireOutput("sentiment_logits", 3, 3))
          .isInstanceOf(EngineException.class)
          .hasMessageContaining("expected a float tensor of rank 3");
    }
  }

  @Test
  void shouldSayWhichFileCannotBeLoaded() throws Exception {
    Path missing = dir.resolve("missing.onnx");

    assertThatThrownBy(() -> OnnxEngine.open(missing, OnnxInputs.bert(), CPU))
        .isInstanceOf(EngineException.class)
        .hasMessageStartingWith("cannot load ONNX model " + missing);
  }

  @Test
  void shouldRefuseToRunAfterClose() throws Exception {
    OnnxEngine engine = OnnxEngine.open(tiny(), OnnxInputs.bert(), CPU);
    engine.close();
    engine.close();
    TokenWindow window =
        new TokenWindow(
            new long[] {1, 2},
            new long[2],
            new int[] {-1, -1},
            new int[] {-1, -1},
            new int[] {-1, -1},
            0,
            1,
            1);

    assertThatThrownBy(
            () -> engine.run(EncodedBatch.padToLongest(List.of(window), 0), List.of("x")))
        .isInstanceOf(IllegalStateException.class);
  }

  private static org.assertj.core.data.Offset<Float> within() {
    return org.assertj.core.data.Offset.offset(1e-5f);
  }

  /** One window of four tokens, words at positions 1 and 2. */
  private static TokenWindow fourTokens() {
    return new TokenWindow(
        new long[] {1, 11, 13, 2},
        new long[4],
        new int[] {-1, 0, 2, -1},
        new int[] {-1, 1, 3, -1},
        new int[] {-1, 0, 1, -1},
        0,
        1,
        3);
  }
}
