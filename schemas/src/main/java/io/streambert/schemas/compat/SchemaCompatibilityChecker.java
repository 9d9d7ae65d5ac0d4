package io.streambert.schemas.compat;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Checks Avro schema changes with {@link SchemaCompatibility} and explains what is incompatible.
 *
 * <p>Used by the schema-evolution test against released schemas and by the mini registry, so both
 * apply the same rules.
 */
public final class SchemaCompatibilityChecker {

  private SchemaCompatibilityChecker() {}

  /**
   * Lists why {@code reader} cannot read data written with {@code writer}.
   *
   * @return one human-readable line per incompatibility; empty when compatible
   */
  public static List<String> readerWriterProblems(Schema reader, Schema writer) {
    SchemaPairCompatibility pair =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    List<String> problems = new ArrayList<>();
    for (Incompatibility incompatibility : pair.getResult().getIncompatibilities()) {
      problems.add(
          incompatibility.getType()
              + " at "
              + describe(reader, incompatibility.getLocation())
              + ": "
              + incompatibility.getMessage());
    }
    return problems;
  }

  /**
   * Lists why {@code candidate} may not follow {@code previous} under {@code level}.
   *
   * @param previous earlier schemas of the subject, oldest first; the last one is the latest
   * @return one line per problem, naming the earlier schema's position; empty when allowed
   */
  public static List<String> problems(
      CompatibilityLevel level, Schema candidate, List<Schema> previous) {
    List<String> problems = new ArrayList<>();
    if (previous.isEmpty() || level == CompatibilityLevel.NONE) {
      return problems;
    }
    int from = level.transitive() ? 0 : previous.size() - 1;
    for (int i = from; i < previous.size(); i++) {
      Schema earlier = previous.get(i);
      String which = "version " + (i + 1) + " of " + previous.size();
      if (level.backward()) {
        for (String p : readerWriterProblems(candidate, earlier)) {
          problems.add("new schema cannot read data written with " + which + ": " + p);
        }
      }
      if (level.forward()) {
        for (String p : readerWriterProblems(earlier, candidate)) {
          problems.add(which + " cannot read data written with the new schema: " + p);
        }
      }
    }
    return problems;
  }

  /** Turns a JSON-pointer location like {@code /fields/2/type} into {@code Name.field (...)}. */
  static String describe(Schema reader, String location) {
    StringBuilder path = new StringBuilder(reader.getName());
    Schema current = reader;
    String[] parts = location.split("/");
    try {
      for (int i = 1; i < parts.length; i++) {
        switch (parts[i]) {
          case "fields" -> {
            Schema.Field field = current.getFields().get(Integer.parseInt(parts[++i]));
            path.append('.').append(field.name());
            current = field.schema();
          }
          case "items" -> {
            current = current.getElementType();
            path.append("[]");
          }
          case "values" -> {
            current = current.getValueType();
            path.append("{}");
          }
          case "type", "name", "size", "symbols" -> {}
          default -> {
            if (current.getType() == Schema.Type.UNION) {
              current = current.getTypes().get(Integer.parseInt(parts[i]));
            }
          }
        }
      }
    } catch (RuntimeException e) {
      return location;
    }
    return path + " (" + location + ")";
  }
}
