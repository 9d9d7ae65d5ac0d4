package io.streambert.trainer.bert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.streambert.model.encoding.CaseClass;
import org.junit.jupiter.api.Test;

class CaseEmbeddingsTest {

  private static final BertConfig TINY = new BertConfig(40, 16, 2, 2, 32, 32, 2, 1e-12f, 0f);
  private static final long[] IDS = {1, 7, 9, 12, 2, 1, 30, 31, 2, 0};
  private static final long[] CASES = {0, 2, 1, 3, 0, 0, 4, 2, 0, 0};

  private static float[] hidden(MultiTaskBert model, boolean withCases) {
    try (NDManager m = model.newBatchManager()) {
      Shape shape = new Shape(2, 5);
      ModelInputs inputs =
          new ModelInputs(
              m.create(IDS, shape),
              m.create(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 0}, shape),
              m.create(new long[10], shape),
              withCases ? m.create(CASES, shape) : null);
      return model.encode(inputs, false).toFloatArray();
    }
  }

  @Test
  void shouldStartFromExactlyTheModelWithoutCaseEmbeddings() {
    try (MultiTaskBert plain = MultiTaskBert.create(TINY, 2, 3, false, Device.cpu(), 4);
        MultiTaskBert cased = MultiTaskBert.create(TINY, 2, 3, true, Device.cpu(), 4)) {
      assertThat(cased.shape(ParameterNames.CASE_EMBEDDINGS))
          .containsExactly(CaseClass.COUNT, TINY.hidden());
      assertThat(cased.values(ParameterNames.CASE_EMBEDDINGS)).containsOnly(0f);

      assertThat(hidden(cased, true)).containsExactly(hidden(plain, false));
    }
  }

  @Test
  void shouldChangeTheHiddenStatesOnceTheCaseTableMoves() {
    try (MultiTaskBert cased = MultiTaskBert.create(TINY, 2, 3, true, Device.cpu(), 4)) {
      float[] before = hidden(cased, true);
      float[] table = cased.values(ParameterNames.CASE_EMBEDDINGS);
      table[TINY.hidden() * (int) CaseClass.TITLE.id()] = 1f;
      cased.setValues(
          ParameterNames.CASE_EMBEDDINGS, cased.shape(ParameterNames.CASE_EMBEDDINGS), table);

      assertThat(hidden(cased, true)).isNotEqualTo(before);
      assertThat(cased.trainableParameters()).containsKey(ParameterNames.CASE_EMBEDDINGS);
    }
  }

  @Test
  void shouldRefuseInputsWithoutCaseIdsForACaseAwareModel() {
    try (MultiTaskBert cased = MultiTaskBert.create(TINY, 2, 3, true, Device.cpu(), 4)) {
      assertThatThrownBy(() -> hidden(cased, false))
          .hasMessage("expected case ids for a model with case embeddings, found none");
    }
  }
}
