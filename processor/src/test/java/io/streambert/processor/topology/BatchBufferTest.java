package io.streambert.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BatchBufferTest {

  private KeyValueStore<Integer, BufferedRecord> store;

  @BeforeEach
  void createStore() {
    store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("buffer"), Serdes.Integer(), new BufferedRecordSerde())
            .withLoggingDisabled()
            .build();
    MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    store.init(context.getStateStoreContext(), store);
  }

  @Test
  void shouldKeepArrivalOrderAcrossRingWrapAndReload() {
    BatchBuffer buffer = new BatchBuffer(store, 8);
    for (int round = 0; round < 5; round++) {
      for (int i = 0; i < 5; i++) {
        buffer.append(record("r" + round + "-" + i, 3));
      }
      buffer.dispatch();
      buffer.removeOldestDispatched();
    }
    // Sequences 25..29 occupy slots 1..5; 30..32 wrap into 6, 7, 0.
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      buffer.append(record("last-" + i, 2));
      expected.add("last-" + i);
    }

    BatchBuffer reloaded = new BatchBuffer(store, 8);
    assertThat(reloaded.load()).isEqualTo(7);

    assertThat(reloaded.records()).extracting(BufferedRecord::eventId).isEqualTo(expected);
    assertThat(reloaded.tokens()).isEqualTo(14);
    assertThat(reloaded.records().get(0).sequence()).isEqualTo(25);
    BufferedRecord next = reloaded.append(record("after", 1));
    assertThat(next.sequence()).isEqualTo(32);
    assertThat(store.approximateNumEntries()).isEqualTo(8);
  }

  @Test
  void shouldReportOldestArrivalAndEmptyAfterRemovingTheDispatchedBatch() {
    BatchBuffer buffer = new BatchBuffer(store);
    buffer.load();
    assertThat(buffer.oldestPendingEnqueuedAt()).isEmpty();
    buffer.append(record("a", 4));
    buffer.append(record("b", 4));
    assertThat(buffer.oldestPendingEnqueuedAt()).hasValue(1000L);
    assertThat(buffer.size()).isEqualTo(2);

    buffer.dispatch();
    buffer.removeOldestDispatched();

    assertThat(buffer.isEmpty()).isTrue();
    assertThat(buffer.tokens()).isZero();
    assertThat(store.approximateNumEntries()).isZero();
  }

  @Test
  void shouldCountOnlyPendingRecordsWhileABatchIsDispatched() {
    BatchBuffer buffer = new BatchBuffer(store);
    buffer.load();
    buffer.append(record("a", 4));
    buffer.append(record("b", 4));

    assertThat(buffer.dispatch()).extracting(BufferedRecord::eventId).containsExactly("a", "b");
    assertThat(buffer.pendingSize()).isZero();
    assertThat(buffer.pendingTokens()).isZero();
    assertThat(buffer.oldestPendingEnqueuedAt()).isEmpty();

    buffer.append(record("c", 3, 2000L));
    assertThat(buffer.pendingSize()).isEqualTo(1);
    assertThat(buffer.pendingTokens()).isEqualTo(3);
    assertThat(buffer.oldestPendingEnqueuedAt()).hasValue(2000L);
    assertThat(store.approximateNumEntries()).isEqualTo(3);

    buffer.removeOldestDispatched();

    assertThat(buffer.records()).extracting(BufferedRecord::eventId).containsExactly("c");
    assertThat(buffer.tokens()).isEqualTo(3);
    assertThat(store.approximateNumEntries()).isEqualTo(1);
    assertThat(buffer.dispatch()).extracting(BufferedRecord::eventId).containsExactly("c");
  }

  @Test
  void shouldDispatchOnlyTheOldestPendingRecordsWhenABatchIsSplit() {
    BatchBuffer buffer = new BatchBuffer(store);
    for (int i = 1; i <= 5; i++) {
      buffer.append(record("e" + i, i));
    }

    assertThat(buffer.dispatch(3))
        .extracting(BufferedRecord::eventId)
        .containsExactly("e1", "e2", "e3");
    assertThat(buffer.pendingSize()).isEqualTo(2);
    assertThat(buffer.pendingTokens()).isEqualTo(4 + 5);
    assertThat(buffer.dispatch(3)).extracting(BufferedRecord::eventId).containsExactly("e4", "e5");
    assertThat(buffer.dispatchedBatches()).isEqualTo(2);

    buffer.removeOldestDispatched();
    assertThat(buffer.records()).extracting(BufferedRecord::eventId).containsExactly("e4", "e5");
    assertThat(buffer.tokens()).isEqualTo(4 + 5);
  }

  @Test
  void shouldRemoveDispatchedBatchesOldestFirstWhileOthersAreInFlight() {
    BatchBuffer buffer = new BatchBuffer(store);
    buffer.load();
    buffer.append(record("a", 4));
    buffer.append(record("b", 5));
    assertThat(buffer.dispatch()).extracting(BufferedRecord::eventId).containsExactly("a", "b");
    buffer.append(record("c", 3, 2000L));
    assertThat(buffer.dispatch()).extracting(BufferedRecord::eventId).containsExactly("c");
    buffer.append(record("d", 2, 3000L));

    assertThat(buffer.dispatchedBatches()).isEqualTo(2);
    assertThat(buffer.pendingSize()).isEqualTo(1);
    assertThat(buffer.pendingTokens()).isEqualTo(2);
    assertThat(buffer.oldestPendingEnqueuedAt()).hasValue(3000L);

    buffer.removeOldestDispatched();

    assertThat(buffer.records()).extracting(BufferedRecord::eventId).containsExactly("c", "d");
    assertThat(buffer.tokens()).isEqualTo(5);
    assertThat(buffer.dispatchedBatches()).isEqualTo(1);
    assertThat(buffer.pendingSize()).isEqualTo(1);
    assertThat(store.approximateNumEntries()).isEqualTo(2);

    buffer.removeOldestDispatched();

    assertThat(buffer.records()).extracting(BufferedRecord::eventId).containsExactly("d");
    assertThat(buffer.pendingTokens()).isEqualTo(2);
    assertThatThrownBy(
            () -> {
              buffer.dispatch();
              buffer.removeOldestDispatched();
              buffer.removeOldestDispatched();
            })
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("expected a dispatched batch to remove, found none");
  }

  private static BufferedRecord record(String id, int tokens) {
    return record(id, tokens, 1000L);
  }

  private static BufferedRecord record(String id, int tokens, long enqueuedAtMs) {
    return new BufferedRecord(
        -1,
        id.getBytes(),
        new byte[] {0, 0, 0, 0, 1},
        id,
        "text of " + id,
        500L,
        600L,
        new SourcePosition("text-in", 0, 7),
        tokens,
        enqueuedAtMs);
  }
}
