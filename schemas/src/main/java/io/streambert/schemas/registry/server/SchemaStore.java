package io.streambert.schemas.registry.server;

import io.streambert.schemas.compat.CompatibilityLevel;
import io.streambert.schemas.compat.SchemaCompatibilityChecker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The registry's state: subjects with their versions, globally numbered schemas, and compatibility
 * levels. All methods are synchronized; the state is small and requests are rare.
 */
final class SchemaStore {

  /** One version of a subject. */
  record Version(String subject, int id, int version, String schema) {}

  private final Map<String, Integer> idsBySchema = new HashMap<>();
  private final Map<Integer, String> schemasById = new HashMap<>();
  private final Map<String, List<Integer>> subjects = new LinkedHashMap<>();
  private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
  private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
  private int nextId = 1;

  /** Registers {@code schemaText} under {@code subject}; an identical schema keeps its id. */
  synchronized Version register(String subject, String schemaText) {
    Schema schema = parse(schemaText);
    String key = schema.toString();
    List<Integer> ids = subjects.get(subject);
    if (ids != null) {
      int index = ids.indexOf(idsBySchema.get(key));
      if (index >= 0) {
        return new Version(subject, ids.get(index), index + 1, key);
      }
      List<String> problems =
          SchemaCompatibilityChecker.problems(level(subject), schema, schemasOf(ids));
      if (!problems.isEmpty()) {
        throw new RegistryError(
            409,
            409,
            "Schema being registered is incompatible with an earlier schema for subject '"
                + subject
                + "' under "
                + level(subject)
                + ", details: "
                + problems);
      }
    }
    Integer id = idsBySchema.get(key);
    if (id == null) {
      id = nextId++;
      idsBySchema.put(key, id);
      schemasById.put(id, key);
    }
    List<Integer> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
    versions.add(id);
    return new Version(subject, id, versions.size(), key);
  }

  /** Finds {@code schemaText} among the versions of {@code subject}. */
  synchronized Version lookup(String subject, String schemaText) {
    List<Integer> ids = requireSubject(subject);
    String key = parse(schemaText).toString();
    int index = ids.indexOf(idsBySchema.get(key));
    if (index < 0) {
      throw RegistryError.schemaNotFound("no version of subject '" + subject + "' is this schema");
    }
    return new Version(subject, ids.get(index), index + 1, key);
  }

  /** The schema with global id {@code id}. */
  synchronized String schemaById(int id) {
    String schema = schemasById.get(id);
    if (schema == null) {
      throw RegistryError.schemaNotFound("no schema has id " + id);
    }
    return schema;
  }

  synchronized List<String> subjects() {
    return List.copyOf(subjects.keySet());
  }

  synchronized List<Integer> versions(String subject) {
    int count = requireSubject(subject).size();
    List<Integer> versions = new ArrayList<>();
    for (int v = 1; v <= count; v++) {
      versions.add(v);
    }
    return versions;
  }

  /** Version {@code version} of {@code subject}; {@code -1} means the latest. */
  synchronized Version version(String subject, int version) {
    List<Integer> ids = requireSubject(subject);
    int v = version == -1 ? ids.size() : version;
    if (v < 1 || v > ids.size()) {
      throw RegistryError.versionNotFound(subject, version);
    }
    int id = ids.get(v - 1);
    return new Version(subject, id, v, schemasById.get(id));
  }

  /**
   * Whether {@code schemaText} may follow version {@code version} ({@code -1}: the latest, or no
   * version at all) of {@code subject} under the subject's level.
   */
  synchronized boolean isCompatible(String subject, int version, String schemaText) {
    Schema schema = parse(schemaText);
    List<Integer> ids = subjects.get(subject);
    if (ids == null) {
      if (version == -1) {
        return true;
      }
      throw RegistryError.subjectNotFound(subject);
    }
    List<Schema> previous = schemasOf(ids);
    CompatibilityLevel level = level(subject);
    if (version != -1) {
      previous = List.of(schemasOf(List.of(version(subject, version).id())).get(0));
    }
    return SchemaCompatibilityChecker.problems(level, schema, previous).isEmpty();
  }

  synchronized CompatibilityLevel globalLevel() {
    return globalLevel;
  }

  synchronized void setGlobalLevel(CompatibilityLevel level) {
    globalLevel = level;
  }

  /** The subject's own level, or the global one. */
  synchronized CompatibilityLevel level(String subject) {
    return subjectLevels.getOrDefault(subject, globalLevel);
  }

  synchronized void setLevel(String subject, CompatibilityLevel level) {
    subjectLevels.put(subject, level);
  }

  private List<Integer> requireSubject(String subject) {
    List<Integer> ids = subjects.get(subject);
    if (ids == null) {
      throw RegistryError.subjectNotFound(subject);
    }
    return ids;
  }

  private List<Schema> schemasOf(List<Integer> ids) {
    List<Schema> schemas = new ArrayList<>();
    for (int id : ids) {
      schemas.add(new Schema.Parser().parse(schemasById.get(id)));
    }
    return schemas;
  }

  private static Schema parse(String schemaText) {
    if (schemaText == null) {
      throw new RegistryError(422, 42201, "Invalid schema: the request has no \"schema\" string");
    }
    try {
      return new Schema.Parser().parse(schemaText);
    } catch (RuntimeException e) { // SchemaParseException, AvroTypeException for bad defaults
      throw new RegistryError(422, 42201, "Invalid schema " + schemaText + ": " + e.getMessage());
    }
  }
}
