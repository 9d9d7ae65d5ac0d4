package io.streambert.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl;
import io.streambert.model.bundle.ModelBundle;
import io.streambert.model.testing.TestBundles;
import org.junit.jupiter.api.Test;

class OnnxModelsTest {

  @Test
  void shouldReadTheSameInterfaceAsAFullParseWithoutTheWeights() throws Exception {
    // Given a real bundle's graph
    ModelBundle bundle = TestBundles.miniLmBothTasks();
    OnnxMl.GraphProto full = OnnxModels.read(bundle.onnxPath()).getGraph();

    // When only its interface is read
    OnnxMl.GraphProto face = OnnxModels.readInterface(bundle.onnxPath());

    // Then inputs and outputs are those of the full parse, initializers come by name only
    assertThat(face.getInputList()).isEqualTo(full.getInputList());
    assertThat(face.getOutputList()).isEqualTo(full.getOutputList());
    assertThat(face.getInitializerList())
        .extracting(OnnxMl.TensorProto::getName)
        .containsExactlyElementsOf(
            full.getInitializerList().stream().map(OnnxMl.TensorProto::getName).toList())
        .isNotEmpty();
    assertThat(face.getInitializerList()).allSatisfy(t -> assertThat(t.getRawData()).isEmpty());
    assertThat(face.getNodeCount()).isZero();
    assertThat(OnnxModels.inputNames(face)).isEqualTo(OnnxModels.inputNames(full));
  }
}
