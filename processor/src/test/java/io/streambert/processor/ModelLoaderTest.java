package io.streambert.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.model.inference.ArenaExtendStrategy;
import io.streambert.model.inference.EngineConfig;
import io.streambert.model.inference.ExecutionProvider;
import io.streambert.processor.config.ProcessorConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelLoaderTest {

  @Test
  void shouldNameTheExecutionProviderOnceWhenTheDecisionAlreadyStartsWithIt() {
    String decision =
        "CPU (cuda requested by auto: unavailable: Failed to find CUDA shared provider)";

    String line = ModelLoader.loadedMessage("m-1", ExecutionProvider.CPU, decision);

    assertThat(line)
        .isEqualTo(
            "Model m-1 loaded; execution provider CPU (cuda requested by auto: unavailable:"
                + " Failed to find CUDA shared provider)");
    assertThat(line).doesNotContain("CPU (CPU");
  }

  @Test
  void shouldStillNameTheProviderWhenTheDecisionDoesNot() {
    assertThat(ModelLoader.loadedMessage("m-1", ExecutionProvider.CUDA, "device 0"))
        .isEqualTo("Model m-1 loaded; execution provider CUDA (device 0)");
    assertThat(ModelLoader.loadedMessage("m-1", ExecutionProvider.CPU, ""))
        .isEqualTo("Model m-1 loaded; execution provider CPU");
  }

  private static ProcessorConfig config(Map<String, String> extra) {
    Map<String, String> values =
        new HashMap<>(
            Map.of(
                "bootstrap.servers", "127.0.0.1:9092",
                "schema.registry.url", "http://127.0.0.1:8081",
                "model.bundle.path", "/models/m"));
    values.putAll(extra);
    return ProcessorConfig.of(values);
  }

  @Test
  void shouldPassTheCudaMemoryLimitAndArenaStrategyToTheEngine() {
    EngineConfig engine =
        ModelLoader.engineConfig(
            config(
                Map.of(
                    "model.execution.provider", "cuda",
                    "model.cuda.device.id", "1",
                    "model.cuda.memory.limit.bytes", "2147483648",
                    "model.cuda.arena.strategy", "same_as_requested")));

    assertThat(engine.provider()).isEqualTo(ExecutionProvider.CUDA);
    assertThat(engine.cudaDeviceId()).isEqualTo(1);
    assertThat(engine.cudaMemoryLimitBytes()).isEqualTo(2_147_483_648L);
    assertThat(engine.cudaArenaStrategy()).isEqualTo(ArenaExtendStrategy.SAME_AS_REQUESTED);
  }

  @Test
  void shouldKeepTheEngineCudaDefaultsWhenTheKeysAreUnset() {
    EngineConfig engine = ModelLoader.engineConfig(config(Map.of()));

    assertThat(engine.cudaMemoryLimitBytes())
        .isEqualTo(EngineConfig.defaults().cudaMemoryLimitBytes());
    assertThat(engine.cudaArenaStrategy()).isEqualTo(EngineConfig.defaults().cudaArenaStrategy());
  }

  @Test
  void shouldCapEveryForwardPassAtTheBatchTokenCap() {
    assertThat(ModelLoader.engineConfig(config(Map.of())).maxBatchTokens()).isEqualTo(4096);
    assertThat(
            ModelLoader.engineConfig(config(Map.of("batch.max.tokens", "1024"))).maxBatchTokens())
        .isEqualTo(1024);
  }

  @Test
  void shouldPassTheOnnxRuntimeMemoryOptionsToTheEngine() {
    EngineConfig defaults = ModelLoader.engineConfig(config(Map.of()));
    EngineConfig lean =
        ModelLoader.engineConfig(
            config(
                Map.of(
                    "model.cpu.memory.arena", "false",
                    "model.memory.pattern", "false",
                    "model.weight.prepacking", "false")));

    assertThat(defaults.cpuMemoryArena()).isTrue();
    assertThat(defaults.memoryPattern()).isTrue();
    assertThat(defaults.weightPrepacking()).isTrue();
    assertThat(lean.cpuMemoryArena()).isFalse();
    assertThat(lean.memoryPattern()).isFalse();
    assertThat(lean.weightPrepacking()).isFalse();
  }
}
