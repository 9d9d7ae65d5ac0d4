package io.streambert.trainer.cli;

import io.streambert.model.GoldenExamples;
import io.streambert.model.bundle.Checksums;
import io.streambert.model.bundle.ModelBundle;
import io.streambert.trainer.publish.GoldenCheck;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code export}: verify a bundle folder the way a processor will load it and package it as the zip
 * that {@code publish} stores.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Verify an exported bundle folder (manifest, every file's SHA-256, ONNX inputs and outputs),"
          + " load it with ONNX Runtime as a processor does and require it to reproduce the golden"
          + " examples in its manifest, then write it as a zip for publish.",
      "finetune writes the bundle folder itself (fine-tuned weights in the encoder graph, heads"
          + " appended, parity-checked against the training model)."
    })
public final class ExportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--bundle",
      required = true,
      paramLabel = "DIR",
      description = "The bundle folder.")
  Path bundle;

  @Option(
      names = "--zip",
      paramLabel = "FILE",
      description = "Where to write the zip. Default: <bundle folder>.zip beside it.")
  Path zip;

  @Override
  public Integer call() throws IOException {
    if (!Files.isDirectory(bundle)) {
      throw new IllegalArgumentException("expected a bundle folder at " + bundle + ", found none");
    }
    ModelBundle opened = ModelBundle.open(bundle);
    GoldenExamples.Result golden = GoldenCheck.require(opened);
    Path target =
        zip != null ? zip : bundle.toAbsolutePath().resolveSibling(bundle.getFileName() + ".zip");
    if (Files.exists(target)) {
      throw new IllegalArgumentException(
          "expected no file at " + target + " (zips are never overwritten), found one");
    }
    Path parent = target.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    opened.zip(target);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "exported %s%n  zip     %s%n  sha256  %s%n  golden  %d examples reproduced%n",
        opened.manifest().modelVersion(), target, Checksums.sha256(target), golden.examples());
    out.flush();
    return ExitCodes.OK;
  }
}
