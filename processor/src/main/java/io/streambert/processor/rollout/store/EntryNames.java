package io.streambert.processor.rollout.store;

import java.util.regex.Pattern;

/**
 * The zip entry names a bundle may use: relative, at most {@value #MAX_DEPTH} segments of letters,
 * digits, {@code . _ -}, not starting with a dot or dash; so no absolute path, drive letter, {@code
 * ..}, backslash, control character or hidden file can be spelled.
 */
final class EntryNames {
  static final int MAX_DEPTH = 4;
  static final int MAX_LENGTH = 255;
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

  private EntryNames() {}

  /** Why {@code name} is refused, or null when it is a safe entry name. */
  static String problem(String name) {
    if (name.isEmpty()) {
      return "an empty name";
    }
    if (name.length() > MAX_LENGTH) {
      return "a name longer than " + MAX_LENGTH + " characters";
    }
    if (name.startsWith("/")) {
      return "an absolute path";
    }
    String path = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    String[] segments = path.split("/", -1);
    if (segments.length > MAX_DEPTH) {
      return "more than " + MAX_DEPTH + " path segments";
    }
    for (String s : segments) {
      if (s.equals("..") || s.equals(".")) {
        return "a '" + s + "' segment";
      }
      if (!SEGMENT.matcher(s).matches()) {
        return "the segment '" + s + "' (allowed: letters, digits, . _ -, no leading . or -)";
      }
    }
    return null;
  }
}
