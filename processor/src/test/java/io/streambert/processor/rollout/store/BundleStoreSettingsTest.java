package io.streambert.processor.rollout.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambert.processor.config.InvalidConfigException;
import io.streambert.processor.config.ProcessorConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model.store.* keys become fetch settings, and unusable values name their key. */
class BundleStoreSettingsTest {

  @TempDir Path tmp;

  @Test
  void shouldCacheUnderStateDirAndTrustNothingWhenKeysUnset() {
    BundleStoreSettings s = BundleStoreSettings.from(config(Map.of()));

    assertThat(s.cacheDir()).isEqualTo(tmp.resolve("state").resolve("bundles"));
    assertThat(s.trusted().prefixes()).isEmpty();
    assertThat(s.maxEntries()).isEqualTo(64);
    assertThat(s.attempts()).isEqualTo(3);
    assertThat(s.trustedPublicKey()).isEmpty();
  }

  @Test
  void shouldReadPrefixesCapsAndKeyWhenConfigured() throws Exception {
    // Given an Ed25519 public key as openssl writes it, and every store key set
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Path pem =
        Files.writeString(
            tmp.resolve("release.pub"),
            "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
    Map<String, String> keys = new HashMap<>();
    keys.put(
        ProcessorConfig.MODEL_STORE_TRUSTED_PREFIXES, "file:///srv/bundles/, https://m.example/b/");
    keys.put(ProcessorConfig.MODEL_STORE_CACHE_DIR, tmp.resolve("cache").toString());
    keys.put(ProcessorConfig.MODEL_STORE_MAX_ENTRIES, "9");
    keys.put(ProcessorConfig.MODEL_STORE_FETCH_ATTEMPTS, "5");
    keys.put(ProcessorConfig.MODEL_STORE_TRUSTED_PUBLIC_KEY, pem.toString());

    BundleStoreSettings s = BundleStoreSettings.from(config(keys));

    assertThat(s.trusted().trusts(URI.create("https://m.example/b/1.zip"))).isTrue();
    assertThat(s.trusted().trusts(URI.create("file:///srv/bundles/1.zip"))).isTrue();
    assertThat(s.cacheDir()).isEqualTo(tmp.resolve("cache"));
    assertThat(s.maxEntries()).isEqualTo(9);
    assertThat(s.attempts()).isEqualTo(5);
    assertThat(s.trustedPublicKey()).contains(pair.getPublic());
  }

  @Test
  void shouldNameKeyWhenPrefixIsUnusable() {
    assertThatThrownBy(
            () ->
                BundleStoreSettings.from(
                    config(Map.of(ProcessorConfig.MODEL_STORE_TRUSTED_PREFIXES, "s3://bucket/"))))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith(
            "model.store.trusted.prefixes: expected a trusted store URI prefix");
  }

  @Test
  void shouldNameKeyWhenPublicKeyFileIsNoPem() throws Exception {
    Path notPem = Files.writeString(tmp.resolve("key.txt"), "hello");
    assertThatThrownBy(
            () ->
                BundleStoreSettings.from(
                    config(
                        Map.of(ProcessorConfig.MODEL_STORE_TRUSTED_PUBLIC_KEY, notPem.toString()))))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("model.store.trusted.public.key: expected a PEM");
  }

  private ProcessorConfig config(Map<String, String> extra) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProcessorConfig.BOOTSTRAP_SERVERS, "127.0.0.1:9092");
    props.put(ProcessorConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:8081");
    props.put(ProcessorConfig.MODEL_BUNDLE_PATH, "/models/minilm");
    props.put(ProcessorConfig.STATE_DIR, tmp.resolve("state").toString());
    props.putAll(extra);
    return ProcessorConfig.of(props);
  }
}
