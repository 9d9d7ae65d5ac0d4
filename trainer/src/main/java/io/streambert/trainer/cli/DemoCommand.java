package io.streambert.trainer.cli;

import io.streambert.trainer.TrainerMain;
import io.streambert.trainer.demo.DemoCorpus;
import io.streambert.trainer.demo.DemoRecipe;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: writes the generated demo set and fine-tunes the quickstart's model on it with
 * {@link DemoRecipe}'s settings, through {@code finetune} itself, so the demo model is made the way
 * every other model is.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Generate the labelled demo set (review sentences with their sentiment, news sentences with"
          + " PER/LOC/ORG/MISC entities; templates over name, place and organisation lists) and"
          + " fine-tune a multi-task demo model on it: a few minutes on 2 CPU cores.",
      "It is a demo model: for a production one, train on real data (trainer/README.md)."
    })
public final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      required = true,
      description = "Folder for data/ (the generated set) and run-<version>/ (the fine-tune run).")
  Path output;

  @Option(
      names = "--model-version",
      paramLabel = "VERSION",
      defaultValue = "1.0.0",
      description = "Version of the demo bundle. Default: ${DEFAULT-VALUE}.")
  String modelVersion;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "7",
      description = "Seed of the training run (the generated set is always the same). Default: 7.")
  long seed;

  @Option(
      names = "--short",
      description =
          "The CI-sized recipe: a smaller set and fewer steps (about a third of the time).")
  boolean shortRun;

  @Option(names = "--data-only", description = "Write the generated set and stop.")
  boolean dataOnly;

  @Option(names = "--no-progress", description = "No console progress bar (for logs and CI).")
  boolean noProgress;

  @Override
  public Integer call() throws IOException {
    DemoRecipe recipe = shortRun ? DemoRecipe.SHORT : DemoRecipe.FULL;
    PrintWriter out = spec.commandLine().getOut();
    DemoCorpus.Splits data =
        new DemoCorpus()
            .write(
                output.resolve("data"),
                recipe.sentimentTrain(),
                recipe.entitiesTrain(),
                recipe.dev(),
                DemoRecipe.DATA_SEED);
    out.printf(
        "demo set: %d sentiment and %d tagged training sentences, %d of each for dev, in %s%n",
        recipe.sentimentTrain(), recipe.entitiesTrain(), recipe.dev(), output.resolve("data"));
    out.flush();
    if (dataOnly) {
      return ExitCodes.OK;
    }
    List<String> args = new ArrayList<>(recipe.finetuneArguments());
    args.addAll(
        List.of(
            "--sentiment-train", data.sentimentTrain().toString(),
            "--sentiment-dev", data.sentimentDev().toString(),
            "--entities-train", data.entitiesTrain().toString(),
            "--entities-dev", data.entitiesDev().toString(),
            "--seed", Long.toString(seed),
            "--model-version", modelVersion,
            "--output", output.resolve("run-" + modelVersion).toString()));
    if (noProgress) {
      args.add("--no-progress");
    }
    CommandLine finetune = TrainerMain.configure(new CommandLine(new FinetuneCommand()));
    finetune.setOut(out);
    finetune.setErr(spec.commandLine().getErr());
    return finetune.execute(args.toArray(String[]::new));
  }
}
