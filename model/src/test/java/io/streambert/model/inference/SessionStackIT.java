package io.streambert.model.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.model.testing.TestBundles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Why {@link NativeStackThreads} exists: creating an ONNX Runtime session on a small stack kills
 * the JVM (SIGSEGV, exit code 139, no Java exception), and loading a bundle the way serving does
 * works on that same small stack because the session is created on a sized thread. Child JVMs with
 * {@code -Xss256k}, a quarter of the JVM's default.
 */
class SessionStackIT {

  private static final String SMALL_STACK = "-Xss256k";

  @TempDir Path dir;

  @Test
  void shouldLoadAndServeABundleWhateverTheJvmStackSize() throws Exception {
    Child child = run("served");

    assertThat(child.exitCode()).as("exit code; output:%n%s", child.output()).isZero();
    assertThat(child.output()).contains("predicted 16");
  }

  @Test
  void shouldKillTheJvmWhenTheSessionIsCreatedOnTheSmallStackItself() throws Exception {
    Child child = run("direct");

    assertThat(child.output()).doesNotContain("session created");
    assertThat(child.exitCode()).as("exit code; output:%n%s", child.output()).isEqualTo(139);
  }

  private record Child(int exitCode, String output) {}

  private Child run(String mode) throws Exception {
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
                mode,
                bundle.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Child(process.exitValue(), output);
  }
}
