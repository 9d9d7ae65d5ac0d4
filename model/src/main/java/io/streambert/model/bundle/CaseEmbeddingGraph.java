package io.streambert.model.bundle;

import ai.onnx.proto.OnnxMl;
import io.streambert.model.encoding.CaseClass;
import io.streambert.model.onnx.OnnxModels;
import io.streambert.model.onnx.WeightNames;
import io.streambert.model.onnx.WeightTensor;
import java.util.Arrays;
import java.util.List;

/**
 * Makes an encoder graph case-aware: a {@code case_ids} input, a case-embedding table, and its rows
 * added to the word embeddings, which BERT then sums with the position and type embeddings before
 * the embedding LayerNorm. Adding the case rows to the word embeddings is the same sum as adding
 * them to the embedding sum, and needs no knowledge of how an exporter laid out the rest.
 */
final class CaseEmbeddingGraph {

  /** Initializer name of the table, {@code [CaseClass.COUNT, hidden]}: the trainer's name. */
  static final String TABLE = "embeddings.case_embeddings.weight";

  private static final String WORD_EMBEDDINGS = "embeddings.word_embeddings.weight";

  private CaseEmbeddingGraph() {}

  /**
   * Adds the input, the table and the nodes.
   *
   * @throws IllegalArgumentException when the table has the wrong shape, or the graph has no Gather
   *     over its word embeddings, or already takes {@code case_ids}
   */
  static void add(OnnxMl.GraphProto.Builder g, WeightTensor table, int hidden) {
    long[] expected = {CaseClass.COUNT, hidden};
    if (!Arrays.equals(table.shape(), expected)) {
      throw new IllegalArgumentException(
          "case embeddings: expected shape "
              + Arrays.toString(expected)
              + ", found "
              + Arrays.toString(table.shape()));
    }
    String input = BundleManifest.OnnxInputs.CASE_IDS;
    List<String> inputs = OnnxModels.inputNames(g.build());
    if (inputs.contains(input)) {
      throw new IllegalArgumentException(
          "expected an encoder without a " + input + " input, found inputs " + inputs);
    }
    String words = wordEmbeddingInitializer(g);
    int gather = -1;
    for (int i = 0; i < g.getNodeCount(); i++) {
      OnnxMl.NodeProto n = g.getNode(i);
      if (n.getOpType().equals("Gather") && n.getInputCount() > 0 && n.getInput(0).equals(words)) {
        gather = i;
        break;
      }
    }
    if (gather < 0) {
      throw new IllegalArgumentException(
          "expected a Gather node over the word embeddings '" + words + "', found none");
    }
    OnnxMl.NodeProto lookup = g.getNode(gather);
    String summed = lookup.getOutput(0);
    String wordsOnly = summed + "_before_case";
    g.setNode(gather, lookup.toBuilder().setOutput(0, wordsOnly));

    g.addInput(int64Input(input));
    g.addInitializer(OnnxModels.floatTensor(TABLE, table.shape(), table.values()));
    // Right after the word lookup, so the nodes stay in the topological order ONNX requires.
    List<OnnxMl.NodeProto> nodes = new java.util.ArrayList<>(g.getNodeList());
    nodes.add(
        gather + 1,
        OnnxMl.NodeProto.newBuilder()
            .setOpType("Gather")
            .setName("case_embeddings.gather")
            .addInput(TABLE)
            .addInput(input)
            .addOutput("case_embeddings.rows")
            .build());
    nodes.add(
        gather + 2,
        OnnxMl.NodeProto.newBuilder()
            .setOpType("Add")
            .setName("case_embeddings.add")
            .addInput(wordsOnly)
            .addInput("case_embeddings.rows")
            .addOutput(summed)
            .build());
    g.clearNode();
    g.addAllNode(nodes);
  }

  private static String wordEmbeddingInitializer(OnnxMl.GraphProto.Builder g) {
    WeightNames.Ref ref = WeightNames.map(g.build()).get(WORD_EMBEDDINGS);
    if (ref == null) {
      throw new IllegalArgumentException(
          "expected a BERT encoder with " + WORD_EMBEDDINGS + ", found none");
    }
    return ref.initializer();
  }

  private static OnnxMl.ValueInfoProto int64Input(String name) {
    OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
    shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
    shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("sequence"));
    return OnnxMl.ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            OnnxMl.TypeProto.newBuilder()
                .setTensorType(
                    OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.INT64.getNumber())
                        .setShape(shape)))
        .build();
  }
}
