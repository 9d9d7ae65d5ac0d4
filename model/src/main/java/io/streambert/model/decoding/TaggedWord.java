package io.streambert.model.decoding;

/**
 * One word of a text with the tag logits predicted at its first sub-word.
 *
 * @param start char offset (inclusive) of the word in the original text, -1 when unknown
 * @param end char offset (exclusive) of the word in the original text, -1 when unknown
 * @param logits tag logits in the task's tag order, or null when the word got no prediction (it
 *     then counts as outside any entity)
 */
public record TaggedWord(int start, int end, float[] logits) {}
