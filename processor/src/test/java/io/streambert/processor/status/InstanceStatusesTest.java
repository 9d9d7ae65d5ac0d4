package io.streambert.processor.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.schemas.avro.ModelState;
import io.streambert.schemas.avro.ModelStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InstanceStatusesTest {

  private static ModelStatus status(String instance, String version, ModelState state, long at) {
    return ModelStatus.newBuilder()
        .setInstanceId(instance)
        .setModelVersion(version)
        .setState(state)
        .setReason(state == ModelState.REJECTED ? "SHA256_MISMATCH: expected a, found b" : null)
        .setAt(Instant.ofEpochMilli(at))
        .build();
  }

  @Test
  void shouldNameTheServingVersionEvenWhenTheLatestRecordRetiresTheOldOne() {
    // Given an instance that swapped v1 for v2, and another that rejected v3 while on v1
    InstanceStatuses statuses = new InstanceStatuses();
    statuses.accept("b", status("b", "v1", ModelState.SERVING, 10));
    statuses.accept("b", status("b", "v3", ModelState.REJECTED, 40));
    statuses.accept("a", status("a", "v1", ModelState.SERVING, 10));
    statuses.accept("a", status("a", "v2", ModelState.LOADED, 20));
    statuses.accept("a", status("a", "v2", ModelState.SERVING, 30));
    statuses.accept("a", status("a", "v1", ModelState.RETIRED, 35));

    // Then each instance shows what it serves and its latest record, ordered by id
    assertThat(statuses.instances())
        .containsExactly(
            new InstanceStatuses.Instance("a", "v2", 30L, "v1", "RETIRED", null, 35),
            new InstanceStatuses.Instance(
                "b", "v1", 10L, "v3", "REJECTED", "SHA256_MISMATCH: expected a, found b", 40));
  }

  @Test
  void shouldShowNoServingVersionBeforeTheFirstServingRecord() {
    InstanceStatuses statuses = new InstanceStatuses();

    statuses.accept(null, status("c", "v1", ModelState.LOADING, 5));

    assertThat(statuses.instances())
        .containsExactly(new InstanceStatuses.Instance("c", null, null, "v1", "LOADING", null, 5));
  }
}
