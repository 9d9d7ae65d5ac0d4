package io.streambert.processor.testing;

import io.streambert.schemas.registry.SchemaMetadata;
import io.streambert.schemas.registry.SchemaRegistryClient;
import io.streambert.schemas.registry.SchemaRegistryException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/** A schema registry in memory: ids from 1, every schema compatible. For fast tests only. */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

  private final Map<Integer, Schema> byId = new HashMap<>();
  private final Map<Schema, Integer> idBySchema = new HashMap<>();
  private final Map<String, List<Schema>> versions = new HashMap<>();

  @Override
  public synchronized int register(String subject, Schema schema) {
    Integer id = idBySchema.get(schema);
    if (id == null) {
      id = byId.size() + 1;
      byId.put(id, schema);
      idBySchema.put(schema, id);
    }
    List<Schema> subjectVersions = versions.computeIfAbsent(subject, s -> new ArrayList<>());
    if (!subjectVersions.contains(schema)) {
      subjectVersions.add(schema);
    }
    return id;
  }

  @Override
  public synchronized int getId(String subject, Schema schema) {
    List<Schema> subjectVersions = versions.get(subject);
    if (subjectVersions == null) {
      throw new SchemaRegistryException(
          "Subject '" + subject + "' not found", 404, SchemaRegistryException.SUBJECT_NOT_FOUND);
    }
    if (!subjectVersions.contains(schema)) {
      throw new SchemaRegistryException(
          "Schema not found", 404, SchemaRegistryException.SCHEMA_NOT_FOUND);
    }
    return idBySchema.get(schema);
  }

  @Override
  public synchronized Schema getSchemaById(int id) {
    Schema schema = byId.get(id);
    if (schema == null) {
      throw new SchemaRegistryException(
          "Schema " + id + " not found", 404, SchemaRegistryException.SCHEMA_NOT_FOUND);
    }
    return schema;
  }

  @Override
  public synchronized SchemaMetadata getLatestSchemaMetadata(String subject) {
    List<Schema> subjectVersions = versions.get(subject);
    if (subjectVersions == null) {
      throw new SchemaRegistryException(
          "Subject '" + subject + "' not found", 404, SchemaRegistryException.SUBJECT_NOT_FOUND);
    }
    Schema latest = subjectVersions.get(subjectVersions.size() - 1);
    return new SchemaMetadata(subject, idBySchema.get(latest), subjectVersions.size(), latest);
  }

  @Override
  public boolean testCompatibility(String subject, Schema schema) {
    return true;
  }
}
