/**
 * Wire contracts of streambert: Avro schemas (generated in {@code io.streambert.schemas.avro}), the
 * Confluent-protocol registry client and serde, and a small registry server for tests and demos.
 */
package io.streambert.schemas;
