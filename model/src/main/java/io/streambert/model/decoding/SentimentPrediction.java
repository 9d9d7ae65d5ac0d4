package io.streambert.model.decoding;

import java.util.Map;

/**
 * A sentence label with its softmax probability and the probability of every label.
 *
 * @param label the arg-max label
 * @param score its probability
 * @param probabilities probability per label, in the manifest's label order
 */
public record SentimentPrediction(String label, float score, Map<String, Float> probabilities) {}
