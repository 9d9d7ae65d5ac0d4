package io.streambert.model.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.ExtensionRegistryLite;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads ONNX model files and tensors with ONNX's generated protobuf classes. */
public final class OnnxModels {

  private OnnxModels() {}

  /** Parses an ONNX model; models over protobuf's default 64 MB limit are fine. */
  public static OnnxMl.ModelProto read(InputStream in) throws IOException {
    CodedInputStream coded = CodedInputStream.newInstance(in);
    coded.setSizeLimit(Integer.MAX_VALUE);
    return OnnxMl.ModelProto.parseFrom(coded);
  }

  /** Parses an ONNX model file. */
  public static OnnxMl.ModelProto read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    }
  }

  /**
   * The interface of an ONNX model's graph without its weights: the graph's inputs and outputs, and
   * its initializers by name only (no dims, no data). Reads the file once, skipping nodes and
   * tensor data, so checking a model's inputs and outputs costs neither the time nor the heap of
   * parsing its weights.
   */
  public static OnnxMl.GraphProto readInterface(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      CodedInputStream model = CodedInputStream.newInstance(in);
      model.setSizeLimit(Integer.MAX_VALUE);
      OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();
      for (int tag; (tag = model.readTag()) != 0; ) {
        if (tag == MODEL_GRAPH) {
          int limit = model.pushLimit(model.readRawVarint32());
          readGraphInterface(model, graph);
          model.popLimit(limit);
        } else if (!model.skipField(tag)) {
          break;
        }
      }
      return graph.build();
    }
  }

  private static final int LENGTH_DELIMITED = 2;
  private static final int MODEL_GRAPH = (7 << 3) | LENGTH_DELIMITED;
  private static final int GRAPH_INITIALIZER = (5 << 3) | LENGTH_DELIMITED;
  private static final int GRAPH_INPUT = (11 << 3) | LENGTH_DELIMITED;
  private static final int GRAPH_OUTPUT = (12 << 3) | LENGTH_DELIMITED;
  private static final int TENSOR_NAME = (8 << 3) | LENGTH_DELIMITED;

  private static void readGraphInterface(CodedInputStream in, OnnxMl.GraphProto.Builder graph)
      throws IOException {
    for (int tag; (tag = in.readTag()) != 0; ) {
      switch (tag) {
        case GRAPH_INPUT ->
            graph.addInput(
                in.readMessage(
                    OnnxMl.ValueInfoProto.parser(), ExtensionRegistryLite.getEmptyRegistry()));
        case GRAPH_OUTPUT ->
            graph.addOutput(
                in.readMessage(
                    OnnxMl.ValueInfoProto.parser(), ExtensionRegistryLite.getEmptyRegistry()));
        case GRAPH_INITIALIZER -> {
          int limit = in.pushLimit(in.readRawVarint32());
          OnnxMl.TensorProto.Builder tensor = OnnxMl.TensorProto.newBuilder();
          for (int t; (t = in.readTag()) != 0; ) {
            if (t == TENSOR_NAME) {
              tensor.setName(in.readString());
            } else if (!in.skipField(t)) {
              break;
            }
          }
          in.popLimit(limit);
          graph.addInitializer(tensor);
        }
        default -> {
          if (!in.skipField(tag)) {
            return;
          }
        }
      }
    }
  }

  /** The float values of a FLOAT tensor, raw or typed storage. */
  public static float[] floats(OnnxMl.TensorProto t) {
    if (t.getDataType() != OnnxMl.TensorProto.DataType.FLOAT.getNumber()) {
      throw new IllegalArgumentException(
          "tensor " + t.getName() + ": expected FLOAT, found data type " + t.getDataType());
    }
    if (!t.getRawData().isEmpty()) {
      ByteBuffer bb = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      float[] f = new float[bb.remaining() / Float.BYTES];
      bb.asFloatBuffer().get(f);
      return f;
    }
    float[] f = new float[t.getFloatDataCount()];
    for (int i = 0; i < f.length; i++) {
      f[i] = t.getFloatData(i);
    }
    return f;
  }

  /** The int64 values of an INT64 tensor, raw or typed storage. */
  public static long[] longs(OnnxMl.TensorProto t) {
    if (t.getDataType() != OnnxMl.TensorProto.DataType.INT64.getNumber()) {
      throw new IllegalArgumentException(
          "tensor " + t.getName() + ": expected INT64, found data type " + t.getDataType());
    }
    if (!t.getRawData().isEmpty()) {
      ByteBuffer bb = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      long[] l = new long[bb.remaining() / Long.BYTES];
      bb.asLongBuffer().get(l);
      return l;
    }
    return t.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
  }

  /** Builds a FLOAT tensor with raw little-endian storage. */
  public static OnnxMl.TensorProto floatTensor(String name, long[] dims, float[] values) {
    ByteBuffer bb = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bb.asFloatBuffer().put(values);
    OnnxMl.TensorProto.Builder b =
        OnnxMl.TensorProto.newBuilder()
            .setName(name)
            .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
            .setRawData(com.google.protobuf.ByteString.copyFrom(bb.array()));
    for (long d : dims) {
      b.addDims(d);
    }
    return b.build();
  }

  /** Builds an INT64 tensor with raw little-endian storage. */
  public static OnnxMl.TensorProto longTensor(String name, long[] dims, long[] values) {
    ByteBuffer bb = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bb.asLongBuffer().put(values);
    OnnxMl.TensorProto.Builder b =
        OnnxMl.TensorProto.newBuilder()
            .setName(name)
            .setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber())
            .setRawData(com.google.protobuf.ByteString.copyFrom(bb.array()));
    for (long d : dims) {
      b.addDims(d);
    }
    return b.build();
  }

  /** Names of the graph's inputs that are not initializers. */
  public static List<String> inputNames(OnnxMl.GraphProto g) {
    var inits =
        g.getInitializerList().stream()
            .map(OnnxMl.TensorProto::getName)
            .collect(java.util.stream.Collectors.toSet());
    return g.getInputList().stream()
        .map(OnnxMl.ValueInfoProto::getName)
        .filter(n -> !inits.contains(n))
        .toList();
  }

  /** Names of the graph's outputs. */
  public static List<String> outputNames(OnnxMl.GraphProto g) {
    return g.getOutputList().stream().map(OnnxMl.ValueInfoProto::getName).toList();
  }
}
