package io.streambert.trainer.publish;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which processor instances a release is for, and so its record key on the compacted release topic:
 * {@code all}, {@code instances:<sorted ids, comma-separated>} or {@code fraction:<f>}.
 *
 * <p>One key per target means a canary never compacts away the release the other instances serve; a
 * later release for {@code all} supersedes it on every instance, because processors apply the
 * newest release that targets them.
 */
public final class ReleaseTarget {
  private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

  private final List<String> instances;
  private final Double fraction;

  private ReleaseTarget(List<String> instances, Double fraction) {
    this.instances = instances;
    this.fraction = fraction;
  }

  /** Every instance. */
  public static ReleaseTarget all() {
    return new ReleaseTarget(null, null);
  }

  /**
   * The named instances only.
   *
   * @throws IllegalArgumentException for an empty list or an id outside {@code [A-Za-z0-9._:@-]}
   */
  public static ReleaseTarget instances(List<String> ids) {
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("expected at least one target instance id, found none");
    }
    for (String id : ids) {
      if (!INSTANCE_ID.matcher(id).matches()) {
        throw new IllegalArgumentException(
            "expected instance ids of 1-128 letters, digits or . _ : @ -, found '" + id + "'");
      }
    }
    return new ReleaseTarget(ids.stream().distinct().sorted().toList(), null);
  }

  /**
   * A fixed share of instances, chosen from each instance id by the rule of the {@code
   * ModelRelease} schema (the same instances every time).
   *
   * @throws IllegalArgumentException unless {@code 0 < fraction <= 1}
   */
  public static ReleaseTarget fraction(double fraction) {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("expected a target fraction in (0, 1], found " + fraction);
    }
    return fraction == 1 ? all() : new ReleaseTarget(null, fraction);
  }

  /** The record key of releases for this target. */
  public String key() {
    if (instances != null) {
      return "instances:" + String.join(",", instances);
    }
    if (fraction != null) {
      return "fraction:" + fraction;
    }
    return "all";
  }

  /** The named instances, when the target names them. */
  public Optional<List<String>> instanceIds() {
    return Optional.ofNullable(instances);
  }

  /** The fraction, when the target is a share of instances. */
  public Optional<Double> share() {
    return Optional.ofNullable(fraction);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReleaseTarget t && t.key().equals(key());
  }

  @Override
  public int hashCode() {
    return key().hashCode();
  }

  @Override
  public String toString() {
    return key();
  }
}
