package io.streambert.processor.rollout;

import io.streambert.model.bundle.Checksums;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Which processor instances a release is for: named instances, a fraction of all instances, both,
 * or (neither given) every instance.
 *
 * <p>The fraction is decided by the instance id alone, so the same instances are picked every time
 * and a larger fraction picks a superset of a smaller one: an instance is selected when {@link
 * #bucket(String)} of its id is below the fraction (the rule the {@code ModelRelease} schema
 * documents).
 *
 * @param instances instance ids named by the release; empty when none are named
 * @param fraction the fraction of instances, when the release gives one
 */
public record ReleaseTarget(List<String> instances, OptionalDouble fraction) {

  public ReleaseTarget {
    instances = List.copyOf(instances);
    Objects.requireNonNull(fraction, "fraction");
    if (fraction.isPresent() && !(fraction.getAsDouble() > 0.0 && fraction.getAsDouble() <= 1.0)) {
      throw new IllegalArgumentException(
          "expected a target fraction in (0, 1], found " + fraction.getAsDouble());
    }
  }

  /** Every instance. */
  public static ReleaseTarget all() {
    return new ReleaseTarget(List.of(), OptionalDouble.empty());
  }

  /** Only the named instances. */
  public static ReleaseTarget instances(String... ids) {
    return new ReleaseTarget(List.of(ids), OptionalDouble.empty());
  }

  /** The instances whose {@link #bucket} is below {@code fraction}. */
  public static ReleaseTarget fraction(double fraction) {
    return new ReleaseTarget(List.of(), OptionalDouble.of(fraction));
  }

  /** Whether the release is for the instance with this id. */
  public boolean selects(String instanceId) {
    if (instances.isEmpty() && fraction.isEmpty()) {
      return true;
    }
    return instances.contains(instanceId)
        || (fraction.isPresent() && bucket(instanceId) < fraction.getAsDouble());
  }

  /**
   * The instance's place in [0, 1): the first 8 bytes of SHA-256 of its UTF-8 id, unsigned
   * big-endian, divided by 2^64.
   */
  public static double bucket(String instanceId) {
    byte[] digest = Checksums.newSha256().digest(instanceId.getBytes(StandardCharsets.UTF_8));
    long high = 0;
    for (int i = 0; i < 8; i++) {
      high = (high << 8) | (digest[i] & 0xFF);
    }
    // Unsigned: the top 53 bits give a double in [0, 1) exactly.
    return (high >>> 11) * 0x1.0p-53;
  }

  @Override
  public String toString() {
    if (instances.isEmpty() && fraction.isEmpty()) {
      return "all";
    }
    String named = instances.isEmpty() ? "" : "instances " + instances;
    String share = fraction.isEmpty() ? "" : "fraction " + fraction.getAsDouble();
    return named.isEmpty() ? share : share.isEmpty() ? named : named + " and " + share;
  }
}
