package io.streambert.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streambert.model.OnnxTextModel;
import io.streambert.model.TextPrediction;
import io.streambert.model.bundle.Checksums;
import io.streambert.model.bundle.ModelBundle;
import io.streambert.model.encoding.InvalidTextException;
import io.streambert.model.inference.EngineConfig;
import io.streambert.model.inference.ExecutionProvider;
import io.streambert.model.testing.TestBundles;
import io.streambert.trainer.TrainerMain;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code export} on a real MiniLM bundle whose manifest carries golden examples. */
class ExportCommandIT {
  private static final String TEXT = "Ada Lovelace was a good writer in London";

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = TrainerMain.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  /**
   * A copy of the test bundle (big files hard-linked) whose manifest records one golden example;
   * the manifest is not covered by the checksums, so editing it keeps the bundle valid.
   */
  private Path bundleWithGolden(String name, boolean correct)
      throws IOException, InvalidTextException {
    ModelBundle source = TestBundles.miniLmBothTasks();
    TextPrediction p;
    try (OnnxTextModel model =
        OnnxTextModel.load(
            source, EngineConfig.builder().provider(ExecutionProvider.CPU).build())) {
      p = model.predict(java.util.List.of(model.encode(TEXT))).get(0);
    }
    Path copy = Files.createDirectories(dir.resolve(name));
    for (String file : new String[] {"model.onnx", "tokenizer.json"}) {
      Files.createLink(copy.resolve(file), source.directory().resolve(file));
    }
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode manifest =
        (ObjectNode) json.readTree(source.directory().resolve("manifest.json").toFile());
    String sentiment = p.sentiment().orElseThrow().label();
    if (!correct) {
      sentiment = sentiment.equals("positive") ? "negative" : "positive";
    }
    ObjectNode golden = json.createObjectNode().put("text", TEXT).put("sentiment", sentiment);
    ArrayNode entities = golden.putArray("entities");
    p.entities().forEach(e -> entities.add(e.type() + ":" + e.start() + "-" + e.end()));
    manifest.putArray("goldenExamples").add(golden);
    json.writeValue(copy.resolve("manifest.json").toFile(), manifest);
    return copy;
  }

  @Test
  void shouldZipABundleThatReproducesItsGoldenExamples() throws Exception {
    Path bundle = bundleWithGolden("good", true);

    int code = run("export", "--bundle=" + bundle);

    Path zip = dir.resolve("good.zip");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("exported " + TestBundles.VERSION)
        .contains(Checksums.sha256(zip))
        .contains("1 examples reproduced");
    assertThat(ModelBundle.open(zip).manifest().goldenExamples()).hasSize(1);

    int again = run("export", "--bundle=" + bundle);

    assertThat(again).isEqualTo(ExitCodes.REFUSED);
    assertThat(err.toString()).contains("never overwritten");
  }

  @Test
  void shouldRefuseABundleThatDoesNotReproduceItsGoldenExamples() throws Exception {
    Path bundle = bundleWithGolden("drifted", false);

    int code = run("export", "--bundle=" + bundle, "--zip=" + dir.resolve("out/drifted.zip"));

    assertThat(code).isEqualTo(ExitCodes.REFUSED);
    assertThat(err.toString())
        .contains("to reproduce its 1 golden examples")
        .contains("\"" + TEXT + "\": expected");
    assertThat(dir.resolve("out/drifted.zip")).doesNotExist();
  }
}
