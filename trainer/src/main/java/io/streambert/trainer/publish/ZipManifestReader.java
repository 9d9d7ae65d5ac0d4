package io.streambert.trainer.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads the release facts from the {@code manifest.json} inside a bundle zip.
 *
 * <p>Reads only the fields a release needs ({@code modelVersion}, {@code tasks.*.labels}, {@code
 * metrics}); the full bundle check (checksums, ONNX inputs and outputs) is the model module's
 * {@code ModelBundle.open}, which {@code export} has already passed.
 */
public final class ZipManifestReader {
  /** Name of the manifest inside a bundle. */
  public static final String MANIFEST = "manifest.json";

  private final ObjectMapper json = new ObjectMapper();

  /**
   * The release facts of the bundle zip.
   *
   * @throws PublishRefusedException when the zip has no readable manifest or it lacks a field
   */
  public ReleaseSpec read(Path zip) {
    try (ZipFile file = new ZipFile(zip.toFile())) {
      ZipEntry entry =
          file.stream()
              .filter(e -> !e.isDirectory())
              .filter(e -> e.getName().equals(MANIFEST) || e.getName().endsWith("/" + MANIFEST))
              .min(Comparator.comparingInt(e -> e.getName().split("/").length))
              .orElseThrow(
                  () ->
                      new PublishRefusedException(
                          "expected a " + MANIFEST + " in the bundle " + zip + ", found none"));
      try (InputStream in = file.getInputStream(entry)) {
        return parse(zip, json.readTree(in));
      }
    } catch (IOException e) {
      throw new PublishRefusedException("cannot read the bundle zip " + zip + ": " + e, e);
    }
  }

  private static ReleaseSpec parse(Path zip, JsonNode manifest) {
    String version = text(zip, manifest, "modelVersion");
    JsonNode tasks = manifest.get("tasks");
    if (tasks == null || !tasks.isObject() || tasks.isEmpty()) {
      throw new PublishRefusedException(
          "expected \"tasks\" with at least one task in the manifest of "
              + zip
              + ", found "
              + tasks);
    }
    Map<String, List<String>> labelSets = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = tasks.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> task = it.next();
      JsonNode labels = task.getValue().get("labels");
      if (labels == null || !labels.isArray() || labels.isEmpty()) {
        throw new PublishRefusedException(
            "expected \"tasks."
                + task.getKey()
                + ".labels\" to be a non-empty array in the"
                + " manifest of "
                + zip
                + ", found "
                + labels);
      }
      List<String> names = new ArrayList<>();
      labels.forEach(l -> names.add(l.asText()));
      labelSets.put(task.getKey(), names);
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    JsonNode m = manifest.get("metrics");
    if (m != null && m.isObject()) {
      m.fields()
          .forEachRemaining(
              e -> {
                if (e.getValue().isNumber()) {
                  metrics.put(e.getKey(), e.getValue().asDouble());
                }
              });
    }
    try {
      return new ReleaseSpec(ModelVersion.parse(version), labelSets, metrics);
    } catch (IllegalArgumentException e) {
      throw new PublishRefusedException("bad manifest in " + zip + ": " + e.getMessage(), e);
    }
  }

  private static String text(Path zip, JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new PublishRefusedException(
          "expected a string \"" + field + "\" in the manifest of " + zip + ", found " + value);
    }
    return value.asText();
  }
}
