package io.streambert.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class CrossEntropyTest {

  @Test
  void shouldAverageOnlyOverLabelledPositions() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      // Two rows of three tokens, two classes; three of the six positions carry labels.
      float[] logits = {2f, 0f, 9f, 9f, 0f, 1f, -9f, 9f, 0f, 3f, 5f, 5f};
      long[] labels = {0, TokenSample.IGNORE, 1, TokenSample.IGNORE, 1, TokenSample.IGNORE};

      float loss =
          CrossEntropy.mean(
                  manager.create(logits, new Shape(2, 3, 2)),
                  manager.create(labels, new Shape(2, 3)))
              .getFloat();

      double first = -Math.log(Math.exp(2) / (Math.exp(2) + Math.exp(0)));
      double second = -Math.log(Math.exp(1) / (Math.exp(0) + Math.exp(1)));
      double third = -Math.log(Math.exp(3) / (Math.exp(0) + Math.exp(3)));
      assertThat((double) loss).isCloseTo((first + second + third) / 3, within(1e-5));
    }
  }

  @Test
  void shouldBeZeroWhenNothingIsLabelled() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      float loss =
          CrossEntropy.mean(
                  manager.create(new float[] {1f, 2f}, new Shape(1, 1, 2)),
                  manager.create(new long[] {TokenSample.IGNORE}, new Shape(1, 1)))
              .getFloat();

      assertThat(loss).isZero();
    }
  }
}
