package io.streambert.schemas.compat;

import java.util.Locale;

/** Schema compatibility levels, with the same names and meaning as Confluent Schema Registry. */
public enum CompatibilityLevel {
  /** No check: any change is accepted. */
  NONE(false, false, false),
  /** The new schema can read data written with the latest schema. */
  BACKWARD(true, false, false),
  /** The new schema can read data written with every earlier schema. */
  BACKWARD_TRANSITIVE(true, false, true),
  /** Data written with the new schema can be read with the latest schema. */
  FORWARD(false, true, false),
  /** Data written with the new schema can be read with every earlier schema. */
  FORWARD_TRANSITIVE(false, true, true),
  /** Both BACKWARD and FORWARD against the latest schema. */
  FULL(true, true, false),
  /** Both BACKWARD and FORWARD against every earlier schema. */
  FULL_TRANSITIVE(true, true, true);

  private final boolean backward;
  private final boolean forward;
  private final boolean transitive;

  CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
    this.backward = backward;
    this.forward = forward;
    this.transitive = transitive;
  }

  /** Whether the new schema must read data written with earlier schemas. */
  public boolean backward() {
    return backward;
  }

  /** Whether earlier schemas must read data written with the new schema. */
  public boolean forward() {
    return forward;
  }

  /** Whether the check covers every earlier schema rather than only the latest. */
  public boolean transitive() {
    return transitive;
  }

  /**
   * Parses a level name, case-insensitively.
   *
   * @throws IllegalArgumentException naming the accepted values when {@code name} is not one
   */
  public static CompatibilityLevel parse(String name) {
    if (name != null) {
      try {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        // fall through to the message below
      }
    }
    throw new IllegalArgumentException(
        "Unknown compatibility level '"
            + name
            + "', expected one of "
            + java.util.List.of(values()));
  }
}
