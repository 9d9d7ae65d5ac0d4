package io.streambert.schemas.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/** How the client authenticates to the registry: none, HTTP basic, or a bearer token. */
public sealed interface RegistryCredentials {

  /** The value of the {@code Authorization} header to send, if any. */
  Optional<String> authorizationHeader();

  /** No credentials: no {@code Authorization} header. */
  static RegistryCredentials none() {
    return None.INSTANCE;
  }

  /** HTTP basic credentials. */
  static RegistryCredentials basic(String user, String password) {
    return new Basic(user, password);
  }

  /**
   * HTTP basic credentials from Confluent's {@code user:password} form.
   *
   * @throws IllegalArgumentException if there is no colon
   */
  static RegistryCredentials basicFromUserInfo(String userInfo) {
    int colon = userInfo == null ? -1 : userInfo.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "Basic auth user info must be 'user:password', found "
              + (userInfo == null ? "nothing" : "a value without ':'"));
    }
    return new Basic(userInfo.substring(0, colon), userInfo.substring(colon + 1));
  }

  /** A static bearer token. */
  static RegistryCredentials bearer(String token) {
    return new Bearer(token);
  }

  /** No credentials. */
  enum None implements RegistryCredentials {
    /** The only instance. */
    INSTANCE;

    @Override
    public Optional<String> authorizationHeader() {
      return Optional.empty();
    }
  }

  /**
   * HTTP basic credentials; {@link #toString()} hides the password.
   *
   * @param user the user name
   * @param password the password
   */
  record Basic(String user, String password) implements RegistryCredentials {

    /** Validates that both parts are present. */
    public Basic {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
    }

    @Override
    public Optional<String> authorizationHeader() {
      String token = user + ":" + password;
      return Optional.of(
          "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
      return "Basic[user=" + user + ", password=***]";
    }
  }

  /**
   * A static bearer token; {@link #toString()} hides it.
   *
   * @param token the token sent as {@code Authorization: Bearer <token>}
   */
  record Bearer(String token) implements RegistryCredentials {

    /** Validates that the token is present and not blank. */
    public Bearer {
      if (token == null || token.isBlank()) {
        throw new IllegalArgumentException("Bearer token must not be blank");
      }
    }

    @Override
    public Optional<String> authorizationHeader() {
      return Optional.of("Bearer " + token);
    }

    @Override
    public String toString() {
      return "Bearer[token=***]";
    }
  }
}
