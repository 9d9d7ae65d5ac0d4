package io.streambert.processor.rollout.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Only URIs under a configured store prefix are trusted, however they are spelled. */
class TrustedPrefixesTest {

  private final TrustedPrefixes trusted =
      TrustedPrefixes.of(
          List.of(
              "https://models.example.com/bundles/",
              "file:///srv/bundles",
              "http://10.0.0.5:8000/"));

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "https://models.example.com/bundles/1.2.0.zip",
        "https://MODELS.example.com:443/bundles/1.2.0.zip",
        "https://models.example.com/bundles/team/1.2.0.zip?X-Amz-Signature=abc",
        "file:///srv/bundles/1.2.0.zip",
        "file:/srv/bundles/1.2.0.zip",
        "http://10.0.0.5:8000/1.2.0.zip"
      })
  void shouldTrustUriWhenUnderAPrefix(String uri) {
    assertThat(trusted.trusts(URI.create(uri))).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "https://models.example.com.evil.org/bundles/1.2.0.zip",
        "https://evil.org/bundles/1.2.0.zip",
        "http://models.example.com/bundles/1.2.0.zip",
        "https://models.example.com:8443/bundles/1.2.0.zip",
        "https://models.example.com/bundles-evil/1.2.0.zip",
        "https://models.example.com/bundles",
        "https://models.example.com/bundles/../admin/x.zip",
        "https://models.example.com/bundles/%2e%2e/admin/x.zip",
        "https://models.example.com/bundles/..%2fadmin%2fx.zip",
        "https://models.example.com@evil.org/bundles/1.2.0.zip",
        "https://user:pw@models.example.com/bundles/1.2.0.zip",
        "file:///srv/bundles-old/1.2.0.zip",
        "file:///srv/bundles/../../etc/passwd",
        "file:///etc/passwd",
        "http://10.0.0.5:8001/1.2.0.zip",
        "ftp://models.example.com/bundles/1.2.0.zip",
        "bundles/1.2.0.zip"
      })
  void shouldNotTrustUriWhenOutsideEveryPrefix(String uri) {
    assertThat(trusted.trusts(URI.create(uri))).isFalse();
  }

  @Test
  void shouldSayPrefixesAndUriWhenRequireRefuses() {
    assertThatThrownBy(() -> trusted.require(URI.create("https://evil.org/x.zip")))
        .isInstanceOfSatisfying(
            BundleRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.UNTRUSTED_URI))
        .hasMessageContaining("expected a bundle URI under one of the trusted prefixes [")
        .hasMessageContaining("found https://evil.org/x.zip; it was not fetched");
  }

  @Test
  void shouldTrustNothingWhenNoPrefixConfigured() {
    assertThat(TrustedPrefixes.of(List.of()).trusts(URI.create("file:///srv/bundles/a.zip")))
        .isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "s3://bucket/",
        "https://u:p@h/",
        "https://h/a?x=1",
        "relative/",
        "https://h/a/../b/"
      })
  void shouldRefuseConfigurationWhenPrefixIsUnusable(String prefix) {
    assertThatThrownBy(() -> TrustedPrefixes.of(List.of(prefix)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected a trusted store URI prefix")
        .hasMessageContaining(prefix);
  }
}
