package io.streambert.model.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The graph ONNX Runtime's optimizer makes of a model on the CPU, saved and read back, so that one
 * can see which of its fusions (Attention, SkipLayerNormalization, BiasGelu, ...) apply to a graph
 * as exported: a fusion that does not match leaves its pattern of plain operators behind.
 */
public final class OptimizedGraph {

  private OptimizedGraph() {}

  /**
   * Opens {@code model} in a CPU session at {@code level}, which writes the optimized graph to
   * {@code optimized}, and reads that graph.
   *
   * @throws IOException when the optimized graph was not written or cannot be read
   */
  public static OnnxMl.GraphProto optimize(
      Path model, OrtSession.SessionOptions.OptLevel level, Path optimized)
      throws OrtException, IOException {
    Files.deleteIfExists(optimized);
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(level);
      options.setOptimizedModelFilePath(optimized.toString());
      try (OrtSession session =
          OrtEnvironment.getEnvironment().createSession(model.toString(), options)) {
        session.getInputNames();
      }
    }
    if (!Files.isRegularFile(optimized)) {
      throw new IOException(
          "expected ONNX Runtime to write the optimized graph of " + model + " to " + optimized);
    }
    return OnnxModels.read(optimized).getGraph();
  }

  /**
   * Nodes per operator type, named {@code domain:type} outside the default domain ({@code
   * com.microsoft:Attention}), sorted by name.
   */
  public static Map<String, Integer> opCounts(OnnxMl.GraphProto graph) {
    Map<String, Integer> ops = new TreeMap<>();
    for (OnnxMl.NodeProto node : graph.getNodeList()) {
      String domain = node.getDomain().isEmpty() ? "" : node.getDomain() + ":";
      ops.merge(domain + node.getOpType(), 1, Integer::sum);
    }
    return ops;
  }
}
