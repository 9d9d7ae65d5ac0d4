package io.streambert.schemas.serde;

import io.streambert.schemas.registry.SchemaMetadata;
import io.streambert.schemas.registry.SchemaRegistryClient;
import io.streambert.schemas.registry.SchemaRegistryException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/** A registry client without HTTP or compatibility checks, for fast serde tests. */
final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

  private final Map<String, Integer> ids = new HashMap<>();
  private final Map<Integer, Schema> schemas = new HashMap<>();
  private final Map<String, List<Integer>> subjects = new HashMap<>();

  @Override
  public synchronized int register(String subject, Schema schema) {
    int id = ids.computeIfAbsent(schema.toString(), s -> ids.size() + 1);
    schemas.put(id, schema);
    List<Integer> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
    if (!versions.contains(id)) {
      versions.add(id);
    }
    return id;
  }

  @Override
  public synchronized int getId(String subject, Schema schema) {
    Integer id = ids.get(schema.toString());
    if (id == null || !subjects.getOrDefault(subject, List.of()).contains(id)) {
      throw new SchemaRegistryException("schema not found", 404, 40403);
    }
    return id;
  }

  @Override
  public synchronized Schema getSchemaById(int id) {
    Schema schema = schemas.get(id);
    if (schema == null) {
      throw new SchemaRegistryException("schema " + id + " not found", 404, 40403);
    }
    return schema;
  }

  @Override
  public synchronized SchemaMetadata getLatestSchemaMetadata(String subject) {
    List<Integer> versions = subjects.get(subject);
    if (versions == null) {
      throw new SchemaRegistryException("subject not found", 404, 40401);
    }
    int id = versions.get(versions.size() - 1);
    return new SchemaMetadata(subject, id, versions.size(), schemas.get(id));
  }

  @Override
  public boolean testCompatibility(String subject, Schema schema) {
    return true;
  }
}
