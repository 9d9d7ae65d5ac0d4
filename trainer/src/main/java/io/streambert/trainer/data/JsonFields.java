package io.streambert.trainer.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Small helpers for reading JSON Lines rows with precise messages. */
final class JsonFields {
  private JsonFields() {}

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /**
   * The JSON object one line holds, or empty after telling {@code bad} why the line is not one
   * (invalid JSON, trailing tokens, or JSON that is not an object).
   */
  static Optional<JsonNode> object(String line, Consumer<String> bad) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      bad.accept("invalid JSON: " + e.getOriginalMessage());
      return Optional.empty();
    }
    if (node == null || !node.isObject()) {
      bad.accept("expected a JSON object, found " + kind(node));
      return Optional.empty();
    }
    return Optional.of(node);
  }

  static String kind(JsonNode node) {
    return node == null ? "nothing" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The array of strings in {@code field}, or why it is not one. */
  static Result strings(JsonNode object, String field) {
    JsonNode array = object.get(field);
    if (array == null || array.isNull()) {
      return Result.problem("missing field \"" + field + "\"");
    }
    if (!array.isArray()) {
      return Result.problem(
          "expected \"" + field + "\" to be an array of strings, found " + kind(array));
    }
    List<String> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      JsonNode item = array.get(i);
      if (!item.isTextual()) {
        return Result.problem(
            "expected \"" + field + "\"[" + i + "] to be a string, found " + kind(item));
      }
      out.add(item.asText());
    }
    return new Result(out, Optional.empty());
  }

  /** Either the values (no problem) or a problem (no values). */
  record Result(List<String> values, Optional<String> problem) {
    static Result problem(String why) {
      return new Result(List.of(), Optional.of(why));
    }
  }
}
