package io.streambert.trainer.publish;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model version, ordered the way people read versions: numeric parts by value, so {@code 1.10} is
 * newer than {@code 1.9} and {@code 2026.11.28-2} newer than {@code 2026.11.28-1}.
 *
 * <p>A version is a letter or digit followed by letters, digits, {@code .}, {@code -} or {@code _}
 * (at most 100 characters), which keeps it safe as a file name and in a URI. Versions are compared
 * part by part, a part being a run of digits (compared as a number) or of other characters
 * (compared as text); when one is a prefix of the other, the longer is newer.
 */
public final class ModelVersion implements Comparable<ModelVersion> {
  private static final Pattern VALID = Pattern.compile("[0-9A-Za-z][0-9A-Za-z._-]{0,99}");
  private static final Pattern PART = Pattern.compile("\\d+|\\D+");

  private final String text;
  private final List<Object> parts;

  private ModelVersion(String text) {
    this.text = text;
    List<Object> p = new ArrayList<>();
    Matcher m = PART.matcher(text);
    while (m.find()) {
      String part = m.group();
      p.add(Character.isDigit(part.charAt(0)) ? new BigInteger(part) : part);
    }
    this.parts = List.copyOf(p);
  }

  /**
   * Parses a version.
   *
   * @throws IllegalArgumentException when {@code text} is not a valid version
   */
  public static ModelVersion parse(String text) {
    Objects.requireNonNull(text, "text");
    if (!VALID.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "expected a model version of letters, digits, '.', '-' or '_' starting with a letter or"
              + " digit (at most 100 characters), found \""
              + text
              + "\"");
    }
    return new ModelVersion(text);
  }

  /** Whether {@code text} is a valid version. */
  public static boolean isValid(String text) {
    return text != null && VALID.matcher(text).matches();
  }

  @Override
  public int compareTo(ModelVersion other) {
    int n = Math.min(parts.size(), other.parts.size());
    for (int i = 0; i < n; i++) {
      Object a = parts.get(i);
      Object b = other.parts.get(i);
      int c;
      if (a instanceof BigInteger x && b instanceof BigInteger y) {
        c = x.compareTo(y);
      } else if (a instanceof BigInteger) {
        c = -1; // a number sorts before text at the same position: 1.0 < 1.a
      } else if (b instanceof BigInteger) {
        c = 1;
      } else {
        c = ((String) a).compareTo((String) b);
      }
      if (c != 0) {
        return c;
      }
    }
    int c = Integer.compare(parts.size(), other.parts.size());
    return c != 0 ? c : text.compareTo(other.text);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelVersion v && v.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
