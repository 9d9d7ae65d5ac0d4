package io.streambert.model.inference;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtException;
import org.junit.jupiter.api.Test;

class EngineExceptionTest {

  @Test
  void shouldTellAFailedAllocationFromOtherFailures() {
    assertThat(
            failedPass(
                "[ErrorCode:RuntimeException] Failed to allocate memory for requested buffer of"
                    + " size 805306368"))
        .isTrue();
    assertThat(failedPass("CUDA failure 2: out of memory ; GPU=0 ; hostname=h")).isTrue();
    assertThat(failedPass("CUBLAS failure 3: CUBLAS_STATUS_ALLOC_FAILED")).isTrue();
    assertThat(failedPass("std::bad_alloc")).isTrue();

    assertThat(failedPass("[ErrorCode:InvalidArgument] Got invalid dimensions for input"))
        .isFalse();
    assertThat(failedPass(null)).isFalse();
    assertThat(new EngineException("the engine is closed").outOfMemory()).isFalse();
  }

  private static boolean failedPass(String ortMessage) {
    return new EngineException("forward pass failed", new OrtException(ortMessage)).outOfMemory();
  }
}
