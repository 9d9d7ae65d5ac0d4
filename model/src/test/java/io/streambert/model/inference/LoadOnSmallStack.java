package io.streambert.model.inference;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.streambert.model.OnnxTextModel;
import io.streambert.model.bundle.ModelBundle;
import io.streambert.model.encoding.EncodedText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Child JVM of {@link SessionStackIT}, started with a small {@code -Xss}. {@code served BUNDLE}
 * loads the bundle as serving does and predicts a batch of long texts, printing {@code predicted
 * N}; {@code direct BUNDLE} creates the ONNX Runtime session on the small main thread itself,
 * printing {@code session created} if it survives.
 */
public final class LoadOnSmallStack {

  private LoadOnSmallStack() {}

  public static void main(String[] args) throws Exception {
    ModelBundle bundle = ModelBundle.open(Path.of(args[1]));
    if (args[0].equals("direct")) {
      try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
          OrtSession session =
              OrtEnvironment.getEnvironment()
                  .createSession(bundle.onnxPath().toString(), options)) {
        System.out.println("session created " + session.getNumInputs());
      }
      return;
    }
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
