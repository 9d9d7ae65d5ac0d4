package io.streambert.processor.it.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/**
 * The options of the benchmarks' child processors: heap, extra JVM options and configuration keys,
 * with the heap fixed and pre-touched as {@code ops/processors} starts it, so that resident memory
 * that grows is native memory.
 */
final class ProcessorJvmOptions {

  @Option(
      names = "--processor-heap",
      description =
          "Heap of each processor, -Xms and -Xmx, touched at start (-XX:+AlwaysPreTouch) as"
              + " ops/processors does, so RSS changes are native memory (default:"
              + " ${DEFAULT-VALUE}).")
  String heap = "640m";

  @Option(
      names = "--processor-jvm-arg",
      paramLabel = "ARG",
      description =
          "A JVM option of every processor after the heap options, repeatable"
              + " (-XX:-AlwaysPreTouch -Xms64m: a heap that grows as G1 touches it).")
  List<String> jvmArgs = new ArrayList<>();

  @Option(
      names = "--processor-config",
      paramLabel = "K=V",
      description = "A processor configuration key, repeatable.")
  Map<String, String> config = new TreeMap<>();

  /** The JVM options of a child processor, heap first. */
  List<String> jvmArgs() {
    List<String> args = new ArrayList<>();
    args.add("-Xms" + heap);
    args.add("-Xmx" + heap);
    args.add("-XX:+AlwaysPreTouch");
    args.addAll(jvmArgs);
    return args;
  }

  /** The configuration keys given, sorted. */
  Map<String, String> config() {
    return new TreeMap<>(config);
  }
}
