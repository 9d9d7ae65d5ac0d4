package io.streambert.trainer.cli;

import io.streambert.model.OnnxTextModel;
import io.streambert.model.bundle.ModelBundle;
import io.streambert.model.bundle.TagDecoding;
import io.streambert.model.bundle.TaskKind;
import io.streambert.model.bundle.TaskSpec;
import io.streambert.model.inference.EngineConfig;
import io.streambert.model.inference.ExecutionProvider;
import io.streambert.trainer.metrics.ClassificationResult;
import io.streambert.trainer.metrics.ModelEvaluator;
import io.streambert.trainer.metrics.TaggingResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code evaluate}: score a bundle on dev data through ONNX Runtime, as the processor serves it.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Score a model bundle on labelled dev data through the processor's own inference path"
          + " (bundle tokenizer, ONNX Runtime, decoders): accuracy and macro F1 for sentences,"
          + " entity-level precision/recall/F1 (exact spans, per type) and a confusion table.",
      "The data is read with the bundle's label sets fixed: a label the bundle does not know is a"
          + " bad row."
    })
public final class EvaluateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--bundle",
      required = true,
      paramLabel = "PATH",
      description = "Bundle folder or .zip.")
  Path bundle;

  @Mixin DataOptions data;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      defaultValue = "64",
      description = "Texts per forward pass. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(
      names = "--provider",
      paramLabel = "PROVIDER",
      defaultValue = "CPU",
      description = "ONNX Runtime provider: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  ExecutionProvider provider;

  @Option(
      names = "--threads",
      paramLabel = "N",
      defaultValue = "0",
      description = "ONNX Runtime intra-op threads; 0: its default.")
  int threads;

  @Option(
      names = "--decoding",
      paramLabel = "DECODING",
      description =
          "Decode entity tags greedy or bio-viterbi instead of as the bundle's manifest says (to"
              + " measure a decoding on the same model). Default: the manifest's.")
  String decoding;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Also write the figures as JSON (manifest metric names).")
  Path json;

  @Override
  public Integer call() throws IOException {
    ModelBundle opened = ModelBundle.open(bundle);
    try {
      return evaluate(decoding == null ? opened : opened.withTokenDecoding(parsedDecoding()));
    } finally {
      ExtractedBundles.cleanUp(opened, bundle);
    }
  }

  private int evaluate(ModelBundle opened) throws IOException {
    Map<String, List<String>> labels = new LinkedHashMap<>();
    opened.manifest().tasks().forEach((name, task) -> labels.put(name, labelsOf(task)));
    TaskData dev = data.readForEvaluation(labels);
    DataSummary.print(spec.commandLine().getOut(), dev);
    opened
        .manifest()
        .task(TaskKind.TOKEN_CLASSIFICATION)
        .ifPresent(
            t ->
                spec.commandLine()
                    .getOut()
                    .printf("entities decoded with %s%n", t.getValue().decoding()));
    EngineConfig engine = EngineConfig.builder().provider(provider).intraOpThreads(threads).build();
    long start = System.nanoTime();
    Optional<ClassificationResult> sentiment;
    Optional<TaggingResult> entities;
    try (OnnxTextModel model = OnnxTextModel.load(opened, engine)) {
      ModelEvaluator evaluator = new ModelEvaluator(model, batchSize);
      sentiment = dev.sentiment().flatMap(SentenceSplit::dev).map(evaluator::sentences);
      entities = dev.entities().flatMap(TaggingSplit::dev).map(evaluator::entities);
    }
    MetricsReport report =
        new MetricsReport(
            opened.manifest().modelVersion(),
            sentiment,
            entities,
            (System.nanoTime() - start) / 1e9);
    spec.commandLine().getOut().print(report.toText());
    spec.commandLine().getOut().flush();
    if (json != null) {
      report.writeJson(json);
    }
    return ExitCodes.OK;
  }

  private TagDecoding parsedDecoding() {
    try {
      return TagDecoding.parse(decoding);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--decoding: " + e.getMessage());
    }
  }

  private static List<String> labelsOf(TaskSpec task) {
    return task.labels();
  }
}
