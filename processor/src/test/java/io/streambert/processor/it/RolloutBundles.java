package io.streambert.processor.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streambert.model.bundle.BundleBuilder;
import io.streambert.model.bundle.BundleException;
import io.streambert.model.bundle.Checksums;
import io.streambert.model.bundle.DemoBundles;
import io.streambert.model.bundle.ModelBundle;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Small real bundles in a {@code file://} store folder for rollout tests: MiniLM with heads seeded
 * per version (two seeds, two versions that predict differently), zipped as the trainer stores
 * them.
 */
public final class RolloutBundles {

  /** One zip in the store. */
  public record Stored(String version, String uri, String sha256) {}

  private final Path store;
  private final Path build;

  public RolloutBundles(Path workDir) throws IOException {
    this.store = Files.createDirectories(workDir.resolve("store"));
    this.build = Files.createDirectories(workDir.resolve("build"));
  }

  /** The store's URI prefix, for {@code model.store.trusted.prefixes}. */
  public String trustedPrefix() {
    return store.toUri().toString();
  }

  /** MiniLM with both heads seeded by {@code seed}, zipped into the store as {@code version}. */
  public Stored miniLm(String version, long seed) throws IOException {
    ModelBundle bundle = DemoBundles.miniLmBothTasks(build.resolve(version), version, seed);
    Path zip = bundle.zip(store.resolve(version + ".zip"));
    return new Stored(version, zip.toUri().toString(), Checksums.sha256(zip));
  }

  /**
   * A copy of {@code source}'s bundle as {@code version} whose manifest names an ONNX input the
   * graph does not have: the manifest contradicts the graph (file checksums still match).
   */
  public Stored contradictingManifest(String version, Stored source) throws IOException {
    return withManifest(
        version, source, m -> ((ObjectNode) m.get("inputs")).put("inputIds", "token_ids"));
  }

  /**
   * A copy of {@code source}'s bundle as {@code version}, its manifest changed by {@code edit} (the
   * model version is set to {@code version} first).
   */
  public Stored withManifest(String version, Stored source, Consumer<ObjectNode> edit)
      throws IOException {
    Path from = build.resolve(source.version());
    Path zip = store.resolve(version + ".zip");
    ObjectMapper json = new ObjectMapper();
    ObjectNode manifest =
        (ObjectNode) json.readTree(from.resolve(BundleBuilder.MANIFEST_FILE).toFile());
    manifest.put("modelVersion", version);
    edit.accept(manifest);
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry(BundleBuilder.MANIFEST_FILE));
      out.write(json.writeValueAsBytes(manifest));
      out.closeEntry();
      for (String name : List.of(BundleBuilder.MODEL_FILE, BundleBuilder.TOKENIZER_FILE)) {
        out.putNextEntry(new ZipEntry(name));
        Files.copy(from.resolve(name), (OutputStream) out);
        out.closeEntry();
      }
    }
    return new Stored(version, zip.toUri().toString(), Checksums.sha256(zip));
  }

  /**
   * {@code source}'s model under a new {@code version}: the same weights and tokenizer (hard
   * links), a manifest naming {@code version}, zipped as the trainer stores bundles. Its SHA-256 is
   * new, so an instance fetches, unpacks and opens it as it would a newly trained model.
   */
  public Stored copyAs(String version, Stored source) throws IOException {
    Path from = build.resolve(source.version());
    Path dir = Files.createDirectories(build.resolve(version));
    for (String name : List.of(BundleBuilder.MODEL_FILE, BundleBuilder.TOKENIZER_FILE)) {
      Files.createLink(dir.resolve(name), from.resolve(name));
    }
    ObjectMapper json = new ObjectMapper();
    ObjectNode manifest =
        (ObjectNode) json.readTree(from.resolve(BundleBuilder.MANIFEST_FILE).toFile());
    manifest.put("modelVersion", version);
    json.writerWithDefaultPrettyPrinter()
        .writeValue(dir.resolve(BundleBuilder.MANIFEST_FILE).toFile(), manifest);
    try {
      Path zip = ModelBundle.open(dir).zip(store.resolve(version + ".zip"));
      return new Stored(version, zip.toUri().toString(), Checksums.sha256(zip));
    } catch (BundleException e) {
      throw new IOException("cannot open the copy of " + source.version() + " as " + version, e);
    }
  }

  /** Deletes a bundle {@link #copyAs} made: its zip in the store and its folder. */
  public void remove(Stored copy) throws IOException {
    Files.deleteIfExists(store.resolve(copy.version() + ".zip"));
    ItFiles.deleteRecursively(build.resolve(copy.version()));
  }

  /** The unpacked folder {@link #miniLm} built for {@code version}. */
  public Path folder(String version) {
    return build.resolve(version);
  }
}
