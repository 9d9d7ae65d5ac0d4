package io.streambert.trainer.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code finetune}: reads and checks the data, then fine-tunes the encoder and heads. */
@Command(
    name = "finetune",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Fine-tune every encoder weight plus a sentence head, a token head, or both (multi-task).",
      "Training data is read and checked first: bad rows are reported as file:line with a reason."
    })
public final class FinetuneCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin DataOptions data;

  @Mixin HyperParameters hyper;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description = "Run folder: checkpoints, best weights, metrics. Required unless --check-data.")
  Path output;

  @Option(
      names = "--resume",
      description = "Continue from the checkpoint in --output when there is one.")
  boolean resume;

  @Option(
      names = "--stop-after-steps",
      paramLabel = "N",
      defaultValue = "0",
      description = "Stop with a checkpoint after N steps in total (0: train to the end).")
  long stopAfterSteps;

  @Option(names = "--no-progress", description = "No console progress bar (for logs and CI).")
  boolean noProgress;

  @Option(
      names = "--check-data",
      description = "Only read and check the data, print what was found, and stop.")
  boolean checkData;

  @Override
  public Integer call() {
    TaskData read = data.readForTraining();
    DataSummary.print(spec.commandLine().getOut(), read);
    if (checkData) {
      return ExitCodes.OK;
    }
    if (output == null) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "expected --output DIR for the run, found none");
    }
    // TODO(trainer-model): hand `read` and `hyper` to the fine-tuning engine
    // (io.streambert.trainer.train.FineTuner) once it is merged into main.
    spec.commandLine()
        .getErr()
        .println(
            "finetune: the data is fine, but the fine-tuning engine is not wired into this build"
                + " of the CLI yet; nothing was trained.");
    return ExitCodes.NOT_AVAILABLE;
  }
}
