package io.streambert.processor.config;

/** The checks that involve more than one key, run once every key has passed its own. */
final class CrossKeyChecks {

  private CrossKeyChecks() {}

  /**
   * @throws InvalidConfigException when both registry credentials are set, or the longest store
   *     retry wait is below the first
   */
  static void check(ProcessorConfig config) {
    if (config.schemaRegistryUserInfo().isPresent()
        && config.schemaRegistryBearerToken().isPresent()) {
      throw new InvalidConfigException(
          "Conflicting registry credentials: expected "
              + ProcessorConfig.SCHEMA_REGISTRY_USER_INFO
              + " or "
              + ProcessorConfig.SCHEMA_REGISTRY_BEARER_TOKEN
              + ", found both set");
    }
    config.storeRetryWaits();
  }
}
