package io.streambert.model.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.model.testing.TestBundles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading a bundle the way serving does works whatever {@code -Xss} the JVM was given, because
 * {@link NativeStackThreads} creates the ONNX Runtime session on a sized thread. A child JVM with
 * {@code -Xss256k}, a quarter of the JVM's default. Whether creating the session on that small
 * thread itself crashes depends on the machine (SIGSEGV on one development VM, fine on the CI
 * host), so only the serving path is pinned here.
 */
class SessionStackIT {

  private static final String SMALL_STACK = "-Xss256k";

  @TempDir Path dir;

  @Test
  void shouldLoadAndServeABundleWhateverTheJvmStackSize() throws Exception {
    Child child = run();

    assertThat(child.exitCode()).as("exit code; output:%n%s", child.output()).isZero();
    assertThat(child.output()).contains("predicted 16");
  }

  private record Child(int exitCode, String output) {}

  private Child run() throws Exception {
    Path bundle = TestBundles.miniLmBothTasks().directory().toAbsolutePath();
    Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                javaBin.toString(),
                SMALL_STACK,
                "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"),
                "-Dai.djl.offline=true",
                "-cp",
                System.getProperty("java.class.path"),
                LoadOnSmallStack.class.getName(),
                bundle.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Child(process.exitValue(), output);
  }
}
