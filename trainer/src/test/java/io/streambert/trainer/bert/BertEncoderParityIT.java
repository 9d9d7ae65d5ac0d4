package io.streambert.trainer.bert;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.streambert.model.bundle.PretrainedEncoder;
import io.streambert.model.encoding.TextEncoder;
import io.streambert.model.encoding.TokenWindow;
import io.streambert.model.onnx.EncoderWeights;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DJL encoder with MiniLM's pretrained weights reproduces ONNX Runtime's hidden states. */
class BertEncoderParityIT {

  private static final List<String> SENTENCES =
      List.of(
          "The movie was wonderful.",
          "I hated every minute of it, truly awful and far too long!",
          "Angela Merkel met Emmanuel Macron in Berlin on Tuesday.",
          "ok");

  @Test
  void shouldMatchOnnxRuntimeLastHiddenStateWithPadding(@TempDir Path dir) throws Exception {
    PretrainedEncoder miniLm = PretrainedEncoder.miniLm();
    PretrainedEncoder.Extracted files = miniLm.extractTo(dir);
    EncoderWeights weights = EncoderWeights.read(files.onnx());

    int rows = SENTENCES.size();
    int length;
    long[] ids;
    long[] mask;
    long[] types;
    try (TextEncoder encoder = TextEncoder.open(files.tokenizer(), 128, 32)) {
      List<TokenWindow> windows = new java.util.ArrayList<>();
      for (String s : SENTENCES) {
        windows.add(encoder.encode(s).windows().get(0));
      }
      length = windows.stream().mapToInt(TokenWindow::length).max().orElseThrow();
      ids = new long[rows * length];
      mask = new long[rows * length];
      types = new long[rows * length];
      for (int r = 0; r < rows; r++) {
        TokenWindow w = windows.get(r);
        System.arraycopy(w.ids(), 0, ids, r * length, w.length());
        System.arraycopy(w.typeIds(), 0, types, r * length, w.length());
        java.util.Arrays.fill(mask, r * length, r * length + w.length(), 1L);
      }
    }
    assertThat(length).isGreaterThan(4); // the batch is padded: rows differ in length

    float[] ort;
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (InputStream onnx = miniLm.openOnnx();
        OrtSession session =
            env.createSession(onnx.readAllBytes(), new OrtSession.SessionOptions());
        OnnxTensor idsT =
            OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(ids), new long[] {rows, length});
        OnnxTensor maskT =
            OnnxTensor.createTensor(
                env, java.nio.LongBuffer.wrap(mask), new long[] {rows, length});
        OnnxTensor typesT =
            OnnxTensor.createTensor(
                env, java.nio.LongBuffer.wrap(types), new long[] {rows, length});
        OrtSession.Result result =
            session.run(
                Map.of("input_ids", idsT, "attention_mask", maskT, "token_type_ids", typesT))) {
      OnnxTensor hidden = (OnnxTensor) result.get("last_hidden_state").orElseThrow();
      java.nio.FloatBuffer buffer = hidden.getFloatBuffer();
      ort = new float[buffer.remaining()];
      buffer.get(ort);
    }

    float[] djl;
    try (MultiTaskBert model = PretrainedWeights.load(weights, 2, 0, 0f, Device.cpu(), 1);
        NDManager manager = model.newBatchManager()) {
      Shape shape = new Shape(rows, length);
      ModelInputs inputs =
          new ModelInputs(
              manager.create(ids, shape),
              manager.create(mask, shape),
              manager.create(types, shape));
      djl = model.encode(inputs, false).toFloatArray();
    }

    int hidden = weights.config().hidden();
    assertThat(djl).hasSameSizeAs(ort);
    double maxDiff = 0;
    for (int r = 0; r < rows; r++) {
      for (int t = 0; t < length; t++) {
        if (mask[r * length + t] == 0) {
          continue; // padding positions carry no meaning in either runtime
        }
        for (int h = 0; h < hidden; h++) {
          int i = (r * length + t) * hidden + h;
          maxDiff = Math.max(maxDiff, Math.abs(djl[i] - ort[i]));
        }
      }
    }
    System.out.printf("DJL vs ONNX Runtime last_hidden_state: max |diff| = %.3g%n", maxDiff);
    assertThat(maxDiff).isLessThan(1e-4);
  }
}
