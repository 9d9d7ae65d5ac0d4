package io.streambert.processor.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The topics that {@code docker/compose.yaml} and {@code ops/local/create-topics} create, each with
 * whether it is compacted.
 */
final class DeployedTopics {

  /** The repository root, seen from a module directory (where Surefire runs). */
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private static final Pattern COMPOSE_LOOP = Pattern.compile("for t in ([^;]+); do");
  private static final Pattern COMPOSE_COMPACTED =
      Pattern.compile("--topic ([\\w.-]+) [^\\n]*cleanup\\.policy=compact");
  private static final Pattern SCRIPT_DEFAULTS = Pattern.compile("TOPICS=\\(([^)]+)\\)");

  private DeployedTopics() {}

  /** Topics of the compose file's one-shot {@code topics} service. */
  static Map<String, Boolean> compose() {
    String compose = read("docker/compose.yaml");
    Map<String, Boolean> topics = new TreeMap<>();
    Matcher loop = COMPOSE_LOOP.matcher(compose);
    while (loop.find()) {
      for (String name : loop.group(1).trim().split("\\s+")) {
        topics.put(name, false);
      }
    }
    Matcher compacted = COMPOSE_COMPACTED.matcher(compose);
    while (compacted.find()) {
      topics.put(compacted.group(1), true);
    }
    return topics;
  }

  /** Topics {@code ops/local/create-topics} creates when called without arguments. */
  static Map<String, Boolean> createTopicsScript() {
    Matcher defaults = SCRIPT_DEFAULTS.matcher(read("ops/local/create-topics"));
    if (!defaults.find()) {
      throw new AssertionError("expected a TOPICS=(...) default list in ops/local/create-topics");
    }
    Map<String, Boolean> topics = new TreeMap<>();
    for (String spec : defaults.group(1).trim().split("\\s+")) {
      String[] parts = spec.split(":");
      topics.put(parts[0], parts[parts.length - 1].equals("compact"));
    }
    return topics;
  }

  private static String read(String relative) {
    try {
      return Files.readString(ROOT.resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
