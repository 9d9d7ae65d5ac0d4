package io.streambert.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.model.inference.ExecutionProvider;
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
}
