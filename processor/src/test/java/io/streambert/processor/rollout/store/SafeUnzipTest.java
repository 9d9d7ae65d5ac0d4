package io.streambert.processor.rollout.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambert.model.bundle.Checksums;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile zips are refused before anything lands outside the unpack folder. */
class SafeUnzipTest {

  @TempDir Path tmp;

  private final SafeUnzip unzip = new SafeUnzip(1_000_000, 8);

  @Test
  void shouldUnpackFilesAndFoldersWhenZipIsWellFormed() throws Exception {
    // Given a zip with a file at the top and one in a folder
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("manifest.json", bytes("{}"));
    entries.put("vocab/", new byte[0]);
    entries.put("vocab/words.txt", bytes("a\nb\n"));
    Path zip = write(HostileZips.zip(entries));

    // When unpacked
    Path dir = Files.createDirectory(tmp.resolve("out"));
    unzip.unzip(zip, dir);

    // Then both files are there with their bytes
    assertThat(dir.resolve("manifest.json")).hasContent("{}");
    assertThat(dir.resolve("vocab/words.txt")).hasContent("a\nb\n");
  }

  @Test
  void shouldReturnSha256OfEveryFileWhenUnpacked() throws Exception {
    // Given a zip with two files and a folder
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("manifest.json", bytes("{}"));
    entries.put("vocab/", new byte[0]);
    entries.put("vocab/words.txt", bytes("a\nb\n"));
    Path zip = write(HostileZips.zip(entries));

    // When unpacked
    Path dir = Files.createDirectory(tmp.resolve("out"));
    Map<String, String> written = unzip.unzip(zip, dir);

    // Then the digests are those of the files on disk, and only files have one
    assertThat(written)
        .containsOnlyKeys("manifest.json", "vocab/words.txt")
        .containsEntry("manifest.json", Checksums.sha256(dir.resolve("manifest.json")))
        .containsEntry("vocab/words.txt", Checksums.sha256(dir.resolve("vocab/words.txt")));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "/etc/passwd",
        "../escape.txt",
        "a/../../escape.txt",
        "./hidden",
        ".bashrc",
        "C:evil.txt",
        "dir\\..\\escape.txt",
        "-rf",
        "a//b.txt",
        "a/b/c/d/e.txt",
        "tab\there.txt"
      })
  void shouldRefuseEntryWhenNameIsUnsafe(String name) throws Exception {
    // Given a zip whose only entry has a hostile name
    Path zip = write(HostileZips.zip(Map.of(name, bytes("x"))));
    Path dir = Files.createDirectory(tmp.resolve("out"));

    // When unpacked, then it is refused as unsafe and nothing was written anywhere
    assertRejected(() -> unzip.unzip(zip, dir), RejectionReason.UNSAFE_ARCHIVE)
        .hasMessageContaining("expected safe entry names");
    assertThat(tmp.resolve("escape.txt")).doesNotExist();
    assertThat(listAll(dir)).isEmpty();
  }

  @Test
  void shouldRefuseEntryWhenNameHasNonAsciiBytes() throws Exception {
    Path zip = write(HostileZips.zip(Map.of("modèl.onnx", bytes("x"))));
    assertRejected(
            () -> unzip.unzip(zip, Files.createDirectory(tmp.resolve("out"))),
            RejectionReason.UNSAFE_ARCHIVE)
        .hasMessageContaining("bytes outside printable ASCII");
  }

  @Test
  void shouldRefuseSymbolicLinkWhenUnixModeSaysLink() throws Exception {
    // Given an entry Info-ZIP style marked as a symlink to /etc/passwd
    byte[] plain = HostileZips.zip(Map.of("tokenizer.json", bytes("/etc/passwd")));
    Path zip = write(HostileZips.withUnixMode(plain, "tokenizer.json", 0120777));

    // When unpacked, then refused as a link
    assertRejected(
            () -> unzip.unzip(zip, Files.createDirectory(tmp.resolve("out"))),
            RejectionReason.UNSAFE_ARCHIVE)
        .hasMessageContaining("a symbolic link");
  }

  @Test
  void shouldAcceptRegularUnixModeWhenNotALink() throws Exception {
    // Given the same entry marked as a regular Unix file (the control for the link test)
    byte[] plain = HostileZips.zip(Map.of("tokenizer.json", bytes("{}")));
    Path zip = write(HostileZips.withUnixMode(plain, "tokenizer.json", 0100644));
    Path dir = Files.createDirectory(tmp.resolve("out"));

    unzip.unzip(zip, dir);

    assertThat(dir.resolve("tokenizer.json")).hasContent("{}");
  }

  @Test
  void shouldRefuseDeviceOrFifoWhenUnixModeSaysSo() throws Exception {
    byte[] plain = HostileZips.zip(Map.of("pipe", bytes("")));
    Path zip = write(HostileZips.withUnixMode(plain, "pipe", 0010644));
    assertRejected(
            () -> unzip.unzip(zip, Files.createDirectory(tmp.resolve("out"))),
            RejectionReason.UNSAFE_ARCHIVE)
        .hasMessageContaining("Unix file type 010000");
  }

  @Test
  void shouldRefuseDuplicateWhenTwoEntriesShareAName() throws Exception {
    // Given "a.txt" twice (written as a.txt and b.txt, then b renamed in every header)
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("a.txt", bytes("first"));
    entries.put("b.txt", bytes("second"));
    Path zip = write(HostileZips.renamed(HostileZips.zip(entries), "b.txt", "a.txt"));

    assertRejected(
            () -> unzip.unzip(zip, Files.createDirectory(tmp.resolve("out"))),
            RejectionReason.UNSAFE_ARCHIVE)
        .hasMessageContaining("'a.txt' twice");
  }

  @Test
  void shouldRefuseDuplicateWhenNamesDifferOnlyInCase() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("model.onnx", bytes("good"));
    entries.put("MODEL.onnx", bytes("evil"));
    Path zip = write(HostileZips.zip(entries));

    assertRejected(
            () -> unzip.unzip(zip, Files.createDirectory(tmp.resolve("out"))),
            RejectionReason.UNSAFE_ARCHIVE)
        .hasMessageContaining("'MODEL.onnx' twice");
  }

  @Test
  void shouldRefuseEncryptedEntry() throws Exception {
    byte[] plain = HostileZips.zip(Map.of("model.onnx", bytes("x")));
    Path zip = write(HostileZips.withEncryptedFlag(plain, "model.onnx"));
    assertRejected(
            () -> unzip.unzip(zip, Files.createDirectory(tmp.resolve("out"))),
            RejectionReason.UNSAFE_ARCHIVE)
        .hasMessageContaining("expected unencrypted entries");
  }

  @Test
  void shouldRefuseBeforeWritingWhenMoreEntriesThanCap() throws Exception {
    // Given nine entries and a cap of eight
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int i = 0; i < 9; i++) {
      entries.put("f" + i, bytes("x"));
    }
    Path zip = write(HostileZips.zip(entries));
    Path dir = Files.createDirectory(tmp.resolve("out"));

    assertRejected(() -> unzip.unzip(zip, dir), RejectionReason.ARCHIVE_TOO_LARGE)
        .hasMessageContaining("expected at most 8 entries, found 9");
    assertThat(listAll(dir)).isEmpty();
  }

  @Test
  void shouldRefuseBeforeWritingWhenDeclaredSizeExceedsCap() throws Exception {
    Path zip = write(HostileZips.zip(Map.of("big.bin", new byte[1_000_001])));
    Path dir = Files.createDirectory(tmp.resolve("out"));

    assertRejected(() -> unzip.unzip(zip, dir), RejectionReason.ARCHIVE_TOO_LARGE)
        .hasMessageContaining("1000001 declared");
    assertThat(listAll(dir)).isEmpty();
  }

  @Test
  void shouldStopInflatingAtCapWhenSizeIsDeclaredSmall() throws Exception {
    // Given a zip bomb: 5 MB of zeros (a few KB compressed) declaring 10 bytes
    byte[] bomb = HostileZips.zip(Map.of("bomb.bin", new byte[5_000_000]));
    Path zip = write(HostileZips.withDeclaredSize(bomb, "bomb.bin", 10));
    assertThat(Files.size(zip)).isLessThan(100_000);
    Path dir = Files.createDirectory(tmp.resolve("out"));

    // When unpacked, then it stops at the cap, whatever was declared
    assertRejected(() -> unzip.unzip(zip, dir), RejectionReason.ARCHIVE_TOO_LARGE)
        .hasMessageContaining("more while inflating");
    assertThat(Files.size(dir.resolve("bomb.bin"))).isLessThanOrEqualTo(1_000_000);
  }

  @Test
  void shouldRefuseAsBadArchiveWhenBytesAreNoZip() throws Exception {
    Path zip = write(bytes("this is not a zip at all, just text that goes on for a while"));
    assertRejected(
            () -> unzip.unzip(zip, Files.createDirectory(tmp.resolve("out"))),
            RejectionReason.BAD_ARCHIVE)
        .hasMessageContaining("expected an end-of-central-directory record, found none");
  }

  @Test
  void shouldRefuseAsBadArchiveWhenZipIsTruncated() throws Exception {
    byte[] whole = HostileZips.zip(Map.of("model.onnx", new byte[10_000]));
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 30);
    Path zip = write(cut);
    assertRejected(
        () -> unzip.unzip(zip, Files.createDirectory(tmp.resolve("out"))),
        RejectionReason.BAD_ARCHIVE);
  }

  private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable>
      assertRejected(ThrowingCallable call, RejectionReason reason) {
    return assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            BundleRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  private Path write(byte[] zip) throws IOException {
    return Files.write(tmp.resolve("bundle.zip"), zip);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static java.util.List<Path> listAll(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> !p.equals(dir)).toList();
    }
  }
}
