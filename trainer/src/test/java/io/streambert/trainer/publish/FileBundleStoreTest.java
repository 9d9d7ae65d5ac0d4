package io.streambert.trainer.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambert.model.bundle.Checksums;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBundleStoreTest {
  @TempDir Path dir;

  private Path zip(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  private static ModelVersion v(String s) {
    return ModelVersion.parse(s);
  }

  @Test
  void shouldStoreZipWithChecksumAndListByVersion() throws IOException {
    FileBundleStore store = new FileBundleStore(dir.resolve("store"));
    Path a = zip("a.zip", "first");
    Path b = zip("b.zip", "second");

    StoredBundle first = store.put(v("1.9"), a, Checksums.sha256(a));
    StoredBundle second = store.put(v("1.10"), b, Checksums.sha256(b));

    assertThat(first.uri().toString()).startsWith("file:/").endsWith("/store/1.9.zip");
    assertThat(Files.readString(Path.of(second.uri()))).isEqualTo("second");
    assertThat(Files.readString(dir.resolve("store/1.10.zip.sha256")))
        .startsWith(Checksums.sha256(b) + "  1.10.zip");
    assertThat(store.list()).containsExactly(first, second);
    assertThat(store.latest()).contains(second);
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("store/1.10.zip.sha256"))))
        .isEqualTo("rw-r--r--");
    assertThat(new FileBundleStore(dir.resolve("store")).list()).containsExactly(first, second);
    try (var files = Files.list(dir.resolve("store"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("1.9.zip", "1.9.zip.sha256", "1.10.zip", "1.10.zip.sha256");
    }
  }

  @Test
  void shouldRefuseExistingVersionAndKeepTheStoredBundle() throws IOException {
    FileBundleStore store = new FileBundleStore(dir.resolve("store"));
    Path a = zip("a.zip", "first");
    Path other = zip("other.zip", "different bytes");
    StoredBundle stored = store.put(v("3"), a, Checksums.sha256(a));

    assertThatThrownBy(() -> store.put(v("3"), other, Checksums.sha256(other)))
        .isInstanceOf(PublishRefusedException.class)
        .hasMessageContaining("version 3 already exists")
        .hasMessageContaining(stored.sha256());
    assertThat(Files.readString(Path.of(stored.uri()))).isEqualTo("first");
  }

  @Test
  void shouldRefuseVersionNotNewerThanLatest() throws IOException {
    FileBundleStore store = new FileBundleStore(dir.resolve("store"));
    Path a = zip("a.zip", "first");
    store.put(v("2.0"), a, Checksums.sha256(a));

    assertThatThrownBy(() -> store.put(v("1.99"), a, Checksums.sha256(a)))
        .isInstanceOf(PublishRefusedException.class)
        .hasMessageContaining("expected a version newer than the latest")
        .hasMessageContaining("2.0, found 1.99");
    assertThat(store.list()).extracting(StoredBundle::version).containsExactly(v("2.0"));
  }

  @Test
  void shouldRefuseZipWhoseChecksumDoesNotMatchAndLeaveNoFiles() throws IOException {
    FileBundleStore store = new FileBundleStore(dir.resolve("store"));
    Path a = zip("a.zip", "first");

    assertThatThrownBy(() -> store.put(v("1"), a, "0".repeat(64)))
        .isInstanceOf(PublishRefusedException.class)
        .hasMessageContaining("expected the copy");
    try (var files = Files.list(dir.resolve("store"))) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void shouldIgnoreFilesThatAreNotVersionedZips() throws IOException {
    Path root = Files.createDirectories(dir.resolve("store"));
    Files.writeString(root.resolve("README.txt"), "hello");
    Files.writeString(root.resolve(".tmp.zip"), "partial");
    Files.writeString(root.resolve("7.zip"), "seven");

    FileBundleStore store = new FileBundleStore(root);
    String sevenSha256 = Checksums.sha256(root.resolve("7.zip"));

    assertThat(store.list())
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.version()).isEqualTo(v("7"));
              assertThat(b.sha256()).isEqualTo(sevenSha256);
            });
  }

  @Test
  void shouldOpenFileUrisAsFoldersAndHttpUrlsAsPutStores() {
    assertThat(BundleStores.open(dir.resolve("s").toUri().toString()).location())
        .isEqualTo(dir.resolve("s").toUri());
    assertThat(BundleStores.open(dir.resolve("p").toString())).isInstanceOf(FileBundleStore.class);
    assertThat(BundleStores.open("https://bundles.example.com/b").location())
        .isEqualTo(java.net.URI.create("https://bundles.example.com/b/"));
    assertThat(BundleStores.open("https://bundles.example.com/"))
        .isInstanceOf(HttpBundleStore.class);
    assertThatThrownBy(() -> BundleStores.open("s3://bucket/"))
        .hasMessageContaining("found s3://bucket/");
  }
}
