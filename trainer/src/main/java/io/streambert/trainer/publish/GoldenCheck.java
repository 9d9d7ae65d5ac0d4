package io.streambert.trainer.publish;

import io.streambert.model.GoldenExamples;
import io.streambert.model.OnnxTextModel;
import io.streambert.model.bundle.ModelBundle;
import io.streambert.model.inference.EngineConfig;
import io.streambert.model.inference.ExecutionProvider;
import java.util.List;

/**
 * Loads a bundle the way a processor does ({@link OnnxTextModel} on ONNX Runtime) and checks that
 * it reproduces every golden example its manifest records, with the same {@link
 * GoldenExamples#check} a processor runs before it serves a release.
 */
public final class GoldenCheck {
  private GoldenCheck() {}

  /** Predicts every golden example of {@code bundle} on the CPU and compares. */
  public static GoldenExamples.Result run(ModelBundle bundle) {
    if (bundle.manifest().goldenExamples().isEmpty()) {
      return new GoldenExamples.Result(0, List.of());
    }
    try (OnnxTextModel model =
        OnnxTextModel.load(
            bundle, EngineConfig.builder().provider(ExecutionProvider.CPU).build())) {
      return GoldenExamples.check(model);
    }
  }

  /**
   * Runs the check and refuses a bundle that does not reproduce its golden examples.
   *
   * @throws PublishRefusedException listing the mismatches
   */
  public static GoldenExamples.Result require(ModelBundle bundle) {
    GoldenExamples.Result result = run(bundle);
    if (!result.passed()) {
      throw new PublishRefusedException(
          "expected bundle "
              + bundle.manifest().modelVersion()
              + " to reproduce its "
              + result.examples()
              + " golden examples on ONNX Runtime, found "
              + result.mismatches().size()
              + " different: "
              + result.mismatches());
    }
    return result;
  }
}
