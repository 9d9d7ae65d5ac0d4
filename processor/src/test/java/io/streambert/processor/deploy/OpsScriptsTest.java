package io.streambert.processor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ops/ scripts answer {@code --help}, and their shared library guards ports, pids and wipes.
 */
class OpsScriptsTest {

  private static final Path OPS = DeployedTopics.ROOT.resolve("ops");
  private static final Path LIB = OPS.resolve("lib.sh");
  private static final Path PROCESSORS = OPS.resolve("processors");
  private static final String JAVA_HOME = System.getProperty("java.home");

  @TempDir Path dir;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stopChildren() {
    started.forEach(Process::destroyForcibly);
  }

  @Test
  void shouldPrintUsageAndExitZeroForEveryScriptsHelp() throws Exception {
    List<Path> scripts = scripts();
    assertThat(scripts).as("scripts under ops/").hasSizeGreaterThanOrEqualTo(8);

    for (Path script : scripts) {
      Result r = run(List.of(script.toString(), "--help"), Map.of("JAVA_HOME", JAVA_HOME));

      assertThat(r.code()).as(script + " --help: " + r.err()).isZero();
      assertThat(r.out()).as(script + " --help").containsIgnoringCase("usage");
    }
  }

  @Test
  void shouldPrintUsageForEveryCommandOfTheProcessorsScript() throws Exception {
    for (String command : List.of("start", "stop", "status")) {
      Result r =
          run(List.of(PROCESSORS.toString(), command, "--help"), Map.of("JAVA_HOME", JAVA_HOME));

      assertThat(r.code()).as("ops/processors " + command + " --help: " + r.err()).isZero();
      assertThat(r.out()).contains("Usage: ops/processors " + command);
    }
  }

  @Test
  void shouldRefuseToStartProcessorsWithoutALocalStackAndSayWhatItExpected() throws Exception {
    Path state = dir.resolve("no-stack");
    Map<String, String> env = Map.of("JAVA_HOME", JAVA_HOME);

    Result start =
        run(List.of(PROCESSORS.toString(), "start", "2", "--dir", state.toString()), env);
    Result noCount = run(List.of(PROCESSORS.toString(), "start", "--dir", state.toString()), env);
    Result status = run(List.of(PROCESSORS.toString(), "status", "--dir", state.toString()), env);

    assertThat(start.code()).isNotZero();
    assertThat(start.err()).contains("expected a local stack in").contains("kafka.port");
    assertThat(noCount.code()).isNotZero();
    assertThat(noCount.err()).contains("expected the number of instances (1 or more), found");
    assertThat(status.code()).as(status.err()).isZero();
    assertThat(status.out()).contains("no processor instances");
  }

  @Test
  void shouldFindJavaThroughJavaHomeAndSayWhenItIsMissing() throws Exception {
    Result found = lib("java_bin", Map.of("JAVA_HOME", JAVA_HOME));
    Result missing = lib("java_bin", Map.of("JAVA_HOME", dir.toString()));

    assertThat(found.code()).isZero();
    assertThat(found.out().strip()).isEqualTo(Path.of(JAVA_HOME, "bin", "java").toString());
    assertThat(missing.code()).isNotZero();
    assertThat(missing.err()).contains("expected a java executable at $JAVA_HOME/bin/java");
  }

  @Test
  void shouldRefuseAPortThatAnotherProcessHolds() throws Exception {
    // Given a port held by this JVM and a pid file naming a child that never listens
    try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path pidFile = pidFileOf(startChild("not-listening"));
      int port = held.getLocalPort();

      // When the scripts check the port before a start, or wait for their child to listen
      Result beforeStart = lib("require_free_port " + port + " 'the broker'", Map.of());
      Result waiting = lib("wait_for_port " + port + " 20 " + pidFile + " child", Map.of());

      // Then both fail at once, naming the port; neither reports it ready
      assertThat(beforeStart.code()).isNotZero();
      assertThat(beforeStart.err()).contains("port " + port + " for the broker is already in use");
      assertThat(waiting.code()).isNotZero();
      assertThat(waiting.err()).contains("another process holds it");
    }
  }

  @Test
  void shouldReportReadyWhenThePidFilesProcessListens() throws Exception {
    try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path pidFile = dir.resolve("self.pid");
      Files.writeString(pidFile, Long.toString(ProcessHandle.current().pid()));

      Result waiting =
          lib("wait_for_port " + held.getLocalPort() + " 20 " + pidFile + " self", Map.of());

      assertThat(waiting.code()).as(waiting.err()).isZero();
    }
  }

  @Test
  void shouldPrintAPortNothingListensOn() throws Exception {
    Result r = lib("free_port", Map.of());

    assertThat(r.code()).isZero();
    int port = Integer.parseInt(r.out().strip());
    assertThat(port).isBetween(20000, 59999);
    try (ServerSocket bound = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(bound.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void shouldNeverSignalAProcessWhoseCommandLineLacksTheMarker() throws Exception {
    // Given a live process whose command line does not carry the state folder's path
    Process other = startChild("someone-else");
    Path pidFile = pidFileOf(other);
    Path calls = dir.resolve("kill-calls");
    String recordKills =
        "kill() { if [[ $1 == -0 ]]; then builtin kill \"$@\"; else echo \"$*\" >>"
            + calls
            + "; fi; }; ";

    // When stop_ours is asked to stop it on behalf of another state folder
    Result r = lib(recordKills + "stop_ours " + pidFile + " /no/such/state/ 5 broker", Map.of());

    // Then no signal but liveness probes was sent, the stale pid file is gone, and it says why
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(calls).doesNotExist();
    assertThat(pidFile).doesNotExist();
    assertThat(r.out()).contains("is not a process these scripts started; left it alone");
    assertThat(other.isAlive()).isTrue();
  }

  @Test
  void shouldStopItsOwnProcess() throws Exception {
    String marker = "streambert-test-" + UUID.randomUUID();
    Process ours = startChild(marker);
    Path pidFile = pidFileOf(ours);

    Result r = lib("stop_ours " + pidFile + " " + marker + " 20 child", Map.of());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(ours.waitFor(20, TimeUnit.SECONDS)).as("child exited after SIGTERM").isTrue();
    assertThat(pidFile).doesNotExist();
  }

  @Test
  void shouldWipeOnlyAStateFolderItMade() throws Exception {
    Path foreign = Files.createDirectories(dir.resolve("foreign"));
    Files.writeString(foreign.resolve("precious.txt"), "keep me");
    Path state = dir.resolve("state");

    Result refusedWipe = lib("wipe_state " + foreign, Map.of());
    Result refusedInit = lib("state_dir_init " + foreign, Map.of());
    Result init = lib("state_dir_init " + state + " && touch " + state + "/kafka.log", Map.of());
    Result wipe = lib("wipe_state " + state, Map.of());

    assertThat(refusedWipe.code()).isNotZero();
    assertThat(refusedWipe.err()).contains("refusing to wipe").contains(".streambert-state");
    assertThat(refusedInit.code()).isNotZero();
    assertThat(foreign.resolve("precious.txt")).hasContent("keep me");
    assertThat(init.code()).as(init.err()).isZero();
    assertThat(init.out().strip()).isEqualTo(dir.toRealPath().resolve("state").toString());
    assertThat(wipe.code()).as(wipe.err()).isZero();
    assertThat(state).doesNotExist();
  }

  private static List<Path> scripts() throws IOException {
    try (Stream<Path> files = Files.walk(OPS)) {
      return files
          .filter(Files::isRegularFile)
          .filter(Files::isExecutable)
          .filter(OpsScriptsTest::isBashScript)
          .sorted()
          .toList();
    }
  }

  private static boolean isBashScript(Path file) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1).startsWith("#!/usr/bin/env bash");
    } catch (IOException e) {
      return false;
    }
  }

  /** A child that sleeps; its command line carries {@code tag} (bash's $0). */
  private Process startChild(String tag) throws IOException {
    Process p = new ProcessBuilder("bash", "-c", "sleep 600; true", tag).start();
    started.add(p);
    return p;
  }

  private Path pidFileOf(Process p) throws IOException {
    return Files.writeString(dir.resolve(p.pid() + ".pid"), Long.toString(p.pid()));
  }

  private Result lib(String commands, Map<String, String> env) throws Exception {
    return run(List.of("bash", "-c", "set -euo pipefail; source " + LIB + "; " + commands), env);
  }

  private Result run(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().putAll(env);
    Path out = dir.resolve("out-" + UUID.randomUUID());
    Path err = dir.resolve("err-" + UUID.randomUUID());
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    started.add(p);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished within 60 s", command).isTrue();
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private record Result(int code, String out, String err) {}
}
