package io.streambert.schemas.registry;

import org.apache.avro.Schema;

/**
 * Talks to a schema registry that speaks the Confluent Schema Registry REST API.
 *
 * <p>Every method throws {@link SchemaRegistryException} when the registry refuses the request or
 * cannot be reached; its {@link SchemaRegistryException#errorCode()} tells which (e.g. 40401,
 * 40403, 409, 42201). Implementations are thread-safe.
 */
public interface SchemaRegistryClient {

  /**
   * Registers {@code schema} under {@code subject}, or finds it if already registered.
   *
   * @return the global schema id
   */
  int register(String subject, Schema schema);

  /**
   * Looks up the id of {@code schema} already registered under {@code subject}.
   *
   * @return the global schema id
   * @throws SchemaRegistryException with 40401 if the subject or 40403 if the schema is unknown
   */
  int getId(String subject, Schema schema);

  /**
   * Fetches the schema with the given global id.
   *
   * @throws SchemaRegistryException with 40403 if no schema has that id
   */
  Schema getSchemaById(int id);

  /**
   * Fetches the latest version registered under {@code subject}.
   *
   * @throws SchemaRegistryException with 40401 if the subject is unknown
   */
  SchemaMetadata getLatestSchemaMetadata(String subject);

  /**
   * Asks whether {@code schema} may be registered as the next version of {@code subject}.
   *
   * @return true if the registry's compatibility level for the subject allows it
   */
  boolean testCompatibility(String subject, Schema schema);
}
