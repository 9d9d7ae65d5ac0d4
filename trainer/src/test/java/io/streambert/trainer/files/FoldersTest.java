package io.streambert.trainer.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FoldersTest {

  @Test
  void shouldDeleteAFolderWithNestedFilesAndLeaveItsSiblings(@TempDir Path dir) throws Exception {
    Path doomed = Files.createDirectories(dir.resolve("run/latest/deep"));
    Files.writeString(doomed.resolve("model.bin"), "weights");
    Files.writeString(dir.resolve("run/state.json"), "{}");
    Files.writeString(dir.resolve("keep.txt"), "kept");

    Folders.deleteRecursively(dir.resolve("run"));

    assertThat(dir.resolve("run")).doesNotExist();
    assertThat(dir.resolve("keep.txt")).hasContent("kept");
  }

  @Test
  void shouldDeleteASingleFileAndIgnoreAMissingPath(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("a.zip"), "zip");

    Folders.deleteRecursively(file);
    Folders.deleteRecursively(dir.resolve("never-was"));

    assertThat(file).doesNotExist();
    assertThat(dir).isEmptyDirectory();
  }
}
