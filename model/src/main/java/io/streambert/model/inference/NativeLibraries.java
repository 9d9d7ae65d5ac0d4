package io.streambert.model.inference;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where ONNX Runtime loads its native libraries from.
 *
 * <p>ONNX Runtime's Java binding copies its native libraries out of the jar into the temp folder on
 * every start, unless the system property {@value #NATIVE_PATH_PROPERTY} names a folder that
 * already holds them. For the GPU build that copy is a 580 MB CUDA provider library, so servers
 * extract once ({@link #extractTo(Path)}) and point the property there. The property is read once,
 * when ONNX Runtime first loads, so this class sets it before any ONNX Runtime class is touched.
 *
 * <p>This class deliberately references no {@code ai.onnxruntime} class.
 */
public final class NativeLibraries {
  /** The system property ONNX Runtime reads its native library folder from. */
  public static final String NATIVE_PATH_PROPERTY = "onnxruntime.native.path";

  private static final Logger LOG = LoggerFactory.getLogger(NativeLibraries.class);
  private static final String[] LIBRARIES = {
    "onnxruntime4j_jni",
    "onnxruntime",
    "onnxruntime_providers_shared",
    "onnxruntime_providers_cuda",
    "onnxruntime_providers_tensorrt"
  };

  private NativeLibraries() {}

  /**
   * Points ONNX Runtime at a pre-extracted library folder, if one is configured; call before the
   * first ONNX Runtime class loads.
   *
   * @throws EngineException when the folder does not hold the ONNX Runtime JNI library
   */
  public static synchronized void configure(Optional<Path> folder) {
    String current = System.getProperty(NATIVE_PATH_PROPERTY);
    if (folder.isEmpty()) {
      if (current != null) {
        LOG.info("ONNX Runtime native libraries from {} (system property)", current);
      }
      return;
    }
    Path dir = folder.get().toAbsolutePath().normalize();
    Path jni = dir.resolve(System.mapLibraryName("onnxruntime4j_jni"));
    if (!Files.isRegularFile(jni)) {
      throw new EngineException(
          "expected pre-extracted ONNX Runtime native libraries in "
              + dir
              + " (at least "
              + jni.getFileName()
              + "), found "
              + (Files.isDirectory(dir) ? listing(dir) : "no such folder"));
    }
    if (current != null && !Path.of(current).toAbsolutePath().normalize().equals(dir)) {
      LOG.warn(
          "ONNX Runtime native path already set to {}; keeping it, configured {} is ignored",
          current,
          dir);
      return;
    }
    System.setProperty(NATIVE_PATH_PROPERTY, dir.toString());
    LOG.info("ONNX Runtime native libraries from {} (no extraction to the temp folder)", dir);
  }

  /**
   * Copies the ONNX Runtime native libraries on the class path (CUDA provider included when the GPU
   * build is present) into {@code folder}, for use as {@value #NATIVE_PATH_PROPERTY}.
   *
   * @return the files written
   */
  public static List<Path> extractTo(Path folder) throws IOException {
    Files.createDirectories(folder);
    String resourceDir = "ai/onnxruntime/native/" + platform() + "/";
    List<Path> written = new ArrayList<>();
    ClassLoader loader = NativeLibraries.class.getClassLoader();
    for (String library : LIBRARIES) {
      String file = System.mapLibraryName(library);
      try (InputStream in = loader.getResourceAsStream(resourceDir + file)) {
        if (in == null) {
          continue;
        }
        Path target = folder.resolve(file);
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        written.add(target);
      }
    }
    if (written.isEmpty()) {
      throw new IOException(
          "expected ONNX Runtime native libraries under "
              + resourceDir
              + " on the class path, found none");
    }
    return written;
  }

  /**
   * Extracts the native libraries once, e.g. while building a server image: {@code java -cp
   * <classpath> io.streambert.model.inference.NativeLibraries /opt/streambert/ort}, then start
   * servers with {@code -Donnxruntime.native.path=/opt/streambert/ort} or the engine's {@code
   * nativeLibraryPath}.
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println(
          "usage: NativeLibraries <folder to extract ONNX Runtime's libraries into>");
      System.exit(2);
    }
    for (Path p : extractTo(Path.of(args[0]))) {
      System.out.println(p);
    }
  }

  private static String platform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String osPart = os.contains("mac") ? "osx" : os.contains("win") ? "win" : "linux";
    String archPart = arch.contains("aarch64") || arch.contains("arm64") ? "aarch64" : "x64";
    return osPart + "-" + archPart;
  }

  private static String listing(Path dir) {
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList().toString();
    } catch (IOException e) {
      return "an unreadable folder (" + e.getMessage() + ")";
    }
  }
}
