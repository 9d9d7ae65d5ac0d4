package io.streambert.processor.topology;

import io.streambert.schemas.avro.TextEvent;

/**
 * A decoded, validated input event on its way to the batch buffer.
 *
 * @param event the decoded event
 * @param originalValue the value bytes exactly as read (for a later dead letter)
 */
public record PendingEvent(TextEvent event, byte[] originalValue) {}
