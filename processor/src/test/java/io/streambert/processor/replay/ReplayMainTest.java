package io.streambert.processor.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The replay command's options and selection, without a broker. */
class ReplayMainTest {

  @Test
  void shouldDescribeEveryRangeAndFilterOptionInItsHelp() {
    StringWriter out = new StringWriter();
    CommandLine cli = ReplayMain.commandLine();
    cli.setOut(new PrintWriter(out, true));

    int code = cli.execute("--help");

    assertThat(code).isZero();
    assertThat(out.toString())
        .contains("--from-offset", "--to-offset", "--from-time", "--to-time", "--partition")
        .contains("--reason", "--dry-run", "--to-topic", "--timeout");
  }

  @Test
  void shouldRefuseAnOffsetRangeThatEndsBeforeItStarts() {
    StringWriter err = new StringWriter();
    CommandLine cli = ReplayMain.commandLine();
    cli.setErr(new PrintWriter(err, true));

    int code = cli.execute("--from-offset", "10", "--to-offset", "3");

    assertThat(code).isEqualTo(ReplayMain.EXIT_USAGE);
    assertThat(err.toString()).contains("expected --to-offset >= --from-offset, found 3 < 10");
  }

  @Test
  void shouldRefuseAReasonTheProcessorNeverWrites() {
    StringWriter err = new StringWriter();
    CommandLine cli = ReplayMain.commandLine();
    cli.setErr(new PrintWriter(err, true));

    int code = cli.execute("--reason", "NO_SUCH_REASON");

    assertThat(code).isEqualTo(ReplayMain.EXIT_USAGE);
    assertThat(err.toString()).contains("NO_SUCH_REASON").contains("UNKNOWN_SCHEMA_ID");
  }

  @Test
  void shouldSelectFailuresFromTheStartOfTheTimeRangeUntilBeforeItsEnd() {
    Instant from = Instant.parse("2026-12-03T09:00:00Z");
    Instant to = Instant.parse("2026-12-03T10:00:00Z");
    ReplaySelection selection =
        new ReplaySelection(
            Set.of(),
            OptionalLong.empty(),
            OptionalLong.empty(),
            Optional.of(from),
            Optional.of(to),
            Set.of("TEXT_TOO_LONG"),
            Optional.empty());

    assertThat(selection.inTimeRange(from)).isTrue();
    assertThat(selection.inTimeRange(to.minusMillis(1))).isTrue();
    assertThat(selection.inTimeRange(to)).isFalse();
    assertThat(selection.inTimeRange(from.minusMillis(1))).isFalse();
    assertThat(selection.replaysReason("TEXT_TOO_LONG")).isTrue();
    assertThat(selection.replaysReason("BAD_MAGIC_BYTE")).isFalse();
  }
}
