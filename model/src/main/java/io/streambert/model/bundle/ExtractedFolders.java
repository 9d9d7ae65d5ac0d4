package io.streambert.model.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Temporary folders holding extracted bundles, deleted with their contents when the JVM exits. */
final class ExtractedFolders {

  private static final List<Path> FOLDERS = new ArrayList<>();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(ExtractedFolders::deleteAll, "streambert-bundle-cleanup"));
  }

  private ExtractedFolders() {}

  static synchronized void deleteOnExit(Path dir) {
    FOLDERS.add(dir);
  }

  private static synchronized void deleteAll() {
    for (Path dir : FOLDERS) {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(ExtractedFolders::deleteQuietly);
      } catch (IOException e) {
        // Best effort at exit: the folder is in the system's temporary space.
      }
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // Best effort at exit.
    }
  }
}
