package io.streambert.schemas.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One registered version of a subject, as returned by {@code GET /subjects/{s}/versions/latest}.
 *
 * @param subject the subject name, e.g. {@code text-events-value}
 * @param id the global schema id written into every record's header
 * @param version the version of the schema within the subject, starting at 1
 * @param schema the parsed schema
 */
public record SchemaMetadata(String subject, int id, int version, Schema schema) {

  /** Validates that subject and schema are present. */
  public SchemaMetadata {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(schema, "schema");
  }
}
