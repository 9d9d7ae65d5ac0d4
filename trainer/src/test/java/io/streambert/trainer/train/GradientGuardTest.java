package io.streambert.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GradientGuardTest {

  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
  }

  @AfterEach
  void close() {
    manager.close();
  }

  /** Parameters whose gradients after backward equal the given coefficients. */
  private Map<String, NDArray> parametersWithGradients(float[] a, float[] b) {
    NDArray w1 = manager.ones(new ai.djl.ndarray.types.Shape(a.length));
    NDArray w2 = manager.ones(new ai.djl.ndarray.types.Shape(b.length));
    w1.setRequiresGradient(true);
    w2.setRequiresGradient(true);
    try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
      NDArray loss = w1.mul(manager.create(a)).sum().add(w2.mul(manager.create(b)).sum());
      collector.backward(loss);
    }
    Map<String, NDArray> parameters = new LinkedHashMap<>();
    parameters.put("a.weight", w1);
    parameters.put("b.bias", w2);
    return parameters;
  }

  private static float[] gradient(NDArray parameter) {
    try (NDArray g = parameter.getGradient()) {
      return g.toFloatArray();
    }
  }

  @Test
  void shouldScaleGradientsToTheGlobalNormWhenAboveThreshold() {
    Map<String, NDArray> parameters = parametersWithGradients(new float[] {3, 4}, new float[] {12});

    GradientGuard.Outcome outcome;
    try (NDManager batch = manager.newSubManager()) {
      outcome = new GradientGuard(1f).apply(parameters, batch);
    }

    assertThat(outcome.norm()).isCloseTo(13.0, within(1e-5));
    assertThat(outcome.clipped()).isTrue();
    assertThat(outcome.skipped()).isFalse();
    float[] a = gradient(parameters.get("a.weight"));
    float[] b = gradient(parameters.get("b.bias"));
    assertThat(a[0]).isCloseTo(3f / 13, within(1e-5f));
    assertThat(a[1]).isCloseTo(4f / 13, within(1e-5f));
    assertThat(b[0]).isCloseTo(12f / 13, within(1e-5f));
  }

  @Test
  void shouldLeaveGradientsBelowThresholdUntouched() {
    Map<String, NDArray> parameters =
        parametersWithGradients(new float[] {0.3f, 0.4f}, new float[] {0});

    GradientGuard.Outcome outcome;
    try (NDManager batch = manager.newSubManager()) {
      outcome = new GradientGuard(1f).apply(parameters, batch);
    }

    assertThat(outcome.norm()).isCloseTo(0.5, within(1e-6));
    assertThat(outcome.clipped()).isFalse();
    assertThat(gradient(parameters.get("a.weight"))).containsExactly(0.3f, 0.4f);
  }

  @Test
  void shouldZeroNonFiniteGradientsInPlaceAndReportTheStepSkipped() {
    Map<String, NDArray> parameters =
        parametersWithGradients(new float[] {1, Float.POSITIVE_INFINITY}, new float[] {Float.NaN});

    GradientGuard.Outcome outcome;
    try (NDManager batch = manager.newSubManager()) {
      outcome = new GradientGuard(1f).apply(parameters, batch);
    }

    assertThat(outcome.skipped()).isTrue();
    assertThat(Double.isFinite(outcome.norm())).isFalse();
    // The parameters' own gradient tensors are zero (read back through fresh handles).
    assertThat(gradient(parameters.get("a.weight"))).containsExactly(0f, 0f);
    assertThat(gradient(parameters.get("b.bias"))).containsExactly(0f);
  }

  @Test
  void shouldOnlyMeasureWhenClippingIsDisabled() {
    Map<String, NDArray> parameters =
        parametersWithGradients(new float[] {30, 40}, new float[] {0});

    GradientGuard.Outcome outcome;
    try (NDManager batch = manager.newSubManager()) {
      outcome = new GradientGuard(0f).apply(parameters, batch);
    }

    assertThat(outcome.norm()).isCloseTo(50.0, within(1e-4));
    assertThat(outcome.clipped()).isFalse();
    assertThat(gradient(parameters.get("a.weight"))).containsExactly(30f, 40f);
  }
}
