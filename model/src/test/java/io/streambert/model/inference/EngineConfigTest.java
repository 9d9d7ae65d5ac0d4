package io.streambert.model.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineConfigTest {
  @Test
  void shouldDefaultToAutoWithOrtThreadsAnd64WindowPasses() {
    EngineConfig config = EngineConfig.defaults();

    assertThat(config.provider()).isEqualTo(ExecutionProvider.AUTO);
    assertThat(config.intraOpThreads()).isZero();
    assertThat(config.maxBatchWindows()).isEqualTo(64);
    assertThat(config.maxBatchTokens()).isEqualTo(8192);
    assertThat(config.cudaArenaStrategy()).isEqualTo(ArenaExtendStrategy.NEXT_POWER_OF_TWO);
    assertThat(config.nativeLibraries()).isEmpty();
    assertThat(config.intraOpSpinning()).isTrue();
  }

  @Test
  void shouldKeepOnnxRuntimesMemoryDefaultsUnlessTurnedOff() {
    EngineConfig defaults = EngineConfig.defaults();

    EngineConfig lean =
        defaults.toBuilder()
            .cpuMemoryArena(false)
            .memoryPattern(false)
            .weightPrepacking(false)
            .build();

    assertThat(defaults.cpuMemoryArena()).isTrue();
    assertThat(defaults.memoryPattern()).isTrue();
    assertThat(defaults.weightPrepacking()).isTrue();
    assertThat(lean.cpuMemoryArena()).isFalse();
    assertThat(lean.memoryPattern()).isFalse();
    assertThat(lean.weightPrepacking()).isFalse();
    assertThat(lean.toBuilder().build()).isEqualTo(lean);
  }

  @Test
  void shouldRoundTripThroughItsBuilder() {
    EngineConfig config =
        EngineConfig.builder()
            .provider(ExecutionProvider.CUDA)
            .cudaDeviceId(1)
            .cudaMemoryLimitBytes(2L << 30)
            .cudaArenaStrategy(ArenaExtendStrategy.SAME_AS_REQUESTED)
            .nativeLibraryPath(Path.of("/opt/ort"))
            .intraOpThreads(3)
            .maxBatchWindows(16)
            .maxBatchTokens(1024)
            .intraOpSpinning(false)
            .cpuMemoryArena(false)
            .memoryPattern(false)
            .weightPrepacking(false)
            .build();

    assertThat(config.toBuilder().build()).isEqualTo(config);
    assertThat(config.cudaArenaStrategy().ortValue()).isEqualTo("kSameAsRequested");
  }

  @Test
  void shouldRejectOutOfRangeValuesSayingWhatWasFound() {
    assertThatThrownBy(() -> EngineConfig.builder().maxBatchWindows(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxBatchWindows must be at least 1, found 0");
    assertThatThrownBy(() -> EngineConfig.builder().intraOpThreads(-1).build())
        .hasMessage("intraOpThreads must be at least 0, found -1");
  }

  @Test
  void shouldRefuseANativeLibraryFolderWithoutOnnxRuntime(@TempDir Path dir) {
    assertThatThrownBy(() -> NativeLibraries.configure(java.util.Optional.of(dir)))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("expected pre-extracted ONNX Runtime native libraries in " + dir)
        .hasMessageContaining("found []");
    assertThat(System.getProperty(NativeLibraries.NATIVE_PATH_PROPERTY)).isNull();
  }

  @Test
  void shouldExtractTheNativeLibrariesForLaterStarts(@TempDir Path dir) throws Exception {
    var files = NativeLibraries.extractTo(dir);

    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .contains(System.mapLibraryName("onnxruntime"), System.mapLibraryName("onnxruntime4j_jni"));
  }
}
