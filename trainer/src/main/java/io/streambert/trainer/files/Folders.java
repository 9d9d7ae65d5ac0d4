package io.streambert.trainer.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** File-system chores the trainer's staging, checkpoint and bundle folders share. */
public final class Folders {
  private Folders() {}

  /**
   * Deletes a file or a folder with everything below it; nothing happens when it does not exist.
   *
   * @throws IOException when something below it cannot be deleted
   */
  public static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    List<Path> deepestFirst;
    try (Stream<Path> walk = Files.walk(path)) {
      deepestFirst = walk.sorted(Comparator.reverseOrder()).toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    for (Path p : deepestFirst) {
      Files.deleteIfExists(p);
    }
  }
}
