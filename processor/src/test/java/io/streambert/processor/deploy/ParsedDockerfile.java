package io.streambert.processor.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instructions of a Dockerfile, continuation lines joined and comments dropped: enough to check
 * images, copies, environment, ports and the health check without a Docker engine.
 */
record ParsedDockerfile(Path file, List<Instruction> instructions) {

  private static final Pattern ENV_PAIR =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S+)");

  /** One instruction: its keyword in upper case and the rest of the line. */
  record Instruction(String keyword, String arguments) {}

  /** A COPY: its flags ({@code --from=build}), sources and destination. */
  record Copy(String from, List<String> sources, String destination) {}

  static ParsedDockerfile read(Path file) throws IOException {
    List<Instruction> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(file)) {
      String trimmed = line.strip();
      if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      current.append(trimmed);
      String text = current.toString().strip();
      current.setLength(0);
      int space = text.indexOf(' ');
      instructions.add(
          new Instruction(
              text.substring(0, space).toUpperCase(java.util.Locale.ROOT),
              text.substring(space + 1).strip()));
    }
    return new ParsedDockerfile(file, instructions);
  }

  List<String> all(String keyword) {
    return instructions.stream()
        .filter(i -> i.keyword().equals(keyword))
        .map(Instruction::arguments)
        .toList();
  }

  /** The image of each FROM, in order, with its stage name ({@code AS x}) dropped. */
  List<String> baseImages() {
    return all("FROM").stream().map(a -> a.split("\\s+")[0]).toList();
  }

  /** The stage names declared with {@code FROM image AS name}. */
  List<String> stageNames() {
    return all("FROM").stream()
        .map(a -> a.split("\\s+"))
        .filter(p -> p.length == 3 && p[1].equalsIgnoreCase("AS"))
        .map(p -> p[2])
        .toList();
  }

  List<Copy> copies() {
    List<Copy> copies = new ArrayList<>();
    for (String args : all("COPY")) {
      List<String> parts = new ArrayList<>(List.of(args.split("\\s+")));
      String from = null;
      while (parts.get(0).startsWith("--")) {
        String flag = parts.remove(0);
        if (flag.startsWith("--from=")) {
          from = flag.substring("--from=".length());
        }
      }
      String destination = parts.remove(parts.size() - 1);
      copies.add(new Copy(from, parts, destination));
    }
    return copies;
  }

  /** Every variable the ENV instructions set, with quotes removed. */
  Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    for (String args : all("ENV")) {
      Matcher m = ENV_PAIR.matcher(args);
      while (m.find()) {
        String value = m.group(2);
        env.put(
            m.group(1), value.startsWith("\"") ? value.substring(1, value.length() - 1) : value);
      }
    }
    return env;
  }

  /** The argument of the last instruction {@code keyword}, or null. */
  String last(String keyword) {
    List<String> found = all(keyword);
    return found.isEmpty() ? null : found.get(found.size() - 1);
  }
}
