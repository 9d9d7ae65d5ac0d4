package io.streambert.processor.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambert.processor.testing.FakeTextModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ServedModelsTest {

  private static final ReleaseCoordinate SECOND = ReleaseCoordinate.of("model-releases", 0, 1);
  private static final ReleaseCoordinate THIRD = ReleaseCoordinate.of("model-releases", 0, 2);

  private final FakeTextModel v1 = new FakeTextModel("v1");
  private final FakeTextModel v2 = new FakeTextModel("v2");
  private final FakeTextModel v3 = new FakeTextModel("v3");

  @Test
  void shouldLeaseTheServedModelWithItsCoordinate() {
    ServedModels models = ServedModels.serving(v1, ReleaseCoordinate.BOOTSTRAP);

    try (ModelLease lease = models.acquire()) {
      assertThat(lease.model()).isSameAs(v1);
      assertThat(lease.coordinate().isBootstrap()).isTrue();
      assertThat(models.currentLeases()).isEqualTo(1);
    }
    assertThat(models.currentLeases()).isZero();
  }

  @Test
  void shouldRefuseToLeaseWhileNoModelIsServed() {
    ServedModels models = ServedModels.none();

    assertThatThrownBy(models::acquire)
        .isInstanceOf(NoModelServedException.class)
        .hasMessageContaining("found none yet");
    assertThat(models.currentVersion()).isEmpty();
    assertThat(models.residentModels()).isZero();

    models.swap(v1, SECOND);
    try (ModelLease lease = models.acquire()) {
      assertThat(lease.model()).isSameAs(v1);
    }
  }

  @Test
  void shouldLeaseTheSwappedModelToLaterAcquiresWhileEarlierLeasesKeepTheOld() {
    ServedModels models = ServedModels.serving(v1, ReleaseCoordinate.BOOTSTRAP);
    ModelLease before = models.acquire();

    models.swap(v2, SECOND);

    try (ModelLease after = models.acquire()) {
      assertThat(after.model()).isSameAs(v2);
      assertThat(after.coordinate()).isEqualTo(SECOND);
    }
    assertThat(before.model()).isSameAs(v1);
    assertThat(models.currentVersion()).contains("v2");
    before.close();
  }

  @Test
  void shouldCloseTheRetiredModelOnlyWhenItsLastLeaseCloses() {
    ServedModels models = ServedModels.serving(v1, ReleaseCoordinate.BOOTSTRAP);
    ModelLease batch = models.acquire();
    ModelLease splitPart = batch.share();

    models.swap(v2, SECOND);
    assertThat(models.residentModels()).isEqualTo(2);

    batch.close();
    batch.close(); // a lease counts once however often it is closed
    assertThat(v1.isClosed()).isFalse();

    splitPart.close();
    assertThat(v1.isClosed()).isTrue();
    assertThat(models.residentModels()).isEqualTo(1);
    assertThat(v2.isClosed()).isFalse();
  }

  @Test
  void shouldCloseTheOldModelAtOnceWhenNoBatchLeasesIt() {
    ServedModels models = ServedModels.serving(v1, ReleaseCoordinate.BOOTSTRAP);
    models.acquire().close();

    models.swap(v2, SECOND);

    assertThat(v1.isClosed()).isTrue();
    assertThat(models.residentModels()).isEqualTo(1);
  }

  @Test
  void shouldRefuseAThirdModelWhileTheRetiredOneIsStillLeased() throws Exception {
    ServedModels models = ServedModels.serving(v1, ReleaseCoordinate.BOOTSTRAP);
    ModelLease old = models.acquire();
    models.swap(v2, SECOND);

    assertThatThrownBy(() -> models.swap(v3, THIRD))
        .isInstanceOf(ModelSwapRefusedException.class)
        .hasMessageContaining("expected at most two resident models, found v1 still leased by 1");
    assertThat(models.currentVersion()).contains("v2");
    assertThat(v3.isClosed()).isFalse();
    assertThat(models.awaitRetired(Duration.ZERO)).isFalse();

    old.close();
    assertThat(models.awaitRetired(Duration.ZERO)).isTrue();
    models.swap(v3, THIRD);
    assertThat(models.currentVersion()).contains("v3");
    assertThat(v2.isClosed()).isTrue();
  }

  @Test
  void shouldWakeAWaiterWhenTheRetiredModelsLastLeaseCloses() throws Exception {
    ServedModels models = ServedModels.serving(v1, ReleaseCoordinate.BOOTSTRAP);
    ModelLease old = models.acquire();
    models.swap(v2, SECOND);
    ExecutorService waiter = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch waiting = new CountDownLatch(1);
      Future<Boolean> retired =
          waiter.submit(
              () -> {
                waiting.countDown();
                return models.awaitRetired(Duration.ofSeconds(30));
              });
      waiting.await();

      old.close();

      assertThat(retired.get(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      waiter.shutdownNow();
    }
  }

  @Test
  void shouldRefuseToInstallAModelThatIsAlreadyResident() {
    ServedModels models = ServedModels.serving(v1, ReleaseCoordinate.BOOTSTRAP);

    assertThatThrownBy(() -> models.swap(v1, SECOND))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found v1 already served");
    assertThat(v1.isClosed()).isFalse();
  }

  @Test
  void shouldRefuseToUseOrShareAClosedLease() {
    ServedModels models = ServedModels.serving(v1, ReleaseCoordinate.BOOTSTRAP);
    ModelLease lease = models.acquire();
    lease.close();

    assertThatThrownBy(lease::model).hasMessageContaining("found it closed");
    assertThatThrownBy(lease::share).hasMessageContaining("found it closed");
    assertThat(models.currentLeases()).isZero();
  }

  @Test
  void shouldNeverCloseAModelThatALeaseStillUses() throws Exception {
    // Given batches leasing and using models on four threads while the models are swapped
    ServedModels models =
        ServedModels.serving(new FakeTextModel("m0"), ReleaseCoordinate.BOOTSTRAP);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicBoolean usedClosed = new AtomicBoolean();
    ExecutorService batches = Executors.newFixedThreadPool(4);
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      running.add(
          batches.submit(
              () -> {
                while (!stop.get()) {
                  try (ModelLease lease = models.acquire()) {
                    FakeTextModel model = (FakeTextModel) lease.model();
                    Thread.yield();
                    if (model.isClosed()) {
                      usedClosed.set(true);
                    }
                  }
                }
              }));
    }
    // When 200 models are swapped in, each as soon as the previous retired one is closed
    List<FakeTextModel> served = new ArrayList<>();
    for (int i = 1; i <= 200; i++) {
      FakeTextModel next = new FakeTextModel("m" + i);
      assertThat(models.awaitRetired(Duration.ofSeconds(30))).isTrue();
      models.swap(next, ReleaseCoordinate.of("model-releases", 0, i));
      served.add(next);
    }
    stop.set(true);
    for (Future<?> f : running) {
      f.get(30, TimeUnit.SECONDS);
    }
    batches.shutdown();

    // Then no lease saw its model closed, and every model but the current one was closed
    assertThat(usedClosed).isFalse();
    assertThat(models.awaitRetired(Duration.ofSeconds(30))).isTrue();
    assertThat(served.subList(0, 199)).allMatch(FakeTextModel::isClosed);
    assertThat(served.get(199).isClosed()).isFalse();
  }

  @Test
  void shouldNameTheReleaseRecordOrTheBootstrapModel() {
    assertThat(ReleaseCoordinate.of("model-releases", 2, 40)).hasToString("model-releases-2@40");
    assertThat(ReleaseCoordinate.BOOTSTRAP.toString()).contains("bootstrap");
    assertThatThrownBy(() -> ReleaseCoordinate.of("model-releases", -1, 3))
        .hasMessageContaining("found \"model-releases\", -1, 3");
  }
}
