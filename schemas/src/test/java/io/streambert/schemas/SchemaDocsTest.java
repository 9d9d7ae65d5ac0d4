package io.streambert.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.schemas.avro.DeadLetter;
import io.streambert.schemas.avro.EntityResult;
import io.streambert.schemas.avro.ModelRelease;
import io.streambert.schemas.avro.ModelStatus;
import io.streambert.schemas.avro.SentimentResult;
import io.streambert.schemas.avro.TextEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class SchemaDocsTest {

  private static final List<Schema> TOP_LEVEL =
      List.of(
          TextEvent.getClassSchema(),
          SentimentResult.getClassSchema(),
          EntityResult.getClassSchema(),
          ModelRelease.getClassSchema(),
          ModelStatus.getClassSchema(),
          DeadLetter.getClassSchema());

  @Test
  void shouldDocumentEveryRecordAndFieldWhenSchemasAreDefined() {
    List<String> undocumented = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Schema schema : TOP_LEVEL) {
      collectUndocumented(schema, undocumented, seen);
    }
    assertThat(undocumented).isEmpty();
    assertThat(seen)
        .contains("io.streambert.schemas.avro.Entity", "io.streambert.schemas.avro.ModelState");
  }

  @Test
  void shouldGenerateInstantAndDefaultsWhenBuildingTextEvent() {
    // Given only the required fields, when built, then optional fields take their defaults
    TextEvent event =
        TextEvent.newBuilder().setId("e1").setText("hi").setEventTime(Instant.EPOCH).build();

    assertThat(event.getLanguage()).isNull();
    assertThat(event.getAttributes()).isEqualTo(Map.of());
    assertThat(event.getEventTime()).isEqualTo(Instant.EPOCH);
  }

  private static void collectUndocumented(Schema schema, List<String> out, Set<String> seen) {
    switch (schema.getType()) {
      case RECORD -> {
        if (!seen.add(schema.getFullName())) {
          return;
        }
        if (isBlank(schema.getDoc())) {
          out.add(schema.getFullName());
        }
        for (Schema.Field field : schema.getFields()) {
          if (isBlank(field.doc())) {
            out.add(schema.getFullName() + "." + field.name());
          }
          collectUndocumented(field.schema(), out, seen);
        }
      }
      case ENUM -> {
        if (seen.add(schema.getFullName()) && isBlank(schema.getDoc())) {
          out.add(schema.getFullName());
        }
      }
      case ARRAY -> collectUndocumented(schema.getElementType(), out, seen);
      case MAP -> collectUndocumented(schema.getValueType(), out, seen);
      case UNION -> schema.getTypes().forEach(t -> collectUndocumented(t, out, seen));
      default -> {}
    }
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
