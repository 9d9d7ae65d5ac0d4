package io.streambert.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streambert.model.bundle.DemoBundles;
import io.streambert.model.bundle.ModelBundle;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphFlopsTest {

  @TempDir Path dir;

  @Test
  void shouldCountTwoFlopsPerDenseWeightOfTheMiniLmGraph() throws Exception {
    ModelBundle bundle = DemoBundles.miniLmBothTasks(dir.resolve("b"), "1.0.0", 7);

    double flops = GraphFlops.perToken(bundle.onnxPath());

    // 6 layers x (4 x 384^2 + 2 x 384 x 1536) weights, plus the two small heads.
    double encoder = 2.0 * 6 * (4 * 384 * 384 + 2 * 384 * 1536);
    assertThat(flops).isGreaterThan(encoder).isCloseTo(encoder, within(0.01 * encoder));
  }
}
