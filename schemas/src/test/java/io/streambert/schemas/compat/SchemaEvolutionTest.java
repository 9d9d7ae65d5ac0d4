package io.streambert.schemas.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.schemas.avro.DeadLetter;
import io.streambert.schemas.avro.EntityResult;
import io.streambert.schemas.avro.ModelRelease;
import io.streambert.schemas.avro.ModelState;
import io.streambert.schemas.avro.ModelStatus;
import io.streambert.schemas.avro.SentimentResult;
import io.streambert.schemas.avro.TextEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Guards the evolution rules of schemas/README.md: every current top-level schema must read data
 * written with every released version ({@code src/test/resources/released/<Name>/v<N>.avsc}).
 */
class SchemaEvolutionTest {

  /** The records that travel on topics, by the name of their released-versions folder. */
  static final Map<String, Schema> CURRENT =
      Map.of(
          "TextEvent", TextEvent.getClassSchema(),
          "SentimentResult", SentimentResult.getClassSchema(),
          "EntityResult", EntityResult.getClassSchema(),
          "ModelRelease", ModelRelease.getClassSchema(),
          "ModelStatus", ModelStatus.getClassSchema(),
          "DeadLetter", DeadLetter.getClassSchema());

  static List<Path> releasedVersions() {
    try (Stream<Path> files = Files.walk(releasedRoot())) {
      return files.filter(p -> p.toString().endsWith(".avsc")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Stream<Path> releasedFiles() {
    return releasedVersions().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("releasedFiles")
  void shouldReadEveryReleasedVersionWhenSchemasEvolve(Path releasedFile) throws IOException {
    // Given a released writer schema and the current reader schema of the same record
    String name = releasedFile.getParent().getFileName().toString();
    Schema writer = parse(releasedFile);
    Schema reader = CURRENT.get(name);
    assertThat(reader).as("current schema for released folder %s", name).isNotNull();

    // When the current schema reads data written with the released one
    List<String> problems =
        SchemaCompatibilityChecker.problems(CompatibilityLevel.BACKWARD, reader, List.of(writer));

    // Then nothing is incompatible
    assertThat(problems)
        .as("%s is not backward compatible with %s", name, releasedFile.getFileName())
        .isEmpty();
  }

  @Test
  void shouldHaveReleasedVersionWhenRecordTravelsOnTopic() throws IOException {
    try (Stream<Path> dirs = Files.list(releasedRoot())) {
      var folders =
          dirs.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
      assertThat(folders).containsExactlyInAnyOrderElementsOf(CURRENT.keySet());
    }
    for (String name : CURRENT.keySet()) {
      assertThat(releasedRoot().resolve(name).resolve("v1.avsc")).exists();
    }
  }

  @Test
  void shouldMatchFullNameWhenReleasedVersionIsForRecord() {
    for (Path file : releasedVersions()) {
      String name = file.getParent().getFileName().toString();
      assertThat(parse(file).getFullName()).isEqualTo(CURRENT.get(name).getFullName());
    }
  }

  @Test
  void shouldReportFieldWhenFieldRenamedWithoutAlias() {
    // Given TextEvent v1 and a candidate that renames "text" to "body" without an alias
    Schema v1 = parse(releasedRoot().resolve("TextEvent/v1.avsc"));
    Schema renamed = parseString(json(v1).replace("\"name\":\"text\"", "\"name\":\"body\""));

    // When checked
    List<String> problems =
        SchemaCompatibilityChecker.problems(CompatibilityLevel.BACKWARD, renamed, List.of(v1));

    // Then the checker catches it and says which field
    assertThat(problems).isNotEmpty();
    assertThat(String.join("\n", problems)).contains("READER_FIELD_MISSING_DEFAULT_VALUE", "body");
  }

  @Test
  void shouldReportTypeWhenFieldTypeChangesOutsidePromotions() {
    // Given SentimentResult v1 and a candidate whose double "score" became a string
    Schema v1 = parse(releasedRoot().resolve("SentimentResult/v1.avsc"));
    Schema changed =
        parseString(
            json(v1)
                .replace(
                    "\"name\":\"score\",\"type\":\"double\"",
                    "\"name\":\"score\",\"type\":\"string\""));
    assertThat(changed).isNotEqualTo(v1);

    // When checked, then it is incompatible
    assertThat(
            SchemaCompatibilityChecker.problems(CompatibilityLevel.BACKWARD, changed, List.of(v1)))
        .anySatisfy(p -> assertThat(p).contains("TYPE_MISMATCH", "score"));
  }

  @Test
  void shouldAcceptWhenFieldAddedWithDefaultOrRenamedWithAlias() {
    // Given TextEvent v1, a candidate with a new optional field, and one renaming with an alias
    Schema v1 = parse(releasedRoot().resolve("TextEvent/v1.avsc"));
    Schema added =
        parseString(
            json(v1)
                .replace(
                    "\"fields\":[",
                    "\"fields\" : [ {\"name\": \"source\", \"type\": [\"null\", \"string\"],"
                        + " \"default\": null},"));
    Schema aliased =
        parseString(
            json(v1).replace("\"name\":\"text\"", "\"name\":\"body\",\"aliases\":[\"text\"]"));

    assertThat(added.getField("source")).isNotNull();
    assertThat(aliased.getField("body")).isNotNull();

    // When checked, then both are allowed
    assertThat(SchemaCompatibilityChecker.problems(CompatibilityLevel.BACKWARD, added, List.of(v1)))
        .isEmpty();
    assertThat(
            SchemaCompatibilityChecker.problems(CompatibilityLevel.BACKWARD, aliased, List.of(v1)))
        .isEmpty();
  }

  @Test
  void shouldPromoteWhenIntBecomesLong() {
    Schema writer =
        parseString(
            "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"n\",\"type\":\"int\"}]}");
    Schema reader =
        parseString(
            "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"n\",\"type\":\"long\"}]}");

    assertThat(SchemaCompatibilityChecker.readerWriterProblems(reader, writer)).isEmpty();
    assertThat(SchemaCompatibilityChecker.readerWriterProblems(writer, reader)).isNotEmpty();
  }

  @Test
  void shouldReadAStateAddedByANewerWriterAsUnknown() throws IOException {
    // Given a status written by a newer writer whose ModelState has a symbol this reader lacks
    Schema current = ModelStatus.getClassSchema();
    Schema newer =
        parseString(
            current
                .toString()
                .replace("\"RETIRED\",\"UNKNOWN\"]", "\"RETIRED\",\"UNKNOWN\",\"DRAINING\"]"));
    assertThat(newer.getField("state").schema().getEnumSymbols()).contains("DRAINING");
    GenericRecord future = new GenericData.Record(newer);
    future.put("instanceId", "proc-9");
    future.put("modelVersion", "9.0.0");
    future.put("state", new GenericData.EnumSymbol(newer.getField("state").schema(), "DRAINING"));
    future.put("at", 9L);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    new GenericDatumWriter<GenericRecord>(newer).write(future, encoder);
    encoder.flush();

    // When the current class reads it
    ModelStatus status =
        new SpecificDatumReader<ModelStatus>(newer, current, SpecificData.get())
            .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

    // Then the unknown symbol becomes the enum default instead of failing the read
    assertThat(status.getState()).isEqualTo(ModelState.UNKNOWN);
    assertThat(status.getInstanceId()).isEqualTo("proc-9");
  }

  @Test
  void shouldReadNullReleaseFieldsWhenStatusWrittenWithV1() throws IOException {
    // Given a SERVING status encoded with the released v1 writer schema
    Schema v1 = parse(releasedRoot().resolve("ModelStatus/v1.avsc"));
    GenericRecord old = new GenericData.Record(v1);
    old.put("instanceId", "proc-1");
    old.put("modelVersion", "1.0.0");
    old.put("state", new GenericData.EnumSymbol(v1.getField("state").schema(), "SERVING"));
    old.put("reason", null);
    old.put("at", 5L);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    new GenericDatumWriter<GenericRecord>(v1).write(old, encoder);
    encoder.flush();

    // When the current class reads it
    ModelStatus status =
        new SpecificDatumReader<ModelStatus>(v1, ModelStatus.getClassSchema(), SpecificData.get())
            .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

    // Then the old symbol keeps its meaning and the added fields take their defaults
    assertThat(status.getState()).isEqualTo(ModelState.SERVING);
    assertThat(status.getInstanceId()).isEqualTo("proc-1");
    assertThat(status.getReleaseOffset()).isNull();
    assertThat(status.getLoadMillis()).isNull();
    assertThat(status.getResidentBytesAfter()).isNull();
  }

  private static String json(Schema schema) {
    return schema.toString();
  }

  static Path releasedRoot() {
    try {
      return Path.of(SchemaEvolutionTest.class.getResource("/released").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Schema parse(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Schema parseString(String json) {
    return new Schema.Parser().parse(json);
  }
}
