package io.streambert.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.model.TextModel;
import io.streambert.model.TextPrediction;
import io.streambert.model.bundle.BundleManifest;
import io.streambert.model.encoding.EncodedText;
import io.streambert.model.encoding.InvalidTextException;
import io.streambert.processor.serving.ModelLease;
import io.streambert.processor.serving.ReleaseCoordinate;
import io.streambert.processor.serving.ServedModels;
import io.streambert.processor.testing.FakeTextModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeldPassMoveTest {

  @Test
  void shouldEncodeAHeldPassAgainWithTheServedModelAndFailOnlyWhatThatModelCannotEncode()
      throws Exception {
    // Given a pass leased on the model served, which is then replaced by a model that refuses one
    // of the pass's texts
    FakeTextModel old = new FakeTextModel("fake-1");
    ServedModels models = ServedModels.serving(old, ReleaseCoordinate.BOOTSTRAP);
    List<BufferedRecord> records =
        List.of(record(0, "keep me"), record(1, "refused by the new model"));
    List<EncodedText> encoded = new ArrayList<>();
    for (BufferedRecord r : records) {
      encoded.add(old.encode(r.text()));
    }
    PassPipeline.Pass held = new PassPipeline.Pass(models.acquire(), records, encoded, 10);
    HeldPassMove moves = new HeldPassMove(models);
    assertThat(moves.stale(held)).isFalse();
    TextModel picky = new Refusing(new FakeTextModel("fake-2"), "refused");
    models.swap(picky, ReleaseCoordinate.of("model-releases", 0, 3));
    assertThat(moves.stale(held)).isTrue();

    // When it moves
    HeldPassMove.Moved moved = moves.move(held);

    // Then it runs on the new model with every record, the one it cannot encode failed as its own
    ModelLease lease = moved.pass().lease();
    assertThat(lease.model()).isSameAs(picky);
    assertThat(lease.coordinate()).isEqualTo(ReleaseCoordinate.of("model-releases", 0, 3));
    assertThat(moved.pass().records()).isEqualTo(records);
    assertThat(moved.pass().encoded()).extracting(EncodedText::text).containsExactly("keep me");
    assertThat(moved.failures().get(0)).isNull();
    assertThat(moved.failures().get(1))
        .isInstanceOf(HeldPassMove.UnencodableText.class)
        .hasMessageContaining("refused");
    assertThat(moves.stale(moved.pass())).isFalse();
    // And the replaced model closed with the old lease, its last
    assertThat(old.isClosed()).isTrue();
    assertThat(models.residentModels()).isEqualTo(1);
    lease.close();
  }

  private static BufferedRecord record(long sequence, String text) {
    return new BufferedRecord(
        sequence,
        "k".getBytes(),
        new byte[] {0, 0, 0, 0, 1},
        "e" + sequence,
        text,
        500L,
        600L,
        new SourcePosition("text-in", 0, sequence),
        5,
        1000L);
  }

  /** A model that cannot encode texts containing a marker. */
  private record Refusing(FakeTextModel model, String marker) implements TextModel {
    @Override
    public String version() {
      return model.version();
    }

    @Override
    public BundleManifest manifest() {
      return model.manifest();
    }

    @Override
    public EncodedText encode(String text) throws InvalidTextException {
      if (text.contains(marker)) {
        throw new InvalidTextException("expected no '" + marker + "', found " + text);
      }
      return model.encode(text);
    }

    @Override
    public List<TextPrediction> predict(List<EncodedText> batch) {
      return model.predict(batch);
    }

    @Override
    public void close() {
      model.close();
    }
  }
}
