package io.streambert.model.onnx;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The weights of a pretrained BERT encoder read from its ONNX graph, keyed by Hugging Face names in
 * torch layout, with the hyper-parameters they imply.
 */
public final class EncoderWeights {

  private static final float DEFAULT_LAYER_NORM_EPS = 1e-12f;

  private final Map<String, WeightTensor> tensors;
  private final EncoderConfig config;

  private EncoderWeights(Map<String, WeightTensor> tensors, EncoderConfig config) {
    this.tensors = Collections.unmodifiableMap(tensors);
    this.config = config;
  }

  /** Reads the weights of an encoder graph. */
  public static EncoderWeights read(InputStream onnx) throws IOException {
    return of(OnnxModels.read(onnx));
  }

  /** Reads the weights of an encoder graph file. */
  public static EncoderWeights read(Path onnx) throws IOException {
    return of(OnnxModels.read(onnx));
  }

  /** Extracts the weights from a parsed encoder graph. */
  public static EncoderWeights of(OnnxMl.ModelProto model) {
    OnnxMl.GraphProto graph = model.getGraph();
    Map<String, OnnxMl.TensorProto> inits = new LinkedHashMap<>();
    for (OnnxMl.TensorProto t : graph.getInitializerList()) {
      inits.put(t.getName(), t);
    }
    Map<String, WeightTensor> tensors = new LinkedHashMap<>();
    for (Map.Entry<String, WeightNames.Ref> e : WeightNames.map(graph).entrySet()) {
      OnnxMl.TensorProto t = inits.get(e.getValue().initializer());
      long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
      WeightTensor w = new WeightTensor(e.getKey(), dims, OnnxModels.floats(t));
      tensors.put(e.getKey(), e.getValue().transposed() ? w.transposed() : w);
    }
    return new EncoderWeights(tensors, inferConfig(graph, tensors));
  }

  /** Every weight, Hugging Face name to tensor, in graph order. */
  public Map<String, WeightTensor> tensors() {
    return tensors;
  }

  /** The tensor with this Hugging Face name. */
  public WeightTensor get(String name) {
    WeightTensor t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException(
          "expected encoder weight '" + name + "', found only " + new TreeSet<>(tensors.keySet()));
    }
    return t;
  }

  /** The hyper-parameters implied by the weights and the graph. */
  public EncoderConfig config() {
    return config;
  }

  private static EncoderConfig inferConfig(
      OnnxMl.GraphProto graph, Map<String, WeightTensor> tensors) {
    WeightTensor words = require(tensors, "embeddings.word_embeddings.weight");
    int hidden = (int) words.shape()[1];
    int layers = 0;
    while (tensors.containsKey("encoder.layer." + layers + ".attention.self.query.weight")) {
      layers++;
    }
    if (layers == 0) {
      throw new IllegalArgumentException(
          "expected BERT layers named encoder.layer.N.*, found none among " + tensors.keySet());
    }
    int intermediate = (int) require(tensors, "encoder.layer.0.intermediate.dense.bias").shape()[0];
    int positions = (int) require(tensors, "embeddings.position_embeddings.weight").shape()[0];
    int types = (int) require(tensors, "embeddings.token_type_embeddings.weight").shape()[0];
    return new EncoderConfig(
        layers,
        hidden,
        inferHeads(graph, hidden),
        intermediate,
        (int) words.shape()[0],
        positions,
        types,
        inferLayerNormEps(graph));
  }

  private static WeightTensor require(Map<String, WeightTensor> tensors, String name) {
    WeightTensor t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException(
          "expected a BERT encoder with weight '" + name + "', found none");
    }
    return t;
  }

  /** Attention reshapes to {@code [batch, seq, heads, headSize]}: read heads from that shape. */
  private static int inferHeads(OnnxMl.GraphProto graph, int hidden) {
    Map<String, long[]> constants = new LinkedHashMap<>();
    for (OnnxMl.TensorProto t : graph.getInitializerList()) {
      if (t.getDataType() == OnnxMl.TensorProto.DataType.INT64.getNumber()) {
        constants.put(t.getName(), OnnxModels.longs(t));
      }
    }
    for (OnnxMl.NodeProto n : graph.getNodeList()) {
      if (n.getOpType().equals("Constant")) {
        for (OnnxMl.AttributeProto a : n.getAttributeList()) {
          if (a.hasT() && a.getT().getDataType() == OnnxMl.TensorProto.DataType.INT64.getNumber()) {
            constants.put(n.getOutput(0), OnnxModels.longs(a.getT()));
          }
        }
      }
    }
    for (OnnxMl.NodeProto n : graph.getNodeList()) {
      if (n.getOpType().equals("Reshape") && n.getInputCount() == 2) {
        long[] shape = constants.get(n.getInput(1));
        if (shape != null && shape.length == 4 && shape[2] > 0 && shape[2] * shape[3] == hidden) {
          return (int) shape[2];
        }
      }
    }
    Integer fromScale = headsFromAttentionScale(graph, hidden);
    if (fromScale != null) {
      return fromScale;
    }
    throw new IllegalArgumentException(
        "cannot tell the number of attention heads from the graph: expected a Reshape to"
            + " [batch, seq, heads, headSize] or scores divided by sqrt(headSize), found neither");
  }

  /** Attention scores are divided by {@code sqrt(headSize)}: a scalar constant feeding a Div. */
  private static Integer headsFromAttentionScale(OnnxMl.GraphProto graph, int hidden) {
    Map<String, float[]> scalars = new LinkedHashMap<>();
    for (OnnxMl.TensorProto t : graph.getInitializerList()) {
      if (t.getDataType() == OnnxMl.TensorProto.DataType.FLOAT.getNumber()
          && t.getDimsCount() == 0) {
        scalars.put(t.getName(), OnnxModels.floats(t));
      }
    }
    for (OnnxMl.NodeProto n : graph.getNodeList()) {
      if (n.getOpType().equals("Constant") && n.getAttributeCount() > 0) {
        OnnxMl.TensorProto t = n.getAttribute(0).getT();
        if (t.getDataType() == OnnxMl.TensorProto.DataType.FLOAT.getNumber()
            && OnnxModels.floats(t).length == 1) {
          scalars.put(n.getOutput(0), OnnxModels.floats(t));
        }
      }
    }
    for (OnnxMl.NodeProto n : graph.getNodeList()) {
      if (n.getOpType().equals("Div") && n.getInputCount() == 2) {
        float[] c = scalars.get(n.getInput(1));
        if (c != null && c.length == 1 && c[0] > 1f) {
          int headSize = Math.round(c[0] * c[0]);
          if (headSize > 0 && hidden % headSize == 0) {
            return hidden / headSize;
          }
        }
      }
    }
    return null;
  }

  /** LayerNorm is decomposed in opset 11: eps is the constant added to the variance. */
  private static float inferLayerNormEps(OnnxMl.GraphProto graph) {
    Map<String, OnnxMl.NodeProto> producers = new LinkedHashMap<>();
    for (OnnxMl.NodeProto n : graph.getNodeList()) {
      for (String out : n.getOutputList()) {
        producers.put(out, n);
      }
    }
    Map<String, OnnxMl.TensorProto> floatInits = new LinkedHashMap<>();
    for (OnnxMl.TensorProto t : graph.getInitializerList()) {
      floatInits.put(t.getName(), t);
    }
    for (OnnxMl.NodeProto n : graph.getNodeList()) {
      if (!n.getOpType().equals("Sqrt")) {
        continue;
      }
      OnnxMl.NodeProto add = producers.get(n.getInput(0));
      if (add == null || !add.getOpType().equals("Add")) {
        continue;
      }
      for (String in : add.getInputList()) {
        OnnxMl.TensorProto t = floatInits.get(in);
        if (t == null && producers.containsKey(in)) {
          OnnxMl.NodeProto c = producers.get(in);
          if (c.getOpType().equals("Constant") && c.getAttributeCount() > 0) {
            t = c.getAttribute(0).getT();
          }
        }
        if (t != null
            && t.getDataType() == OnnxMl.TensorProto.DataType.FLOAT.getNumber()
            && OnnxModels.floats(t).length == 1) {
          return OnnxModels.floats(t)[0];
        }
      }
    }
    return DEFAULT_LAYER_NORM_EPS;
  }
}
