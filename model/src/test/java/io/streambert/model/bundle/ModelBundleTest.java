package io.streambert.model.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambert.model.testing.TestBundles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of damage to a bundle is refused with its own message. */
class ModelBundleTest {

  @TempDir Path tmp;
  static ModelBundle good;

  @BeforeAll
  static void build() {
    good = TestBundles.miniLmBothTasks();
  }

  @Test
  void shouldOpenAGoodBundleWithItsManifest() {
    BundleManifest m = good.manifest();

    assertThat(m.modelVersion()).isEqualTo(TestBundles.VERSION);
    assertThat(m.tasks()).containsKeys(BundleManifest.SENTIMENT, BundleManifest.ENTITIES);
    assertThat(m.tasks().get("entities").labels()).startsWith("O", "B-PER");
    assertThat(m.files()).containsKeys("model.onnx", "tokenizer.json");
    assertThat(m.files().get("model.onnx")).hasSize(64);
  }

  @Test
  void shouldRoundTripThroughAZip() throws Exception {
    Path zip = good.zip(tmp.resolve("b.zip"));

    ModelBundle reopened = ModelBundle.open(zip);

    assertThat(reopened.manifest()).isEqualTo(good.manifest());
    assertThat(Checksums.sha256(reopened.onnxPath()))
        .isEqualTo(good.manifest().files().get("model.onnx"));
  }

  @Test
  void shouldStoreTheGraphUncompressedAndDeflateTheRestWhenZipped() throws Exception {
    Path zip = good.zip(tmp.resolve("b.zip"));

    try (ZipFile zf = new ZipFile(zip.toFile())) {
      ZipEntry onnx = zf.getEntry("model.onnx");
      assertThat(onnx.getMethod()).isEqualTo(ZipEntry.STORED);
      assertThat(onnx.getSize()).isEqualTo(Files.size(good.onnxPath()));
      assertThat(zf.getEntry("tokenizer.json").getMethod()).isEqualTo(ZipEntry.DEFLATED);
      assertThat(zf.getInputStream(onnx).readAllBytes())
          .isEqualTo(Files.readAllBytes(good.onnxPath()));
    }
  }

  @Test
  void shouldCompareTheWrittenDigestsWithTheManifestWhenOpenedUnpacked() throws Exception {
    Path dir = copy();
    String onnx = good.manifest().files().get("model.onnx");
    String tokenizer = good.manifest().files().get("tokenizer.json");

    ModelBundle opened =
        ModelBundle.openUnpacked(dir, Map.of("model.onnx", onnx, "tokenizer.json", tokenizer));
    assertThat(opened.manifest()).isEqualTo(good.manifest());

    String other = "0".repeat(64);
    assertThatThrownBy(() -> ModelBundle.openUnpacked(dir, Map.of("model.onnx", other)))
        .hasMessage(
            "model.onnx: expected SHA-256 "
                + onnx
                + " (manifest.json), found "
                + other
                + "; the file is corrupt or was changed after the bundle was built");
  }

  @Test
  void shouldHashFromDiskWhatTheWrittenDigestsLackWhenOpenedUnpacked() throws Exception {
    Path dir = copy();
    Files.writeString(dir.resolve("tokenizer.json"), "{}");

    assertThatThrownBy(
            () ->
                ModelBundle.openUnpacked(
                    dir, Map.of("model.onnx", good.manifest().files().get("model.onnx"))))
        .hasMessageStartingWith("tokenizer.json: expected SHA-256 ");
  }

  @Test
  void shouldExtractAZipIntoTheFolderTheCallerChooses() throws Exception {
    Path zip = good.zip(tmp.resolve("b.zip"));

    ModelBundle reopened = ModelBundle.open(zip, tmp.resolve("here"));

    assertThat(reopened.directory()).isEqualTo(tmp.resolve("here"));
    assertThat(reopened.onnxPath()).exists();
    assertThatThrownBy(() -> ModelBundle.open(zip, tmp.resolve("here")))
        .hasMessageContaining("expected an empty folder");
  }

  @Test
  void shouldRefuseAMissingFolderOrManifest() throws Exception {
    assertThatThrownBy(() -> ModelBundle.open(tmp.resolve("nothing")))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("found nothing");
    Files.createDirectories(tmp.resolve("empty"));
    assertThatThrownBy(() -> ModelBundle.open(tmp.resolve("empty")))
        .hasMessageContaining("expected manifest.json");
  }

  @Test
  void shouldRefuseUnreadableManifestJson() throws Exception {
    Path dir = copyWithManifest(m -> "{ not json");
    assertThatThrownBy(() -> ModelBundle.open(dir)).hasMessageContaining("unreadable JSON");
  }

  @Test
  void shouldDecodeGreedilyABundleWhoseManifestPredatesTheDecodingField() throws Exception {
    Path dir =
        copyWithManifest(
            m -> m.replace(",\n      \"decoding\" : \"greedy\"", "").replace("\r", ""));
    assertThat(Files.readString(dir.resolve("manifest.json"))).doesNotContain("decoding");

    BundleManifest m = ModelBundle.open(dir).manifest();

    assertThat(m.tasks().get("entities").decoding()).isEqualTo(TagDecoding.GREEDY);
    assertThat(m.tasks().get("sentiment").decoding()).isNull();
  }

  @Test
  void shouldReadTheBioViterbiDecodingFromTheManifest() throws Exception {
    Path dir = copyWithManifest(m -> m.replace("\"greedy\"", "\"bio-viterbi\""));

    assertThat(ModelBundle.open(dir).manifest().tasks().get("entities").decoding())
        .isEqualTo(TagDecoding.BIO_VITERBI);
  }

  @Test
  void shouldRefuseAnUnknownDecoding() throws Exception {
    Path dir = copyWithManifest(m -> m.replace("\"greedy\"", "\"beam\""));

    assertThatThrownBy(() -> ModelBundle.open(dir))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("expected a tag decoding among [greedy, bio-viterbi], found 'beam'");
  }

  @Test
  void shouldRefuseViterbiDecodingOverTagsThatAreNotBio() throws Exception {
    Path dir =
        copyWithManifest(
            m -> m.replace("\"greedy\"", "\"bio-viterbi\"").replace("\"B-PER\"", "\"S-PER\""));

    assertThatThrownBy(() -> ModelBundle.open(dir))
        .hasMessageStartingWith(
            "manifest.json: expected task entities with decoding bio-viterbi to have BIO tags,"
                + " found [O, S-PER");
  }

  @Test
  void shouldRefuseAnUnknownFormatVersion() throws Exception {
    Path dir = copyWithManifest(m -> m.replace("\"formatVersion\" : 1", "\"formatVersion\" : 9"));
    assertThatThrownBy(() -> ModelBundle.open(dir))
        .hasMessage("manifest.json: expected formatVersion 1, found 9");
  }

  @Test
  void shouldReadAManifestWrittenBeforePrecisionExistedAsFp32() throws Exception {
    // Given a manifest without the precision field, as bundles written before int8 have
    Path dir = copy();
    Path manifest = dir.resolve("manifest.json");
    String json = Files.readString(manifest, StandardCharsets.UTF_8);
    Files.writeString(
        manifest, json.replaceAll(",\\s*\"precision\" : \"\\w+\"", ""), StandardCharsets.UTF_8);

    // When it is opened, then it is an fp32 bundle
    assertThat(Files.readString(manifest, StandardCharsets.UTF_8)).doesNotContain("precision");
    assertThat(ModelBundle.open(dir).manifest().precision()).isEqualTo(Precision.FP32);
  }

  @Test
  void shouldRefuseAnUnknownPrecision() throws Exception {
    Path dir =
        copyWithManifest(
            m ->
                m.replaceAll(",\\s*\"precision\" : \"\\w+\"", "")
                    .replace(
                        "\"formatVersion\"", "\"precision\" : \"INT4\",\n  \"formatVersion\""));
    assertThatThrownBy(() -> ModelBundle.open(dir))
        .hasMessageContaining("INT4")
        .hasMessageContaining("[FP32, INT8]");
  }

  @Test
  void shouldRefuseAManifestWithoutModelVersion() throws Exception {
    Path dir =
        copyWithManifest(m -> m.replace("\"modelVersion\" : \"" + TestBundles.VERSION + "\",", ""));
    assertThatThrownBy(() -> ModelBundle.open(dir))
        .hasMessage("manifest.json: expected a modelVersion, found none");
  }

  @Test
  void shouldRefuseAModelFileWhoseChecksumDiffers() throws Exception {
    Path dir = copy();
    try (OutputStream out =
        Files.newOutputStream(dir.resolve("model.onnx"), java.nio.file.StandardOpenOption.APPEND)) {
      out.write(0);
    }
    assertThatThrownBy(() -> ModelBundle.open(dir))
        .hasMessageStartingWith("model.onnx: expected SHA-256 ")
        .hasMessageContaining("corrupt");
  }

  @Test
  void shouldRefuseAMissingTokenizer() throws Exception {
    Path dir = copy();
    Files.delete(dir.resolve("tokenizer.json"));
    assertThatThrownBy(() -> ModelBundle.open(dir))
        .hasMessageStartingWith("tokenizer.json: expected a file listed in manifest.json");
  }

  @Test
  void shouldRefuseAnInputNameTheGraphDoesNotHave() throws Exception {
    Path dir = copyWithManifest(m -> m.replace("\"input_ids\"", "\"ids\""));
    assertThatThrownBy(() -> ModelBundle.open(dir))
        .hasMessageContaining("expected input 'ids' (manifest.json), found inputs [input_ids");
  }

  @Test
  void shouldRefuseAnOutputNameTheGraphDoesNotHave() throws Exception {
    Path dir = copyWithManifest(m -> m.replace("\"sentiment_logits\"", "\"logits\""));
    assertThatThrownBy(() -> ModelBundle.open(dir))
        .hasMessageContaining("expected output 'logits' for task sentiment, found outputs");
  }

  @Test
  void shouldRefuseLabelsThatDoNotMatchTheHeadWidth() throws Exception {
    Path dir =
        copyWithManifest(m -> m.replace("\"negative\", \"positive\"", "\"a\", \"b\", \"c\""));
    assertThatThrownBy(() -> ModelBundle.open(dir))
        .hasMessageContaining("has 2 logits per position, expected 3");
  }

  @Test
  void shouldRefuseAZipEntryOutsideTheBundle() throws Exception {
    Path zip = tmp.resolve("evil.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry("../escape.txt"));
      out.write(1);
      out.closeEntry();
    }
    assertThatThrownBy(() -> ModelBundle.open(zip))
        .hasMessageContaining("expected entries inside the bundle, found '../escape.txt'");
  }

  private Path copy() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("copy"));
    for (String f : new String[] {"manifest.json", "tokenizer.json"}) {
      Files.copy(good.directory().resolve(f), dir.resolve(f));
    }
    Files.copy(good.onnxPath(), dir.resolve("model.onnx"));
    return dir;
  }

  private Path copyWithManifest(UnaryOperator<String> edit) throws IOException {
    Path dir = copy();
    Path manifest = dir.resolve("manifest.json");
    String json = Files.readString(manifest, StandardCharsets.UTF_8);
    String edited = edit.apply(json);
    assertThat(edited).as("the edit must change the manifest").isNotEqualTo(json);
    Files.writeString(manifest, edited, StandardCharsets.UTF_8);
    return dir;
  }
}
