package io.streambert.model.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.streambert.model.encoding.EncodedText;
import io.streambert.model.encoding.TextEncoder;
import io.streambert.model.encoding.TokenWindow;
import io.streambert.model.onnx.EncoderWeights;
import io.streambert.model.onnx.WeightTensor;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The appended heads compute exactly the linear maps they stand for, on the real encoder. */
class BundleBuilderIT {

  static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
  static final int HIDDEN = 384;

  @TempDir static Path tmp;
  static ModelBundle bundle;
  static HeadWeights sentence = HeadWeights.random(3, HIDDEN, 7);
  static HeadWeights token = HeadWeights.random(5, HIDDEN, 8);

  @BeforeAll
  static void build() throws Exception {
    sentence.bias()[0] = 0.25f;
    token.bias()[3] = -0.5f;
    bundle =
        BundleBuilder.fromEncoder(PretrainedEncoder.miniLm())
            .sentenceHead(List.of("neg", "neu", "pos"), sentence)
            .tokenHead(List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC"), token)
            .modelVersion("7")
            .writeTo(tmp.resolve("bundle"));
  }

  @Test
  void shouldComputeHeadLogitsAsTheLinearMapOfTheBareEncodersHiddenStates() throws Exception {
    long[][] ids;
    try (TextEncoder enc = TextEncoder.open(bundle.tokenizerPath(), 128, 32)) {
      EncodedText a = enc.encode("Angela Merkel visited Paris on Tuesday.");
      EncodedText b = enc.encode("Great film!");
      ids = padded(List.of(a.windows().get(0), b.windows().get(0)));
    }
    long[][] mask = maskOf(ids);
    float[][][] hidden;
    Path encoderOnnx = PretrainedEncoder.miniLm().extractTo(tmp.resolve("encoder")).onnx();
    try (OrtSession bare = ENV.createSession(encoderOnnx.toString());
        Inputs in = new Inputs(ids, mask);
        OrtSession.Result r = bare.run(in.map())) {
      hidden = (float[][][]) r.get("last_hidden_state").get().getValue();
    }

    float[][] sentimentLogits;
    float[][][] entityLogits;
    try (OrtSession full = ENV.createSession(bundle.onnxPath().toString());
        Inputs in = new Inputs(ids, mask);
        OrtSession.Result r = full.run(in.map())) {
      sentimentLogits = (float[][]) r.get("sentiment_logits").get().getValue();
      entityLogits = (float[][][]) r.get("entity_logits").get().getValue();
    }

    double maxDiff = 0;
    for (int b = 0; b < ids.length; b++) {
      float[] expected = linear(hidden[b][0], sentence);
      for (int l = 0; l < expected.length; l++) {
        maxDiff = Math.max(maxDiff, Math.abs(expected[l] - sentimentLogits[b][l]));
      }
      for (int t = 0; t < ids[b].length; t++) {
        float[] e = linear(hidden[b][t], token);
        for (int l = 0; l < e.length; l++) {
          maxDiff = Math.max(maxDiff, Math.abs(e[l] - entityLogits[b][t][l]));
        }
      }
    }
    assertThat(sentimentLogits[0]).hasSize(3);
    assertThat(entityLogits[0][0]).hasSize(5);
    assertThat(maxDiff).isLessThan(1e-4);
  }

  @Test
  void shouldWriteFineTunedEncoderWeightsBackUnderTheirGraphNames() throws Exception {
    EncoderWeights pretrained;
    try (InputStream in = PretrainedEncoder.miniLm().openOnnx()) {
      pretrained = EncoderWeights.read(in);
    }
    WeightTensor q = pretrained.get("encoder.layer.2.attention.self.query.weight");
    float[] changed = q.values().clone();
    changed[1] += 1.5f; // row 0, column 1 in torch layout [out, in]
    WeightTensor bias = pretrained.get("embeddings.LayerNorm.bias");
    float[] changedBias = bias.values().clone();
    changedBias[0] = 9f;

    ModelBundle tuned =
        BundleBuilder.fromEncoder(PretrainedEncoder.miniLm())
            .encoderWeights(
                Map.of(
                    q.name(), new WeightTensor(q.name(), q.shape(), changed),
                    bias.name(), new WeightTensor(bias.name(), bias.shape(), changedBias)))
            .sentenceHead(List.of("a", "b"), HeadWeights.random(2, HIDDEN, 1))
            .writeTo(tmp.resolve("tuned"));

    EncoderWeights reread = EncoderWeights.read(tuned.onnxPath());
    assertThat(reread.get(q.name()).values()).containsExactly(changed);
    assertThat(reread.get(bias.name()).values()[0]).isEqualTo(9f);
    assertThat(reread.get("encoder.layer.3.attention.self.query.weight").values())
        .containsExactly(pretrained.get("encoder.layer.3.attention.self.query.weight").values());
  }

  @Test
  void shouldRefuseWeightsOfTheWrongShapeOrName() throws Exception {
    BundleBuilder b =
        BundleBuilder.fromEncoder(PretrainedEncoder.miniLm())
            .sentenceHead(List.of("a", "b"), HeadWeights.random(2, HIDDEN, 1));

    assertThatThrownBy(
            () ->
                b.encoderWeights(
                        Map.of(
                            "encoder.layer.0.attention.self.query.weight",
                            new WeightTensor(
                                "encoder.layer.0.attention.self.query.weight",
                                new long[] {2, 2},
                                new float[4])))
                    .writeTo(tmp.resolve("bad-shape")))
        .hasMessageContaining("expected shape [384, 384], found [2, 2]");
    assertThatThrownBy(
            () ->
                b.encoderWeights(
                        Map.of("nope", new WeightTensor("nope", new long[] {1}, new float[1])))
                    .writeTo(tmp.resolve("bad-name")))
        .hasMessageContaining("unknown 'nope'");
    assertThatThrownBy(
            () ->
                BundleBuilder.fromEncoder(PretrainedEncoder.miniLm())
                    .sentenceHead(List.of("a", "b"), HeadWeights.random(2, 10, 1))
                    .writeTo(tmp.resolve("bad-width")))
        .hasMessageContaining("width 384");
  }

  private static float[] linear(float[] x, HeadWeights w) {
    float[] out = new float[w.labels()];
    for (int l = 0; l < out.length; l++) {
      double s = w.bias()[l];
      for (int h = 0; h < x.length; h++) {
        s += (double) w.weight()[l * x.length + h] * x[h];
      }
      out[l] = (float) s;
    }
    return out;
  }

  private static long[][] padded(List<TokenWindow> windows) {
    int len = windows.stream().mapToInt(TokenWindow::length).max().orElseThrow();
    long[][] ids = new long[windows.size()][len];
    for (int i = 0; i < windows.size(); i++) {
      System.arraycopy(windows.get(i).ids(), 0, ids[i], 0, windows.get(i).length());
    }
    return ids;
  }

  private static long[][] maskOf(long[][] ids) {
    long[][] m = new long[ids.length][ids[0].length];
    for (int i = 0; i < ids.length; i++) {
      for (int j = 0; j < ids[i].length; j++) {
        m[i][j] = ids[i][j] == 0 ? 0 : 1;
      }
    }
    return m;
  }

  /** The three BERT inputs as tensors, closed together. */
  private record Inputs(OnnxTensor ids, OnnxTensor mask, OnnxTensor types)
      implements AutoCloseable {
    Inputs(long[][] ids, long[][] mask) throws Exception {
      this(
          OnnxTensor.createTensor(ENV, ids),
          OnnxTensor.createTensor(ENV, mask),
          OnnxTensor.createTensor(ENV, new long[ids.length][ids[0].length]));
    }

    Map<String, OnnxTensor> map() {
      return Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types);
    }

    @Override
    public void close() {
      ids.close();
      mask.close();
      types.close();
    }
  }
}
