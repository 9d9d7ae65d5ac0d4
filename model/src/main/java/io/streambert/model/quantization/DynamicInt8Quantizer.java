package io.streambert.model.quantization;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import io.streambert.model.onnx.OnnxModels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites an fp32 ONNX graph for dynamic int8 inference, as ONNX Runtime's {@code
 * quantize_dynamic} does in its operator-oriented form.
 *
 * <p>Every {@code MatMul} (and plain {@code Gemm}) whose weight is a 2-D float initializer with
 * both dimensions at least {@link #minDimension} becomes:
 *
 * <pre>
 * DynamicQuantizeLinear(A) -> A_q (uint8), A_scale, A_zero_point       (once per activation)
 * MatMulInteger(A_q, W_q (int8), A_zero_point, W_zero_point) -> int32
 * Cast(to FLOAT) -> Mul(., Mul(A_scale, W_scale)) [-> Add(C) for a Gemm's bias]
 * </pre>
 *
 * <p>ONNX Runtime's CPU optimizer fuses each chain into one {@code com.microsoft} {@code
 * DynamicQuantizeMatMul}. Weights are quantized symmetrically (zero point 0) so the kernels need no
 * zero-point correction for them. Small matrices (the task heads) stay fp32: they cost nothing and
 * carry the most accuracy per weight.
 */
public final class DynamicInt8Quantizer {

  /** Matrices with a dimension below this stay fp32 (the heads: 2 or 9 outputs). */
  public static final int DEFAULT_MIN_DIMENSION = 64;

  private static final int FLOAT = OnnxMl.TensorProto.DataType.FLOAT.getNumber();
  private static final int INT8 = OnnxMl.TensorProto.DataType.INT8.getNumber();
  private static final int MIN_OPSET = 11;

  private final WeightGranularity granularity;
  private final int minDimension;

  /** A quantizer with the given weight granularity, keeping matrices smaller than {@code min}. */
  public DynamicInt8Quantizer(WeightGranularity granularity, int minDimension) {
    if (minDimension < 1) {
      throw new IllegalArgumentException(
          "expected a minimum dimension >= 1, found " + minDimension);
    }
    this.granularity = granularity;
    this.minDimension = minDimension;
  }

  /** Per-channel weights, {@link #DEFAULT_MIN_DIMENSION}. */
  public static DynamicInt8Quantizer defaults() {
    return new DynamicInt8Quantizer(WeightGranularity.PER_CHANNEL, DEFAULT_MIN_DIMENSION);
  }

  /**
   * The rewritten model and what was done.
   *
   * @param model the int8 graph
   * @param quantized names of the nodes rewritten
   * @param kept names of the MatMul/Gemm nodes left in fp32
   */
  public record Result(OnnxMl.ModelProto model, List<String> quantized, List<String> kept) {}

  /** Rewrites {@code fp32}; throws when it holds no weight to quantize or is already int8. */
  public Result quantize(OnnxMl.ModelProto fp32) {
    checkOpset(fp32);
    OnnxMl.GraphProto g = fp32.getGraph();
    Map<String, OnnxMl.TensorProto> initializers = new LinkedHashMap<>();
    g.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
    for (OnnxMl.NodeProto n : g.getNodeList()) {
      if (n.getOpType().equals("MatMulInteger") || n.getOpType().equals("DynamicQuantizeMatMul")) {
        throw new IllegalArgumentException(
            "expected an fp32 graph, found an already quantized node " + n.getName());
      }
    }
    Rewrite rewrite = new Rewrite(initializers);
    List<OnnxMl.NodeProto> nodes = new ArrayList<>();
    List<String> quantized = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    for (OnnxMl.NodeProto n : g.getNodeList()) {
      Weight w = weightOf(n, initializers);
      if (w == null) {
        if (n.getOpType().equals("MatMul") || n.getOpType().equals("Gemm")) {
          kept.add(n.getName());
        }
        nodes.add(n);
        continue;
      }
      nodes.addAll(rewrite.replace(n, w));
      quantized.add(n.getName());
    }
    if (quantized.isEmpty()) {
      throw new IllegalArgumentException(
          "expected MatMul/Gemm nodes with 2-D float weights of at least "
              + minDimension
              + " x "
              + minDimension
              + ", found none");
    }
    OnnxMl.GraphProto.Builder out = g.toBuilder().clearNode().addAllNode(nodes);
    Set<String> used = new HashSet<>();
    nodes.forEach(n -> used.addAll(n.getInputList()));
    out.clearInitializer();
    for (OnnxMl.TensorProto t : initializers.values()) {
      if (used.contains(t.getName())) {
        out.addInitializer(t);
      }
    }
    out.addAllInitializer(rewrite.added());
    Set<String> dropped = new HashSet<>(initializers.keySet());
    dropped.removeAll(used);
    List<OnnxMl.ValueInfoProto> inputs =
        g.getInputList().stream().filter(i -> !dropped.contains(i.getName())).toList();
    out.clearInput().addAllInput(inputs);
    return new Result(fp32.toBuilder().setGraph(out).build(), quantized, kept);
  }

  private static void checkOpset(OnnxMl.ModelProto m) {
    long opset =
        m.getOpsetImportList().stream()
            .filter(o -> o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx"))
            .mapToLong(OnnxMl.OperatorSetIdProto::getVersion)
            .max()
            .orElse(0);
    if (opset < MIN_OPSET) {
      throw new IllegalArgumentException(
          "expected ONNX opset >= "
              + MIN_OPSET
              + " (DynamicQuantizeLinear), found "
              + opset
              + "; re-export the encoder with a newer opset");
    }
  }

  /** A node's weight in MatMul layout {@code [in, out]}, or null when the node stays fp32. */
  private Weight weightOf(OnnxMl.NodeProto n, Map<String, OnnxMl.TensorProto> initializers) {
    boolean gemm = n.getOpType().equals("Gemm");
    if (!n.getOpType().equals("MatMul") && !gemm) {
      return null;
    }
    if (n.getInputCount() < 2 || initializers.containsKey(n.getInput(0))) {
      return null;
    }
    OnnxMl.TensorProto b = initializers.get(n.getInput(1));
    if (b == null || b.getDataType() != FLOAT || b.getDimsCount() != 2) {
      return null;
    }
    int rows = (int) b.getDims(0);
    int columns = (int) b.getDims(1);
    if (Math.min(rows, columns) < minDimension) {
      return null;
    }
    float[] values = OnnxModels.floats(b);
    if (!gemm) {
      return new Weight(b.getName(), values, rows, columns, null);
    }
    if (attr(n, "transA", 0) != 0 || attrF(n, "alpha", 1f) != 1f || attrF(n, "beta", 1f) != 1f) {
      return null;
    }
    String bias = n.getInputCount() > 2 && !n.getInput(2).isEmpty() ? n.getInput(2) : null;
    if (attr(n, "transB", 0) != 0) {
      return new Weight(
          b.getName() + "_t", Int8Matrix.transpose(values, rows, columns), columns, rows, bias);
    }
    return new Weight(b.getName(), values, rows, columns, bias);
  }

  private static long attr(OnnxMl.NodeProto n, String name, long fallback) {
    return n.getAttributeList().stream()
        .filter(a -> a.getName().equals(name))
        .mapToLong(OnnxMl.AttributeProto::getI)
        .findFirst()
        .orElse(fallback);
  }

  private static float attrF(OnnxMl.NodeProto n, String name, float fallback) {
    return n.getAttributeList().stream()
        .filter(a -> a.getName().equals(name))
        .map(OnnxMl.AttributeProto::getF)
        .findFirst()
        .orElse(fallback);
  }

  /** A weight to quantize: MatMul layout {@code [rows = in, columns = out]}, a Gemm's bias. */
  private record Weight(String name, float[] values, int rows, int columns, String bias) {}

  /** The nodes and initializers of one rewrite, sharing activation quantizers and weights. */
  private final class Rewrite {
    private final Map<String, OnnxMl.TensorProto> existing;
    private final Map<String, OnnxMl.TensorProto> added = new LinkedHashMap<>();
    private final Map<String, String[]> activations = new HashMap<>();

    Rewrite(Map<String, OnnxMl.TensorProto> existing) {
      this.existing = existing;
    }

    List<OnnxMl.TensorProto> added() {
      return List.copyOf(added.values());
    }

    List<OnnxMl.NodeProto> replace(OnnxMl.NodeProto n, Weight w) {
      List<OnnxMl.NodeProto> nodes = new ArrayList<>();
      String[] a = activations.get(n.getInput(0));
      if (a == null) {
        String x = n.getInput(0);
        a = new String[] {x + "_quantized", x + "_scale", x + "_zero_point"};
        nodes.add(node("DynamicQuantizeLinear", x + "_QuantizeLinear", List.of(x), List.of(a)));
        activations.put(x, a);
      }
      String[] q = weight(w);
      String base = n.getName().isEmpty() ? n.getOutput(0) : n.getName();
      String out = n.getOutput(0);
      String scales = base + "_quant_scales_mul:0";
      String int32 = out + "_output_quantized";
      String asFloat = int32 + "_cast_output";
      String product = w.bias() == null ? out : out + "_before_bias";
      nodes.add(node("Mul", base + "_quant_scales_mul", List.of(a[1], q[1]), List.of(scales)));
      nodes.add(
          node("MatMulInteger", base + "_quant", List.of(a[0], q[0], a[2], q[2]), List.of(int32)));
      nodes.add(
          node("Cast", int32 + "_cast", List.of(int32), List.of(asFloat)).toBuilder()
              .addAttribute(
                  OnnxMl.AttributeProto.newBuilder()
                      .setName("to")
                      .setType(OnnxMl.AttributeProto.AttributeType.INT)
                      .setI(FLOAT))
              .build());
      nodes.add(
          node(
              "Mul", base + "_quant_output_scale_mul", List.of(asFloat, scales), List.of(product)));
      if (w.bias() != null) {
        nodes.add(node("Add", base + "_bias_add", List.of(product, w.bias()), List.of(out)));
      }
      return nodes;
    }

    /** Names of the weight's int8 values, scale and zero point, added once per weight. */
    private String[] weight(Weight w) {
      String[] names = {w.name() + "_quantized", w.name() + "_scale", w.name() + "_zero_point"};
      for (String name : names) {
        if (existing.containsKey(name)) {
          throw new IllegalArgumentException(
              "expected no initializer named " + name + " in an fp32 graph, found one");
        }
      }
      if (added.containsKey(names[0])) {
        return names;
      }
      Int8Matrix m = Int8Matrix.quantize(w.values(), w.rows(), w.columns(), granularity);
      long[] scaleDims = m.scales().length == 1 ? new long[0] : new long[] {m.columns()};
      added.put(names[0], int8Tensor(names[0], new long[] {m.rows(), m.columns()}, m.values()));
      added.put(names[1], OnnxModels.floatTensor(names[1], scaleDims, m.scales()));
      added.put(names[2], int8Tensor(names[2], scaleDims, new byte[m.scales().length]));
      return names;
    }
  }

  private static OnnxMl.NodeProto node(
      String op, String name, List<String> inputs, List<String> outputs) {
    return OnnxMl.NodeProto.newBuilder()
        .setOpType(op)
        .setName(name)
        .addAllInput(inputs)
        .addAllOutput(outputs)
        .build();
  }

  private static OnnxMl.TensorProto int8Tensor(String name, long[] dims, byte[] values) {
    OnnxMl.TensorProto.Builder b =
        OnnxMl.TensorProto.newBuilder()
            .setName(name)
            .setDataType(INT8)
            .setRawData(ByteString.copyFrom(values));
    for (long d : dims) {
      b.addDims(d);
    }
    return b.build();
  }
}
