package io.streambert.model.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineExceptionTest {

  @Test
  void shouldTellAFailedAllocationFromOtherFailures() {
    assertThat(
            failedPass(
                "[ErrorCode:RuntimeException] Failed to allocate memory for requested buffer of"
                    + " size 805306368"))
        .isTrue();
    assertThat(failedPass("CUDA failure 2: out of memory ; GPU=0 ; hostname=h")).isTrue();
    assertThat(failedPass("CUBLAS failure 3: CUBLAS_STATUS_ALLOC_FAILED")).isTrue();
    assertThat(failedPass("std::bad_alloc")).isTrue();

    assertThat(failedPass("[ErrorCode:InvalidArgument] Got invalid dimensions for input"))
        .isFalse();
    assertThat(failedPass(null)).isFalse();
    assertThat(new EngineException("the engine is closed").outOfMemory()).isFalse();
  }

  @Test
  void shouldTellARealOnnxRuntimeAllocationFailure(@TempDir Path dir) throws Exception {
    // A graph whose output size is its input: asked for 2^50 floats (4 PiB, beyond any address
    // space, whatever the kernel's overcommit policy), ONNX Runtime's allocator must fail.
    Path onnx = dir.resolve("alloc.onnx");
    try (OutputStream out = Files.newOutputStream(onnx)) {
      constantOfShape().writeTo(out);
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
        OnnxTensor shape = OnnxTensor.createTensor(env, new long[] {1L << 50})) {
      // A small request works: the graph itself is fine
      try (OrtSession.Result small = session.run(Map.of("shape", smallShape(env)))) {
        assertThat(small.get(0).getInfo().toString()).contains("shape=[4]");
      }

      assertThatThrownBy(() -> session.run(Map.of("shape", shape)).close())
          .isInstanceOf(OrtException.class)
          .satisfies(
              e ->
                  assertThat(new EngineException("forward pass failed", e).outOfMemory()).isTrue());
    }
  }

  private static OnnxTensor smallShape(OrtEnvironment env) throws OrtException {
    return OnnxTensor.createTensor(env, new long[] {4});
  }

  private static ModelProto constantOfShape() {
    GraphProto graph =
        GraphProto.newBuilder()
            .setName("alloc")
            .addNode(
                NodeProto.newBuilder()
                    .setOpType("ConstantOfShape")
                    .setName("fill")
                    .addInput("shape")
                    .addOutput("filled"))
            .addInput(vector("shape", TensorProto.DataType.INT64, 1))
            .addOutput(vector("filled", TensorProto.DataType.FLOAT, -1))
            .build();
    return ModelProto.newBuilder()
        .setIrVersion(8)
        .setProducerName("streambert-test")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
        .setGraph(graph)
        .build();
  }

  /** A rank-1 tensor value info; a negative length leaves the dimension symbolic. */
  private static ValueInfoProto vector(String name, TensorProto.DataType type, long length) {
    TensorShapeProto.Dimension dim =
        length < 0
            ? TensorShapeProto.Dimension.newBuilder().setDimParam("n").build()
            : TensorShapeProto.Dimension.newBuilder().setDimValue(length).build();
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder()
                        .setElemType(type.getNumber())
                        .setShape(TensorShapeProto.newBuilder().addDim(dim))))
        .build();
  }

  private static boolean failedPass(String ortMessage) {
    return new EngineException("forward pass failed", new OrtException(ortMessage)).outOfMemory();
  }
}
