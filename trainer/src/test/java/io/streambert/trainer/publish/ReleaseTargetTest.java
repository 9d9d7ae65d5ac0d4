package io.streambert.trainer.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A release's target decides its record key, one key per target. */
class ReleaseTargetTest {

  @Test
  void shouldKeyAllWhenNoTarget() {
    assertThat(ReleaseTarget.all().key()).isEqualTo("all");
    assertThat(ReleaseTarget.all().instanceIds()).isEmpty();
    assertThat(ReleaseTarget.all().share()).isEmpty();
  }

  @Test
  void shouldKeySortedDistinctIdsWhenInstancesNamed() {
    // Given the same canary spelled in two orders, with a repeat
    ReleaseTarget one = ReleaseTarget.instances(List.of("proc-2", "proc-1", "proc-2"));
    ReleaseTarget other = ReleaseTarget.instances(List.of("proc-1", "proc-2"));

    // Then both have one key, so a re-publish replaces the canary rather than adding one
    assertThat(one.key()).isEqualTo("instances:proc-1,proc-2").isEqualTo(other.key());
    assertThat(one.instanceIds()).contains(List.of("proc-1", "proc-2"));
  }

  @Test
  void shouldKeyFractionWhenShareGiven() {
    assertThat(ReleaseTarget.fraction(0.1).key()).isEqualTo("fraction:0.1");
    assertThat(ReleaseTarget.fraction(0.1).share()).contains(0.1);
  }

  @Test
  void shouldTargetAllWhenFractionIsOne() {
    assertThat(ReleaseTarget.fraction(1.0)).isEqualTo(ReleaseTarget.all());
  }

  @Test
  void shouldRefuseFractionOutsideZeroToOne() {
    for (double bad : new double[] {0, -0.5, 1.5, Double.NaN}) {
      assertThatThrownBy(() -> ReleaseTarget.fraction(bad))
          .hasMessage("expected a target fraction in (0, 1], found " + bad);
    }
  }

  @Test
  void shouldRefuseIdsThatCouldBreakTheKey() {
    assertThatThrownBy(() -> ReleaseTarget.instances(List.of("a,b")))
        .hasMessageContaining("found 'a,b'");
    assertThatThrownBy(() -> ReleaseTarget.instances(List.of())).hasMessageContaining("none");
  }
}
