package io.streambert.model.decoding;

/**
 * One entity found in a text.
 *
 * @param text the covered substring of the original text, {@code original.substring(start, end)}
 * @param type the entity type without the B-/I- prefix (PER, ORG, ...)
 * @param start char offset (inclusive) into the original Java string
 * @param end char offset (exclusive) into the original Java string
 * @param score mean probability of the span's tags
 */
public record EntitySpan(String text, String type, int start, int end, float score) {}
