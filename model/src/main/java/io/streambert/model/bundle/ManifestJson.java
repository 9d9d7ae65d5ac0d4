package io.streambert.model.bundle;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Path;

/** Reads and writes {@code manifest.json}. */
final class ManifestJson {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private ManifestJson() {}

  static BundleManifest read(Path file) throws BundleException {
    try {
      return MAPPER.readValue(file.toFile(), BundleManifest.class);
    } catch (IOException e) {
      throw new BundleException(
          "manifest.json: expected a bundle manifest, found unreadable JSON: " + originalMessage(e),
          e);
    }
  }

  static void write(BundleManifest manifest, Path file) throws IOException {
    MAPPER.writeValue(file.toFile(), manifest);
  }

  private static String originalMessage(IOException e) {
    return e instanceof com.fasterxml.jackson.core.JsonProcessingException j
        ? j.getOriginalMessage()
        : e.getMessage();
  }
}
