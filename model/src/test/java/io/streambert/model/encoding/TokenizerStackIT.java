package io.streambert.model.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.model.bundle.PretrainedEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins how much stack the native tokenizer needs: every worst-case text of the maximum input size
 * encodes on a thread with the smallest stack the JVM allows. Every Java thread has at least that
 * much whatever {@code -Xss} says, so the stream threads that Kafka Streams creates tokenize on
 * whatever stack they get (session creation is what needs more: {@code NativeStackThreads}). Runs
 * in a child JVM because a native stack overflow kills the JVM rather than throwing.
 */
class TokenizerStackIT {

  @TempDir Path dir;

  @Test
  void shouldEncodeEveryWorstCaseTextOnTheSmallestStackTheJvmAllows() throws Exception {
    Path tokenizer = PretrainedEncoder.miniLm().extractTo(dir).tokenizer();
    Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child =
        new ProcessBuilder(
                javaBin.toString(),
                "-Dai.djl.offline=true",
                "-cp",
                System.getProperty("java.class.path"),
                EncodeOnMinimalStack.class.getName(),
                tokenizer.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();

    assertThat(child.exitValue()).as("child exit code; its output:%n%s", output).isZero();
    List<String> cases = new ArrayList<>();
    Matcher c = Pattern.compile("case (\\S+) tokens (\\d+) windows (\\d+)").matcher(output);
    while (c.find()) {
      cases.add(c.group(1));
      assertThat(Integer.parseInt(c.group(2))).as(c.group(1)).isPositive();
    }
    assertThat(cases).containsExactlyElementsOf(WorstCaseTexts.all().keySet());
    assertThat(output).containsPattern("case punctuation tokens \\d+ windows [1-9]\\d{2,}");
    Matcher d = Pattern.compile("depth minimal (\\d+) default (\\d+)").matcher(output);
    assertThat(d.find()).as("depth line in:%n%s", output).isTrue();
    // The small thread really had a fraction of the default 1 MiB.
    assertThat(Integer.parseInt(d.group(1)) * 4).isLessThan(Integer.parseInt(d.group(2)));
  }
}
