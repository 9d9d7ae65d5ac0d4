package io.streambert.trainer.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small helpers for reading JSON Lines rows with precise messages. */
final class JsonFields {
  private JsonFields() {}

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
