package io.streambert.trainer;

import io.streambert.model.bundle.BundleException;
import io.streambert.trainer.cli.DemoCommand;
import io.streambert.trainer.cli.EvaluateCommand;
import io.streambert.trainer.cli.ExitCodes;
import io.streambert.trainer.cli.ExportCommand;
import io.streambert.trainer.cli.FinetuneCommand;
import io.streambert.trainer.cli.PublishCommand;
import io.streambert.trainer.cli.QuantizeCommand;
import io.streambert.trainer.cli.VersionsCommand;
import io.streambert.trainer.data.DataFormatException;
import io.streambert.trainer.export.Int8RefusedException;
import io.streambert.trainer.export.ParityException;
import io.streambert.trainer.publish.PublishRefusedException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The trainer's command line: {@code finetune}, {@code evaluate}, {@code export}, {@code quantize},
 * {@code publish}.
 */
@Command(
    name = "streambert-trainer",
    mixinStandardHelpOptions = true,
    version = "streambert-trainer 0.1.0",
    description = "Fine-tune BERT in Java, evaluate, export a verified ONNX bundle, publish it.",
    subcommands = {
      FinetuneCommand.class,
      EvaluateCommand.class,
      ExportCommand.class,
      QuantizeCommand.class,
      PublishCommand.class,
      DemoCommand.class,
      VersionsCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:unexpected failure (stack trace printed)",
      "2:bad command line",
      "3:refused: bad data, invalid bundle or value, failed parity or int8 gate, refused publish"
          + " (message says why)"
    })
public final class TrainerMain implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "expected a command: finetune, evaluate, export, quantize or publish");
  }

  /** A command line with the trainer's error handling, for {@link #main} and tests. */
  public static CommandLine commandLine() {
    return configure(new CommandLine(new TrainerMain()));
  }

  /** Applies the trainer's parsing options and error handling to {@code cli}. */
  public static CommandLine configure(CommandLine cli) {
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof DataFormatException
              || e instanceof PublishRefusedException
              || e instanceof BundleException
              || e instanceof ParityException
              || e instanceof Int8RefusedException
              || e instanceof IllegalArgumentException) {
            PrintWriter err = commandLine.getErr();
            err.println(commandLine.getCommandName() + ": " + e.getMessage());
            err.flush();
            return ExitCodes.REFUSED;
          }
          throw e;
        });
    return cli;
  }

  /** Runs the CLI and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
