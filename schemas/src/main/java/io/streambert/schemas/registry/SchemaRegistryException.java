package io.streambert.schemas.registry;

/**
 * A schema registry request failed; carries the HTTP status and Confluent error code it got back.
 *
 * <p>{@link #httpStatus()} is {@code -1} when no response arrived (network failure, timeout) and
 * {@link #errorCode()} is {@code -1} when the response carried no Confluent error body.
 */
public class SchemaRegistryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Confluent error code: the subject does not exist. */
  public static final int SUBJECT_NOT_FOUND = 40401;

  /** Confluent error code: the version does not exist in the subject. */
  public static final int VERSION_NOT_FOUND = 40402;

  /** Confluent error code: the schema (by id, or by content in a subject) does not exist. */
  public static final int SCHEMA_NOT_FOUND = 40403;

  /** Confluent error code (and HTTP status): the schema is incompatible with earlier versions. */
  public static final int INCOMPATIBLE_SCHEMA = 409;

  /** Confluent error code: the schema is not valid Avro. */
  public static final int INVALID_SCHEMA = 42201;

  /** Confluent error code: the version is not a valid version number or "latest". */
  public static final int INVALID_VERSION = 42202;

  /** Confluent error code: the compatibility level is not one of the known levels. */
  public static final int INVALID_COMPATIBILITY_LEVEL = 42203;

  private final int httpStatus;
  private final int errorCode;

  /** Creates an exception for a response with the given HTTP status and Confluent error code. */
  public SchemaRegistryException(String message, int httpStatus, int errorCode) {
    this(message, httpStatus, errorCode, null);
  }

  /** Creates an exception with a cause, e.g. the {@code IOException} of the last attempt. */
  public SchemaRegistryException(String message, int httpStatus, int errorCode, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  /** The HTTP status of the response, or {@code -1} when no response arrived. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The Confluent {@code error_code} of the response, or {@code -1} when there was none. */
  public int errorCode() {
    return errorCode;
  }

  /** Whether the registry said the subject does not exist (40401). */
  public boolean isSubjectNotFound() {
    return errorCode == SUBJECT_NOT_FOUND;
  }

  /** Whether the registry said the schema does not exist (40403). */
  public boolean isSchemaNotFound() {
    return errorCode == SCHEMA_NOT_FOUND;
  }

  /** Whether the registry rejected the schema as incompatible (409). */
  public boolean isIncompatible() {
    return errorCode == INCOMPATIBLE_SCHEMA;
  }

  /** Whether the registry rejected the schema as invalid (42201). */
  public boolean isInvalidSchema() {
    return errorCode == INVALID_SCHEMA;
  }

  /**
   * Whether retrying the same request may succeed: no response, HTTP 5xx or HTTP 429.
   *
   * <p>Other 4xx answers are final and are never retried.
   */
  public boolean isTransient() {
    return httpStatus == -1 || httpStatus == 429 || httpStatus >= 500;
  }
}
