package io.streambert.model.onnx;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Maps a BERT graph's initializers to Hugging Face parameter names.
 *
 * <p>Exporters keep the names of embeddings, biases and LayerNorm parameters but store the
 * projection weights as anonymous {@code onnx::MatMul_NNN} tensors in {@code [in, out]} layout. The
 * {@code Add} that consumes such a {@code MatMul}'s output adds {@code <x>.bias}, which names the
 * weight {@code <x>.weight}.
 */
public final class WeightNames {

  /**
   * Where a Hugging Face parameter lives in the graph.
   *
   * @param initializer the initializer's name in the graph
   * @param transposed whether the initializer is stored {@code [in, out]} (torch's transpose)
   */
  public record Ref(String initializer, boolean transposed) {}

  private WeightNames() {}

  /** Hugging Face name to initializer, in graph order, for every float initializer. */
  public static Map<String, Ref> map(OnnxMl.GraphProto graph) {
    Set<String> inits =
        graph.getInitializerList().stream()
            .filter(t -> t.getDataType() == OnnxMl.TensorProto.DataType.FLOAT.getNumber())
            .map(OnnxMl.TensorProto::getName)
            .collect(Collectors.toSet());
    Map<String, List<OnnxMl.NodeProto>> consumers = new HashMap<>();
    for (OnnxMl.NodeProto n : graph.getNodeList()) {
      for (String in : n.getInputList()) {
        consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
      }
    }
    Map<String, String> anonymous = new HashMap<>();
    for (OnnxMl.NodeProto n : graph.getNodeList()) {
      if (!n.getOpType().equals("MatMul") || n.getInputCount() < 2) {
        continue;
      }
      String w = n.getInput(1);
      if (!inits.contains(w) || w.endsWith(".weight")) {
        continue;
      }
      for (OnnxMl.NodeProto c : consumers.getOrDefault(n.getOutput(0), List.of())) {
        if (!c.getOpType().equals("Add")) {
          continue;
        }
        for (String in : c.getInputList()) {
          if (in.endsWith(".bias") && inits.contains(in)) {
            anonymous.put(w, in.substring(0, in.length() - ".bias".length()) + ".weight");
          }
        }
      }
    }
    Map<String, Ref> byHf = new LinkedHashMap<>();
    for (OnnxMl.TensorProto t : graph.getInitializerList()) {
      String name = t.getName();
      if (!inits.contains(name)) {
        continue;
      }
      String hf = anonymous.get(name);
      if (hf != null) {
        byHf.put(hf, new Ref(name, true));
      } else if (!name.startsWith("onnx::")) {
        byHf.put(name, new Ref(name, false));
      }
    }
    return byHf;
  }
}
