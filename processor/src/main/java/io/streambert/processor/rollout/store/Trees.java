package io.streambert.processor.rollout.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes folder trees without following links. */
final class Trees {
  private static final Logger LOG = LoggerFactory.getLogger(Trees.class);

  private Trees() {}

  /** Deletes {@code root} and everything under it; logs what it cannot delete. */
  static void deleteQuietly(Path root) {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(Trees::deleteOne);
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", root, e.toString());
    }
  }

  /** Deletes everything inside {@code dir}, keeping {@code dir}. */
  static void emptyQuietly(Path dir) {
    try (Stream<Path> children = Files.list(dir)) {
      children.forEach(Trees::deleteQuietly);
    } catch (IOException e) {
      LOG.warn("cannot empty {}: {}", dir, e.toString());
    }
  }

  private static void deleteOne(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", p, e.toString());
    }
  }
}
