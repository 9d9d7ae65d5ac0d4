package io.streambert.model.bundle;

import ai.onnx.proto.OnnxMl;
import io.streambert.model.onnx.OnnxModels;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A verified model bundle on disk: {@code model.onnx}, {@code tokenizer.json} and {@code
 * manifest.json}.
 *
 * <p>{@link #open(Path)} checks the manifest, every file's SHA-256, and that the ONNX graph has the
 * inputs and outputs the manifest names, before anything is served; each failure says what was
 * expected and what was found.
 */
public final class ModelBundle {

  private final Path directory;
  private final BundleManifest manifest;

  private ModelBundle(Path directory, BundleManifest manifest) {
    this.directory = directory;
    this.manifest = manifest;
  }

  /**
   * Opens and verifies a bundle folder, or a {@code .zip} of one, extracted into a temporary folder
   * that is deleted when the JVM exits (use {@link #open(Path, Path)} to choose the folder).
   */
  public static ModelBundle open(Path dirOrZip) throws BundleException {
    if (isZip(dirOrZip)) {
      Path dir;
      try {
        dir = Files.createTempDirectory("streambert-bundle-");
      } catch (IOException e) {
        throw new BundleException("cannot create a folder to extract " + dirOrZip + ": " + e, e);
      }
      ExtractedFolders.deleteOnExit(dir);
      return open(dirOrZip, dir);
    }
    return openFolder(dirOrZip, Map.of());
  }

  /**
   * Opens and verifies a bundle folder whose files an unpacker has just written, comparing the
   * SHA-256 it computed over the bytes it wrote with the manifest instead of reading every file a
   * second time. A file the manifest lists but {@code writtenSha256} lacks is hashed from disk; the
   * manifest and ONNX graph checks are those of {@link #open(Path)}.
   *
   * @param writtenSha256 lower-case hex SHA-256 by file name relative to {@code dir}
   */
  public static ModelBundle openUnpacked(Path dir, Map<String, String> writtenSha256)
      throws BundleException {
    return openFolder(dir, Map.copyOf(writtenSha256));
  }

  /**
   * Opens a bundle {@code .zip} extracted into {@code extractTo} (created; must be empty), or a
   * bundle folder as it is.
   */
  public static ModelBundle open(Path dirOrZip, Path extractTo) throws BundleException {
    if (!isZip(dirOrZip)) {
      return openFolder(dirOrZip, Map.of());
    }
    try {
      Files.createDirectories(extractTo);
      try (var entries = Files.list(extractTo)) {
        if (entries.findAny().isPresent()) {
          throw new BundleException(
              "expected an empty folder to extract "
                  + dirOrZip
                  + " into, found files in "
                  + extractTo);
        }
      }
      unzip(dirOrZip, extractTo);
    } catch (IOException e) {
      throw e instanceof BundleException b
          ? b
          : new BundleException("cannot extract bundle zip " + dirOrZip + ": " + e, e);
    }
    return openFolder(extractTo, Map.of());
  }

  private static boolean isZip(Path p) {
    return Files.isRegularFile(p) && p.getFileName().toString().endsWith(".zip");
  }

  private static ModelBundle openFolder(Path dirOrZip, Map<String, String> knownSha256)
      throws BundleException {
    if (!Files.isDirectory(dirOrZip)) {
      throw new BundleException(
          "expected a bundle folder or .zip at " + dirOrZip + ", found " + describe(dirOrZip));
    }
    Path manifestFile = dirOrZip.resolve(BundleBuilder.MANIFEST_FILE);
    if (!Files.isRegularFile(manifestFile)) {
      throw new BundleException(
          "expected " + BundleBuilder.MANIFEST_FILE + " in " + dirOrZip + ", found none");
    }
    BundleManifest manifest = ManifestJson.read(manifestFile);
    ManifestValidator.validate(manifest);
    verifyChecksums(dirOrZip, manifest, knownSha256);
    verifyGraph(dirOrZip.resolve(BundleBuilder.MODEL_FILE), manifest);
    return new ModelBundle(dirOrZip, manifest);
  }

  /**
   * This bundle with its token task decoded another way, in memory only (the files and their
   * checksums are unchanged): for measuring what a decoding changes on the same model.
   *
   * @throws BundleException when the bundle has no token task or its tags do not suit the decoding
   */
  public ModelBundle withTokenDecoding(TagDecoding decoding) throws BundleException {
    Map<String, TaskSpec> tasks = new java.util.LinkedHashMap<>(manifest.tasks());
    Map.Entry<String, TaskSpec> token =
        manifest
            .task(TaskKind.TOKEN_CLASSIFICATION)
            .orElseThrow(
                () ->
                    new BundleException(
                        "expected a token task to decode with "
                            + decoding
                            + ", found tasks "
                            + manifest.tasks().keySet()));
    TaskSpec spec = token.getValue();
    tasks.put(token.getKey(), new TaskSpec(spec.kind(), spec.labels(), spec.output(), decoding));
    BundleManifest m = manifest;
    BundleManifest changed =
        new BundleManifest(
            m.formatVersion(),
            m.modelVersion(),
            m.baseEncoder(),
            tasks,
            m.maxSequenceLength(),
            m.windowStride(),
            m.lowerCase(),
            m.inputs(),
            m.files(),
            m.metrics(),
            m.goldenExamples(),
            m.createdAt());
    ManifestValidator.validate(changed);
    return new ModelBundle(directory, changed);
  }

  /** The folder the bundle lives in. */
  public Path directory() {
    return directory;
  }

  public BundleManifest manifest() {
    return manifest;
  }

  public Path onnxPath() {
    return directory.resolve(BundleBuilder.MODEL_FILE);
  }

  public Path tokenizerPath() {
    return directory.resolve(BundleBuilder.TOKENIZER_FILE);
  }

  /**
   * Writes the bundle's files into a zip (flat, manifest first, its signature when signed) and
   * returns its path. ONNX graphs are stored uncompressed: their weights barely deflate, and a
   * stored entry unpacks as a plain copy.
   */
  public Path zip(Path zipFile) throws IOException {
    Path parent = zipFile.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Path tmp = zipFile.resolveSibling(zipFile.getFileName() + ".tmp");
    List<String> names = new ArrayList<>();
    names.add(BundleBuilder.MANIFEST_FILE);
    names.addAll(manifest.files().keySet());
    if (ManifestSignature.isSigned(directory)) {
      names.add(ManifestSignature.FILE);
    }
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(tmp))) {
      for (String name : names) {
        Path file = directory.resolve(name);
        zip.putNextEntry(name.endsWith(".onnx") ? storedEntry(name, file) : new ZipEntry(name));
        Files.copy(file, zip);
        zip.closeEntry();
      }
    }
    Files.move(tmp, zipFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return zipFile;
  }

  /** A {@link ZipEntry#STORED} entry: its size and CRC-32 go into the local header up front. */
  private static ZipEntry storedEntry(String name, Path file) throws IOException {
    CRC32 crc = new CRC32();
    byte[] buf = new byte[256 * 1024];
    long size = 0;
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        crc.update(buf, 0, n);
        size += n;
      }
    }
    ZipEntry entry = new ZipEntry(name);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(size);
    entry.setCompressedSize(size);
    entry.setCrc(crc.getValue());
    return entry;
  }

  private static void verifyChecksums(
      Path dir, BundleManifest manifest, Map<String, String> knownSha256) throws BundleException {
    for (String required : List.of(BundleBuilder.MODEL_FILE, BundleBuilder.TOKENIZER_FILE)) {
      if (!manifest.files().containsKey(required)) {
        throw new BundleException(
            "manifest.json: expected a checksum for "
                + required
                + ", found checksums for "
                + manifest.files().keySet());
      }
    }
    for (Map.Entry<String, String> f : manifest.files().entrySet()) {
      Path file = dir.resolve(f.getKey()).normalize();
      if (!file.startsWith(dir.normalize())) {
        throw new BundleException(
            "manifest.json: expected file names inside the bundle, found " + f.getKey());
      }
      if (!Files.isRegularFile(file)) {
        throw new BundleException(
            f.getKey() + ": expected a file listed in manifest.json, found none in " + dir);
      }
      String actual = knownSha256.get(f.getKey());
      if (actual == null) {
        try {
          actual = Checksums.sha256(file);
        } catch (IOException e) {
          throw new BundleException(f.getKey() + ": cannot read: " + e.getMessage(), e);
        }
      }
      if (!actual.equalsIgnoreCase(f.getValue())) {
        throw new BundleException(
            f.getKey()
                + ": expected SHA-256 "
                + f.getValue()
                + " (manifest.json), found "
                + actual
                + "; the file is corrupt or was changed after the bundle was built");
      }
    }
  }

  private static void verifyGraph(Path onnx, BundleManifest manifest) throws BundleException {
    OnnxMl.GraphProto graph;
    try {
      graph = OnnxModels.readInterface(onnx);
    } catch (IOException e) {
      throw new BundleException(
          "model.onnx: expected an ONNX model, found unparseable bytes: " + e.getMessage(), e);
    }
    List<String> inputs = OnnxModels.inputNames(graph);
    BundleManifest.OnnxInputs in = manifest.inputs();
    List<String> expected = new ArrayList<>(List.of(in.inputIds(), in.attentionMask()));
    if (in.tokenTypeIds() != null) {
      expected.add(in.tokenTypeIds());
    }
    if (in.caseIds() != null) {
      expected.add(in.caseIds());
    }
    for (String name : expected) {
      if (!inputs.contains(name)) {
        throw new BundleException(
            "model.onnx: expected input '" + name + "' (manifest.json), found inputs " + inputs);
      }
    }
    List<String> outputs = OnnxModels.outputNames(graph);
    for (Map.Entry<String, TaskSpec> t : manifest.tasks().entrySet()) {
      String out = t.getValue().output();
      OnnxMl.ValueInfoProto info =
          graph.getOutputList().stream()
              .filter(o -> o.getName().equals(out))
              .findFirst()
              .orElseThrow(
                  () ->
                      new BundleException(
                          "model.onnx: expected output '"
                              + out
                              + "' for task "
                              + t.getKey()
                              + ", found outputs "
                              + outputs));
      var dims = info.getType().getTensorType().getShape().getDimList();
      if (!dims.isEmpty()) {
        var last = dims.get(dims.size() - 1);
        int labels = t.getValue().labels().size();
        if (last.hasDimValue() && last.getDimValue() != labels) {
          throw new BundleException(
              "model.onnx: output '"
                  + out
                  + "' has "
                  + last.getDimValue()
                  + " logits per position, expected "
                  + labels
                  + " for the labels of task "
                  + t.getKey()
                  + " "
                  + t.getValue().labels());
        }
      }
    }
  }

  private static void unzip(Path zip, Path dir) throws IOException {
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        Path target = dir.resolve(e.getName()).normalize();
        if (!target.startsWith(dir)) {
          throw new BundleException(
              zip + ": expected entries inside the bundle, found '" + e.getName() + "'");
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
          continue;
        }
        Files.createDirectories(target.getParent());
        try (OutputStream out = Files.newOutputStream(target)) {
          in.transferTo(out);
        }
      }
    }
  }

  private static String describe(Path p) {
    if (!Files.exists(p)) {
      return "nothing";
    }
    return Files.isRegularFile(p) ? "a file that is not a .zip" : "something else";
  }

  @Override
  public String toString() {
    return "ModelBundle[" + manifest.modelVersion() + " at " + directory + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelBundle b && b.directory.equals(directory);
  }

  @Override
  public int hashCode() {
    return Objects.hash(directory);
  }
}
