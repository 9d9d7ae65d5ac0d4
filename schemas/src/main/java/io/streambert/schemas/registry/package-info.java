/**
 * Client for the Confluent Schema Registry REST API: {@link
 * io.streambert.schemas.registry.SchemaRegistryClient}, its HTTP implementation {@link
 * io.streambert.schemas.registry.RestSchemaRegistryClient} and its typed {@link
 * io.streambert.schemas.registry.RegistryConfig}.
 */
package io.streambert.schemas.registry;
