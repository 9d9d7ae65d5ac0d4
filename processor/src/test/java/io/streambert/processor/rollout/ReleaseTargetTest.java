package io.streambert.processor.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReleaseTargetTest {

  private static final List<String> FLEET =
      IntStream.range(0, 400).mapToObj(i -> "processor-" + i).toList();

  @Test
  void shouldSelectEveryInstanceWhenNoTargetIsGiven() {
    assertThat(FLEET).allMatch(ReleaseTarget.all()::selects);
  }

  @Test
  void shouldSelectOnlyTheNamedInstances() {
    ReleaseTarget target = ReleaseTarget.instances("processor-3", "processor-7");

    assertThat(FLEET.stream().filter(target::selects))
        .containsExactly("processor-3", "processor-7");
  }

  @Test
  void shouldPlaceAnInstanceWhereTheSchemaRuleSays() throws Exception {
    // The schema's rule, computed independently: first 8 bytes of SHA-256, unsigned, / 2^64
    for (String id : List.of("processor-a", "processor-b", "pod-0", "")) {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
      BigDecimal expected =
          new BigDecimal(new BigInteger(1, Arrays.copyOf(digest, 8)))
              .divide(new BigDecimal(BigInteger.ONE.shiftLeft(64)), MathContext.DECIMAL64);

      assertThat(ReleaseTarget.bucket(id)).isCloseTo(expected.doubleValue(), within(1e-15));
    }
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }

  @Test
  void shouldPickAboutTheFractionAndAlwaysTheSameInstances() {
    ReleaseTarget tenth = ReleaseTarget.fraction(0.1);
    ReleaseTarget half = ReleaseTarget.fraction(0.5);

    List<String> pickedTenth = FLEET.stream().filter(tenth::selects).toList();
    List<String> pickedHalf = FLEET.stream().filter(half::selects).toList();

    // 400 ids: a binomial(400, 0.1) count lies in [16, 64] with probability above 1 - 1e-9
    assertThat(pickedTenth).hasSizeBetween(16, 64);
    assertThat(pickedHalf).hasSizeBetween(140, 260);
    assertThat(pickedHalf).containsAll(pickedTenth);
    assertThat(FLEET.stream().filter(ReleaseTarget.fraction(0.1)::selects).toList())
        .isEqualTo(pickedTenth);
    assertThat(FLEET).allMatch(ReleaseTarget.fraction(1.0)::selects);
  }

  @Test
  void shouldSelectNamedInstancesBesidesTheFraction() {
    String outside =
        FLEET.stream().filter(id -> ReleaseTarget.bucket(id) >= 0.1).findFirst().orElseThrow();
    ReleaseTarget target = new ReleaseTarget(List.of(outside), java.util.OptionalDouble.of(0.1));

    assertThat(target.selects(outside)).isTrue();
  }

  @Test
  void shouldRefuseAFractionOutsideZeroToOne() {
    assertThatThrownBy(() -> ReleaseTarget.fraction(0.0))
        .hasMessage("expected a target fraction in (0, 1], found 0.0");
    assertThatThrownBy(() -> ReleaseTarget.fraction(1.5))
        .hasMessage("expected a target fraction in (0, 1], found 1.5");
  }
}
