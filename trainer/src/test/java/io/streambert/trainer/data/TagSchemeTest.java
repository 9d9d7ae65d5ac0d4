package io.streambert.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TagSchemeTest {

  @Test
  void shouldAcceptBioTagsAndNameBadPrefixes() {
    assertThat(TagScheme.problem("O")).isEmpty();
    assertThat(TagScheme.problem("B-PER")).isEmpty();
    assertThat(TagScheme.problem("I-MISC")).isEmpty();
    assertThat(TagScheme.problem("PER")).get().asString().contains("found \"PER\"");
    assertThat(TagScheme.problem("E-PER")).isPresent();
    assertThat(TagScheme.problem("B-")).isPresent();
    assertThat(TagScheme.problem("o")).isPresent();
  }

  @Test
  void shouldStartIob1EntitiesWithBAndKeepSameTypeSeparators() {
    TagScheme.Conversion c =
        TagScheme.IOB1.toBio(List.of("I-ORG", "I-ORG", "B-ORG", "I-ORG", "O", "I-PER", "I-LOC"));

    assertThat(c.tags()).containsExactly("B-ORG", "I-ORG", "B-ORG", "I-ORG", "O", "B-PER", "B-LOC");
    assertThat(c.rewritten()).isEqualTo(3);
  }

  @Test
  void shouldLeaveValidBioUnchanged() {
    List<String> tags = List.of("B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-LOC");

    TagScheme.Conversion c = TagScheme.BIO.toBio(tags);

    assertThat(c.tags()).isEqualTo(tags);
    assertThat(c.rewritten()).isZero();
  }
}
