/**
 * Kafka serde for specific Avro records in Confluent's wire format: {@link
 * io.streambert.schemas.serde.AvroSerdes}, {@link io.streambert.schemas.serde.ConfluentWireFormat}
 * and {@link io.streambert.schemas.serde.WireFormatException}.
 */
package io.streambert.schemas.serde;
