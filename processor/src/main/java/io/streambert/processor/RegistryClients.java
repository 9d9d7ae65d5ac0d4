package io.streambert.processor;

import io.streambert.processor.config.ProcessorConfig;
import io.streambert.schemas.registry.RegistryConfig;
import io.streambert.schemas.registry.RestSchemaRegistryClient;
import io.streambert.schemas.registry.SchemaRegistryClient;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds the schema registry client from the processor's {@code schema.registry.*} keys, mapped to
 * the Confluent-style properties the schemas module's client reads.
 */
public final class RegistryClients {

  private RegistryClients() {}

  /** The registry client described by {@code config}: URL, credentials and truststore. */
  public static SchemaRegistryClient of(ProcessorConfig config) {
    return RestSchemaRegistryClient.fromProperties(properties(config));
  }

  /** The registry client's Confluent-style properties for {@code config}. */
  static Map<String, Object> properties(ProcessorConfig config) {
    Map<String, Object> props = new HashMap<>();
    props.put(RegistryConfig.URL, config.schemaRegistryUrl());
    config
        .schemaRegistryUserInfo()
        .ifPresent(
            userInfo -> {
              props.put(RegistryConfig.BASIC_AUTH_SOURCE, "USER_INFO");
              props.put(RegistryConfig.BASIC_AUTH_USER_INFO, userInfo);
            });
    config
        .schemaRegistryBearerToken()
        .ifPresent(
            token -> {
              props.put(RegistryConfig.BEARER_AUTH_SOURCE, "STATIC_TOKEN");
              props.put(RegistryConfig.BEARER_AUTH_TOKEN, token);
            });
    config
        .schemaRegistryTruststore()
        .ifPresent(
            truststore -> {
              props.put(RegistryConfig.TRUSTSTORE_LOCATION, truststore.toString());
              props.put(RegistryConfig.TRUSTSTORE_TYPE, config.schemaRegistryTruststoreType());
              config
                  .schemaRegistryTruststorePassword()
                  .ifPresent(p -> props.put(RegistryConfig.TRUSTSTORE_PASSWORD, p));
            });
    return props;
  }
}
