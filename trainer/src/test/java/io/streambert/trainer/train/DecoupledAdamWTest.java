package io.streambert.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecoupledAdamWTest {

  @Test
  void shouldDecayWeightsButNotBiasesOrLayerNormWeights() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      Map<String, NDArray> parameters = new LinkedHashMap<>();
      for (String name : List.of("dense.weight", "dense.bias", "LayerNorm.weight")) {
        NDArray p = manager.create(new float[] {2f, -2f});
        p.setRequiresGradient(true);
        parameters.put(name, p);
      }
      // Zero loss gradient: only the decay can move the values.
      try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
        NDArray loss = manager.create(0f);
        for (NDArray p : parameters.values()) {
          loss = loss.add(p.mul(0f).sum());
        }
        collector.backward(loss);
      }

      try (DecoupledAdamW adamW = new DecoupledAdamW(parameters, 0.5f, manager)) {
        adamW.step(0.1f, parameters.keySet());

        assertThat(parameters.get("dense.weight").toFloatArray()[0]).isCloseTo(1.9f, within(1e-6f));
        assertThat(parameters.get("dense.bias").toFloatArray()).containsExactly(2f, -2f);
        assertThat(parameters.get("LayerNorm.weight").toFloatArray()).containsExactly(2f, -2f);
        assertThat(adamW.steps()).containsEntry("dense.weight", 1L);
      }
    }
  }

  @Test
  void shouldMoveAgainstTheGradientByAboutTheLearningRateOnTheFirstStep() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      NDArray p = manager.create(new float[] {1f, 1f});
      p.setRequiresGradient(true);
      try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
        collector.backward(p.mul(manager.create(new float[] {4f, -0.5f})).sum());
      }
      try (DecoupledAdamW adamW = new DecoupledAdamW(Map.of("w.bias", p), 0f, manager)) {
        adamW.step(0.01f, List.of("w.bias"));

        // Bias-corrected Adam's first step is lr * sign(g).
        assertThat(p.toFloatArray()[0]).isCloseTo(0.99f, within(1e-5f));
        assertThat(p.toFloatArray()[1]).isCloseTo(1.01f, within(1e-5f));
        try (NDArray g = p.getGradient()) {
          assertThat(g.toFloatArray()).containsExactly(0f, 0f);
        }
      }
    }
  }

  @Test
  void shouldMoveAScaledParameterThatManyTimesFurtherThanTheOthers() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      NDArray plain = manager.create(new float[] {0f, 0f});
      NDArray scaled = manager.create(new float[] {0f, 0f});
      plain.setRequiresGradient(true);
      scaled.setRequiresGradient(true);
      NDArray g = manager.create(new float[] {3f, -0.2f});
      try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
        collector.backward(plain.mul(g).sum().add(scaled.mul(g).sum()));
      }
      Map<String, NDArray> parameters = new LinkedHashMap<>();
      parameters.put("case.weight", scaled);
      parameters.put("dense.weight", plain);
      try (DecoupledAdamW adamW =
          new DecoupledAdamW(parameters, 0f, Map.of("case.weight", 100f), manager)) {
        adamW.step(1e-4f, parameters.keySet());

        assertThat(plain.toFloatArray())
            .containsExactly(new float[] {-1e-4f, 1e-4f}, within(1e-7f));
        assertThat(scaled.toFloatArray())
            .containsExactly(new float[] {-1e-2f, 1e-2f}, within(1e-5f));
      }
    }
  }
}
