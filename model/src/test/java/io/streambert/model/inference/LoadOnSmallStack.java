package io.streambert.model.inference;

import io.streambert.model.OnnxTextModel;
import io.streambert.model.bundle.ModelBundle;
import io.streambert.model.encoding.EncodedText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Child JVM of {@link SessionStackIT}, started with a small {@code -Xss}: loads the bundle given as
 * the only argument as serving does and predicts a batch of long texts, printing {@code predicted
 * N}.
 */
public final class LoadOnSmallStack {

  private LoadOnSmallStack() {}

  public static void main(String[] args) throws Exception {
    ModelBundle bundle = ModelBundle.open(Path.of(args[0]));
    EngineConfig cpu = EngineConfig.builder().provider(ExecutionProvider.CPU).build();
    try (OnnxTextModel model = OnnxTextModel.load(bundle, cpu)) {
      List<EncodedText> batch = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        batch.add(model.encode("Marie Curie worked in Paris for years. ".repeat(10 + i)));
      }
      System.out.println("predicted " + model.predict(batch).size());
    }
  }
}
