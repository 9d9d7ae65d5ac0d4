package io.streambert.model.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NativeHeapTest {

  @Test
  void shouldTrimOnGlibcAndSayWhatItDidElsewhere() throws Exception {
    // Given memory that was allocated natively and freed
    java.nio.ByteBuffer.allocateDirect(32 << 20);
    System.gc();

    // When the native heap is trimmed
    NativeHeap.Trim trim = NativeHeap.trim();
    System.out.println("NativeHeap.trim(): trimmed " + trim.trimmed() + ": " + trim.report());

    // Then it says what it did, and on a JDK with the command over glibc it trimmed
    assertThat(trim.report()).isNotBlank();
    if (onGlibc() && Runtime.version().compareTo(Runtime.Version.parse("17.0.9")) >= 0) {
      assertThat(trim.trimmed()).as(trim.report()).isTrue();
      assertThat(trim.report()).contains("RSS");
    }
  }

  /** Whether this process links glibc (musl's loader is ld-musl, not libc.so.6). */
  private static boolean onGlibc() throws Exception {
    Path maps = Path.of("/proc/self/maps");
    return Files.isReadable(maps) && Files.readString(maps).contains("libc.so.6");
  }
}
