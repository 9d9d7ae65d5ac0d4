package io.streambert.trainer.cli;

import io.streambert.model.bundle.ModelBundle;
import io.streambert.model.bundle.TaskSpec;
import io.streambert.model.quantization.DynamicInt8Quantizer;
import io.streambert.model.quantization.WeightGranularity;
import io.streambert.trainer.export.Int8Exporter;
import io.streambert.trainer.export.Int8Gate;
import io.streambert.trainer.export.Int8Tolerance;
import io.streambert.trainer.export.ServingGoldenExamples;
import io.streambert.trainer.publish.ModelVersion;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quantize}: turn an fp32 bundle into a dynamic int8 one, behind the int8 gate. */
@Command(
    name = "quantize",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Write the dynamic int8 bundle of an fp32 bundle: the encoder's MatMul weights in int8 (per"
          + " output channel by default), activations quantized at run time; tokenizer, tasks and"
          + " windows unchanged, manifest precision INT8.",
      "The int8 bundle is accepted only when, on the dev data given, it loses at most"
          + " --max-accuracy-drop sentence accuracy points and --max-entity-f1-drop entity F1"
          + " points against the fp32 bundle and keeps at least --min-agreement of its"
          + " predictions; otherwise nothing is written and the exit code is 3."
    })
public final class QuantizeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--bundle",
      required = true,
      paramLabel = "PATH",
      description = "The fp32 bundle, folder or .zip.")
  Path bundle;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description = "The new int8 bundle folder. Default: <bundle>-int8 beside the bundle.")
  Path output;

  @Option(
      names = "--model-version",
      paramLabel = "VERSION",
      description = "Version of the int8 bundle. Default: the fp32 version + -int8.")
  String modelVersion;

  @Mixin DataOptions data;

  @Option(
      names = "--max-accuracy-drop",
      paramLabel = "POINTS",
      defaultValue = "0.5",
      description = "Sentence accuracy points the int8 bundle may lose. Default: ${DEFAULT-VALUE}.")
  double maxAccuracyDrop;

  @Option(
      names = "--max-entity-f1-drop",
      paramLabel = "POINTS",
      defaultValue = "1.0",
      description = "Entity F1 points the int8 bundle may lose. Default: ${DEFAULT-VALUE}.")
  double maxEntityF1Drop;

  @Option(
      names = "--min-agreement",
      paramLabel = "F",
      defaultValue = "0.95",
      description =
          "Fraction of the fp32 predictions (sentence labels, word tags) the int8 bundle must"
              + " keep. Default: ${DEFAULT-VALUE}.")
  double minAgreement;

  @Option(
      names = "--granularity",
      paramLabel = "G",
      defaultValue = "PER_CHANNEL",
      description = "Weight scales: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  WeightGranularity granularity;

  @Option(
      names = "--golden-examples",
      paramLabel = "N",
      defaultValue = "8",
      description = "Dev texts recorded with their int8 predictions. Default: ${DEFAULT-VALUE}.")
  int goldenExamples;

  @Override
  public Integer call() throws IOException {
    ModelBundle fp32 = ModelBundle.open(bundle);
    try {
      return quantize(fp32);
    } finally {
      ExtractedBundles.cleanUp(fp32, bundle);
    }
  }

  private int quantize(ModelBundle fp32) throws IOException {
    Map<String, List<String>> labels = new LinkedHashMap<>();
    fp32.manifest().tasks().forEach((name, task) -> labels.put(name, labelsOf(task)));
    TaskData dev = data.readForEvaluation(labels);
    PrintWriter out = spec.commandLine().getOut();
    DataSummary.print(out, dev);
    String version =
        ModelVersion.parse(
                modelVersion != null ? modelVersion : fp32.manifest().modelVersion() + "-int8")
            .toString();
    Path target = output != null ? output : defaultOutput();
    Int8Exporter exporter =
        new Int8Exporter(
            new DynamicInt8Quantizer(granularity, DynamicInt8Quantizer.DEFAULT_MIN_DIMENSION),
            new Int8Gate(new Int8Tolerance(maxAccuracyDrop, maxEntityF1Drop, minAgreement)),
            new ServingGoldenExamples());
    Int8Exporter.Result result =
        exporter.export(
            fp32,
            version,
            target,
            dev.sentiment().flatMap(SentenceSplit::dev),
            dev.entities().flatMap(TaggingSplit::dev),
            goldenExamples);
    out.printf(
        "quantized %s -> %s (INT8)%n  bundle  %s%n  %s%n",
        fp32.manifest().modelVersion(), version, result.bundle().directory(), result.comparison());
    out.flush();
    return ExitCodes.OK;
  }

  private Path defaultOutput() {
    Path source = bundle.toAbsolutePath();
    String name = source.getFileName().toString();
    if (name.endsWith(".zip")) {
      name = name.substring(0, name.length() - ".zip".length());
    }
    return source.resolveSibling(name + "-int8");
  }

  private static List<String> labelsOf(TaskSpec task) {
    return task.labels();
  }
}
