package io.streambert.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * {@link SchemaRegistryClient} over HTTP, caching ids and schemas both ways.
 *
 * <p>Once a schema's id is known (registered, looked up or fetched), neither the id for that schema
 * in that subject nor the schema for that id is asked for again. The latest version of a subject
 * changes over time, so {@link #getLatestSchemaMetadata} always asks.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

  private final RegistryConfig config;
  private final RegistryHttp http;
  private final Map<String, Map<String, Integer>> idsBySubject = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

  /** Creates a client with the given settings. */
  public RestSchemaRegistryClient(RegistryConfig config) {
    this.config = config;
    this.http = new RegistryHttp(config);
  }

  /** The URLs and the kind of credentials, never a password or token. */
  @Override
  public String toString() {
    return "RestSchemaRegistryClient[urls="
        + config.urls()
        + ", credentials="
        + config.credentials()
        + "]";
  }

  /** Creates a client from Confluent's client keys; see {@link RegistryConfig#fromProperties}. */
  public static RestSchemaRegistryClient fromProperties(Map<String, ?> props) {
    return new RestSchemaRegistryClient(RegistryConfig.fromProperties(props));
  }

  @Override
  public int register(String subject, Schema schema) {
    Integer cached = cachedId(subject, schema);
    if (cached != null) {
      return cached;
    }
    JsonNode response =
        http.send(
            "POST",
            "/subjects/" + RegistryHttp.segment(subject) + "/versions",
            Map.of("schema", schema.toString()),
            "register schema " + schema.getFullName() + " under subject '" + subject + "'");
    int id = requireInt(response, "id", "register under subject '" + subject + "'");
    remember(subject, schema, id);
    return id;
  }

  @Override
  public int getId(String subject, Schema schema) {
    Integer cached = cachedId(subject, schema);
    if (cached != null) {
      return cached;
    }
    JsonNode response =
        http.send(
            "POST",
            "/subjects/" + RegistryHttp.segment(subject),
            Map.of("schema", schema.toString()),
            "look up the id of schema " + schema.getFullName() + " in subject '" + subject + "'");
    int id = requireInt(response, "id", "look up in subject '" + subject + "'");
    remember(subject, schema, id);
    return id;
  }

  @Override
  public Schema getSchemaById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    String what = "fetch schema id " + id;
    JsonNode response = http.send("GET", "/schemas/ids/" + id, null, what);
    requireAvro(response, what);
    Schema schema = parseSchema(response, what);
    Schema previous = schemasById.putIfAbsent(id, schema);
    return previous != null ? previous : schema;
  }

  @Override
  public SchemaMetadata getLatestSchemaMetadata(String subject) {
    String what = "fetch the latest version of subject '" + subject + "'";
    JsonNode response =
        http.send(
            "GET", "/subjects/" + RegistryHttp.segment(subject) + "/versions/latest", null, what);
    requireAvro(response, what);
    int id = requireInt(response, "id", what);
    Schema schema = schemasById.get(id);
    if (schema == null) {
      schema = parseSchema(response, what);
      schemasById.putIfAbsent(id, schema);
    }
    remember(subject, schema, id);
    return new SchemaMetadata(
        response.path("subject").asText(subject),
        id,
        requireInt(response, "version", what),
        schema);
  }

  @Override
  public boolean testCompatibility(String subject, Schema schema) {
    String what =
        "test compatibility of schema " + schema.getFullName() + " with subject '" + subject + "'";
    JsonNode response =
        http.send(
            "POST",
            "/compatibility/subjects/" + RegistryHttp.segment(subject) + "/versions/latest",
            Map.of("schema", schema.toString()),
            what);
    JsonNode result = response.get("is_compatible");
    if (result == null || !result.isBoolean()) {
      throw new SchemaRegistryException(
          "Failed to " + what + ": expected {\"is_compatible\": bool}, found " + response, 200, -1);
    }
    return result.asBoolean();
  }

  private Integer cachedId(String subject, Schema schema) {
    Map<String, Integer> ids = idsBySubject.get(subject);
    return ids == null ? null : ids.get(schema.toString());
  }

  private void remember(String subject, Schema schema, int id) {
    idsBySubject
        .computeIfAbsent(subject, s -> new ConcurrentHashMap<>())
        .put(schema.toString(), id);
    schemasById.putIfAbsent(id, schema);
  }

  private static void requireAvro(JsonNode response, String what) {
    String type = response.path("schemaType").asText("AVRO");
    if (!"AVRO".equalsIgnoreCase(type)) {
      throw new SchemaRegistryException(
          "Failed to " + what + ": expected an AVRO schema, found schemaType " + type, 200, -1);
    }
  }

  private static Schema parseSchema(JsonNode response, String what) {
    JsonNode text = response.get("schema");
    if (text == null || !text.isTextual()) {
      throw new SchemaRegistryException(
          "Failed to " + what + ": expected a \"schema\" string, found " + response, 200, -1);
    }
    try {
      return new Schema.Parser().parse(text.asText());
    } catch (SchemaParseException | NullPointerException e) {
      // Avro 1.12's parser throws NullPointerException ("Unknown schema") for an unknown type
      // name instead of SchemaParseException.
      throw new SchemaRegistryException(
          "Failed to "
              + what
              + ": the registry returned a schema that is not valid Avro: "
              + e.getMessage(),
          200,
          -1,
          e);
    }
  }

  private static int requireInt(JsonNode response, String field, String what) {
    JsonNode value = response.get(field);
    if (value == null || !value.canConvertToInt()) {
      throw new SchemaRegistryException(
          "Failed to " + what + ": expected an integer \"" + field + "\", found " + response,
          200,
          -1);
    }
    return value.asInt();
  }
}
