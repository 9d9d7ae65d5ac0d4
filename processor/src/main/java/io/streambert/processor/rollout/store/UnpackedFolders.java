package io.streambert.processor.rollout.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fetcher's unpacked folders, one per bundle SHA-256, kept so that fetching the same bundle again
 * (a rollback, a release seen again after a restart of the rollout) opens the folder instead of
 * unpacking the zip again: on a loaded host the unpack was a second of a swap.
 *
 * <p>A folder is reused only while every entry in it has the type, size, file key and modification
 * time it had right after the fetcher wrote and hashed it, and none came or went; otherwise it is
 * removed and unpacked again from the verified zip. Not thread-safe: the fetcher calls it under its
 * own lock.
 */
final class UnpackedFolders {
  private static final Logger LOG = LoggerFactory.getLogger(UnpackedFolders.class);

  private final Path root;
  private final Map<String, Kept> kept = new HashMap<>();

  /** What a folder held when written: the SHA-256 of each file and every entry's stamp. */
  private record Kept(Map<String, String> sha256ByName, Map<String, FileStamp> stamps) {}

  UnpackedFolders(Path root) {
    this.root = root;
  }

  /** The folder of the bundle whose zip has {@code sha256}. */
  Path folderFor(String sha256) {
    return root.resolve(sha256);
  }

  /**
   * The SHA-256 of each file in {@code sha256}'s folder, as written, when the folder is still as
   * written; otherwise empty, and the folder is gone.
   */
  Optional<Map<String, String>> intact(String sha256) {
    Kept k = kept.get(sha256);
    Path dir = folderFor(sha256);
    if (k != null) {
      try {
        if (stamps(dir).equals(k.stamps())) {
          return Optional.of(k.sha256ByName());
        }
        LOG.warn("unpacked folder {} changed since it was written; unpacking it again", dir);
      } catch (IOException e) {
        LOG.warn("cannot read unpacked folder {}; unpacking it again: {}", dir, e.toString());
      }
    }
    forget(sha256);
    return Optional.empty();
  }

  /** Notes what {@code sha256}'s folder holds now, right after {@code written} was unpacked. */
  void remember(String sha256, Map<String, String> written) {
    try {
      kept.put(sha256, new Kept(Map.copyOf(written), stamps(folderFor(sha256))));
    } catch (IOException e) {
      LOG.debug("cannot stamp {}; it is unpacked again next time: {}", folderFor(sha256), e);
    }
  }

  /** Removes {@code sha256}'s folder. */
  void forget(String sha256) {
    kept.remove(sha256);
    Trees.deleteQuietly(folderFor(sha256));
  }

  /** Removes every folder. */
  void removeAll() {
    kept.clear();
    Trees.emptyQuietly(root);
  }

  private static Map<String, FileStamp> stamps(Path dir) throws IOException {
    Map<String, FileStamp> stamps = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          stamps.put(dir.relativize(p).toString(), FileStamp.of(p));
        }
      }
    }
    return stamps;
  }
}
