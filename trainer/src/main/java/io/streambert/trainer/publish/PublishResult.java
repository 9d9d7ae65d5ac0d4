package io.streambert.trainer.publish;

import io.streambert.schemas.avro.ModelRelease;

/**
 * What a publish did.
 *
 * @param stored the bundle in the store
 * @param release the record produced
 * @param topic the topic it went to
 * @param partition its partition
 * @param offset its offset
 */
public record PublishResult(
    StoredBundle stored, ModelRelease release, String topic, int partition, long offset) {}
