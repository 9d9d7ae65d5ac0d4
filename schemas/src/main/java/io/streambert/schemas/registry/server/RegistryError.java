package io.streambert.schemas.registry.server;

/** A request the registry refuses, with the HTTP status and Confluent error code to answer. */
final class RegistryError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int httpStatus;
  private final int errorCode;

  RegistryError(int httpStatus, int errorCode, String message) {
    super(message);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  static RegistryError subjectNotFound(String subject) {
    return new RegistryError(404, 40401, "Subject '" + subject + "' not found.");
  }

  static RegistryError versionNotFound(String subject, int version) {
    return new RegistryError(
        404, 40402, "Version " + version + " not found in subject '" + subject + "'.");
  }

  static RegistryError schemaNotFound(String detail) {
    return new RegistryError(404, 40403, "Schema not found: " + detail);
  }

  int httpStatus() {
    return httpStatus;
  }

  int errorCode() {
    return errorCode;
  }
}
