package io.streambert.model.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CaseClassTest {

  private static CaseClass of(String s) {
    return CaseClass.of(s, 0, s.length());
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "rose, LOWER",
    "Rose, TITLE",
    "NASA, UPPER",
    "U, UPPER",
    "iPhone, MIXED",
    "McDONALD, MIXED",
    "1996, NONE",
    "'3.5%', NONE",
    "G7, UPPER",
    "4th, LOWER",
    "'-', NONE"
  })
  void shouldClassifyLatinTokens(String token, CaseClass expected) {
    assertThat(of(token)).isEqualTo(expected);
  }

  @Test
  void shouldSeeNoLettersInEmoji() {
    assertThat(of("🙂")).isEqualTo(CaseClass.NONE);
    assertThat(of("🇩🇪")).isEqualTo(CaseClass.NONE);
    assertThat(of("👍🏽Good")).isEqualTo(CaseClass.TITLE);
  }

  @Test
  void shouldSeeNoCaseInCaselessScripts() {
    assertThat(of("東京")).isEqualTo(CaseClass.NONE);
    assertThat(of("القاهرة")).isEqualTo(CaseClass.NONE);
    assertThat(of("दिल्ली")).isEqualTo(CaseClass.NONE);
  }

  @Test
  void shouldIgnoreCaselessLettersBesideCasedOnesInMixedScripts() {
    assertThat(of("東京Tower")).isEqualTo(CaseClass.TITLE);
    assertThat(of("Zürich")).isEqualTo(CaseClass.TITLE);
    assertThat(of("ΑΘΗΝΑ")).isEqualTo(CaseClass.UPPER);
    assertThat(of("Москва")).isEqualTo(CaseClass.TITLE);
    assertThat(of("ǅemal")).isEqualTo(CaseClass.TITLE);
  }

  @Test
  void shouldReadOnlyTheGivenRangeAndToleratePaddingRanges() {
    String text = "the NASA launch";

    assertThat(CaseClass.of(text, 4, 8)).isEqualTo(CaseClass.UPPER);
    assertThat(CaseClass.of(text, -1, -1)).isEqualTo(CaseClass.NONE);
    assertThat(CaseClass.of(text, 8, 8)).isEqualTo(CaseClass.NONE);
  }

  @Test
  void shouldNumberClassesFromZeroWithNoneForPadding() {
    assertThat(CaseClass.NONE.id()).isZero();
    assertThat(CaseClass.COUNT).isEqualTo(5);
  }
}
