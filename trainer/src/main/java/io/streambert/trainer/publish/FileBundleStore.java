package io.streambert.trainer.publish;

import io.streambert.model.bundle.Checksums;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bundle store in a local or mounted folder: {@code <version>.zip} with a {@code
 * <version>.zip.sha256} beside it.
 *
 * <p>A bundle is copied to a temporary file in the folder, checked against its SHA-256, and only
 * then given its final name with a hard link, which fails rather than replace an existing file; so
 * readers never see a half-written zip and two publishers of one version cannot both win.
 */
public final class FileBundleStore implements BundleStore {
  private static final Logger LOG = LoggerFactory.getLogger(FileBundleStore.class);
  private static final String ZIP = ".zip";
  private static final String SHA = ".sha256";

  private final Path root;

  /** A store in {@code root}, created if missing. */
  public FileBundleStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
    try {
      Files.createDirectories(this.root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the bundle store folder " + this.root, e);
    }
  }

  @Override
  public URI location() {
    return root.toUri();
  }

  @Override
  public List<StoredBundle> list() {
    List<StoredBundle> bundles = new ArrayList<>();
    try (Stream<Path> files = Files.list(root)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (!name.endsWith(ZIP) || !Files.isRegularFile(file)) {
          continue;
        }
        String version = name.substring(0, name.length() - ZIP.length());
        if (ModelVersion.isValid(version)) {
          bundles.add(new StoredBundle(ModelVersion.parse(version), file.toUri(), sha256(file)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the bundle store " + root, e);
    }
    bundles.sort(Comparator.comparing(StoredBundle::version));
    return bundles;
  }

  @Override
  public StoredBundle put(ModelVersion version, Path zip, String sha256) {
    Path target = root.resolve(version + ZIP);
    Path shaFile = root.resolve(version + ZIP + SHA);
    requirePublishable(version);
    Path tmpZip = null;
    Path tmpSha = null;
    try {
      tmpZip = Files.createTempFile(root, "." + version, ZIP + ".tmp");
      Files.copy(zip, tmpZip, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      String copied = Checksums.sha256(tmpZip);
      if (!copied.equals(sha256)) {
        throw new PublishRefusedException(
            "expected the copy of "
                + zip
                + " to have SHA-256 "
                + sha256
                + ", found "
                + copied
                + " (did the file change while publishing?)");
      }
      tmpSha = Files.createTempFile(root, "." + version, SHA + ".tmp");
      Files.writeString(
          tmpSha, sha256 + "  " + target.getFileName() + "\n", StandardCharsets.UTF_8);
      readableByAll(tmpZip);
      readableByAll(tmpSha);
      link(shaFile, tmpSha, version);
      link(target, tmpZip, version);
    } catch (IOException e) {
      throw new PublishRefusedException("cannot copy " + zip + " into the bundle store " + root, e);
    } finally {
      deleteQuietly(tmpZip);
      deleteQuietly(tmpSha);
    }
    LOG.info("stored bundle {} at {} (sha256 {})", version, target, sha256);
    return new StoredBundle(version, target.toUri(), sha256);
  }

  @Override
  public void requirePublishable(ModelVersion version) {
    Optional<StoredBundle> same = find(version);
    if (same.isPresent()) {
      throw new PublishRefusedException(
          "version "
              + version
              + " already exists in the bundle store "
              + location()
              + " (at "
              + same.get().uri()
              + ", sha256 "
              + same.get().sha256()
              + "); versions are never overwritten, publish a newer one");
    }
    Optional<StoredBundle> latest = latest();
    if (latest.isPresent() && version.compareTo(latest.get().version()) <= 0) {
      throw new PublishRefusedException(
          "expected a version newer than the latest in the bundle store "
              + location()
              + ", "
              + latest.get().version()
              + ", found "
              + version);
    }
  }

  /** Gives {@code tmp} the name {@code target} without ever replacing an existing file. */
  private static void link(Path target, Path tmp, ModelVersion version) throws IOException {
    try {
      Files.createLink(target, tmp);
    } catch (FileAlreadyExistsException e) {
      throw new PublishRefusedException(
          "version " + version + " appeared in the bundle store while publishing: " + target, e);
    } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
      // No hard links here (some network filesystems): move, which also refuses to replace.
      try {
        Files.move(tmp, target);
      } catch (FileAlreadyExistsException again) {
        throw new PublishRefusedException(
            "version " + version + " appeared in the bundle store while publishing: " + target,
            again);
      }
    }
  }

  private static String sha256(Path zip) {
    Path shaFile = zip.resolveSibling(zip.getFileName() + SHA);
    try {
      if (Files.isRegularFile(shaFile)) {
        String[] fields = Files.readString(shaFile, StandardCharsets.UTF_8).strip().split("\\s+");
        if (fields.length > 0 && fields[0].matches("[0-9a-f]{64}")) {
          return fields[0];
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot read {}; hashing the zip instead", shaFile, e);
    }
    try {
      return Checksums.sha256(zip);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + zip + " to hash it", e);
    }
  }

  /** Temporary files are owner-only; processors running as another user must read the store. */
  private static void readableByAll(Path file) throws IOException {
    if (Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class)
        != null) {
      Files.setPosixFilePermissions(
          file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    }
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("cannot delete temporary file {}", file, e);
    }
  }
}
