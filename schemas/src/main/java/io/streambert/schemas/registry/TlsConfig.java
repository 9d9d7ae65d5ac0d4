package io.streambert.schemas.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A custom truststore for HTTPS registries; {@link #toString()} hides the password.
 *
 * @param truststore path of the truststore file
 * @param password the truststore password, or null if it has none
 * @param type the keystore type, e.g. {@code PKCS12} or {@code JKS}
 */
public record TlsConfig(Path truststore, String password, String type) {

  /** The truststore type used when none is configured. */
  public static final String DEFAULT_TYPE = "PKCS12";

  /** Validates the path and defaults the type to PKCS12. */
  public TlsConfig {
    Objects.requireNonNull(truststore, "truststore");
    type = type == null || type.isBlank() ? DEFAULT_TYPE : type;
  }

  /**
   * Builds an SSL context that trusts the certificates in the truststore.
   *
   * @throws IllegalArgumentException naming the file when it cannot be read or opened
   */
  public SSLContext sslContext() {
    try (InputStream in = Files.newInputStream(truststore)) {
      KeyStore store = KeyStore.getInstance(type);
      store.load(in, password == null ? null : password.toCharArray());
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "Cannot load " + type + " truststore " + truststore + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "TlsConfig[truststore=" + truststore + ", password=***, type=" + type + "]";
  }
}
