package io.streambert.model.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest signature verifies with its key only, and only over the manifest's exact bytes. */
class ManifestSignatureTest {

  @TempDir Path dir;
  private KeyPair pair;

  @BeforeEach
  void keysAndManifest() throws Exception {
    pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Files.writeString(dir.resolve("manifest.json"), "{\"modelVersion\":\"1.0.0\"}");
  }

  @Test
  void shouldVerifyWhenSignedWithMatchingKeyReadFromPem() throws Exception {
    // Given keys written as openssl writes them, read back
    Path privatePem = pem("PRIVATE KEY", pair.getPrivate().getEncoded(), "release.key");
    Path publicPem = pem("PUBLIC KEY", pair.getPublic().getEncoded(), "release.pub");

    // When signed with the private key
    ManifestSignature.sign(dir, ManifestSignature.readPrivateKey(privatePem));

    // Then the public key verifies it
    assertThat(ManifestSignature.isSigned(dir)).isTrue();
    ManifestSignature.verify(dir, ManifestSignature.readPublicKey(publicPem));
  }

  @Test
  void shouldRefuseWhenManifestChangedAfterSigning() throws Exception {
    ManifestSignature.sign(dir, pair.getPrivate());
    Files.writeString(dir.resolve("manifest.json"), "{\"modelVersion\":\"1.0.1\"}");

    assertThatThrownBy(() -> ManifestSignature.verify(dir, pair.getPublic()))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("found a signature that does not");
  }

  @Test
  void shouldRefuseWhenSignedWithAnotherKey() throws Exception {
    KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    ManifestSignature.sign(dir, other.getPrivate());

    assertThatThrownBy(() -> ManifestSignature.verify(dir, pair.getPublic()))
        .hasMessageContaining("to verify with the trusted public key");
  }

  @Test
  void shouldSayMissingOrUnusableWhenNoValidSignatureFile() throws Exception {
    assertThat(ManifestSignature.isSigned(dir)).isFalse();
    assertThatThrownBy(() -> ManifestSignature.verify(dir, pair.getPublic()))
        .hasMessageContaining("found no signature");

    Files.writeString(dir.resolve(ManifestSignature.FILE), "not base64 !!");
    assertThatThrownBy(() -> ManifestSignature.verify(dir, pair.getPublic()))
        .hasMessageContaining("found an unusable one");
  }

  @Test
  void shouldRefusePemWithoutTheExpectedBlock() throws Exception {
    Path wrong = pem("PUBLIC KEY", pair.getPublic().getEncoded(), "wrong.pem");
    assertThatThrownBy(() -> ManifestSignature.readPrivateKey(wrong))
        .hasMessageContaining("expected a PEM '-----BEGIN PRIVATE KEY-----' block");
  }

  private Path pem(String type, byte[] der, String name) throws Exception {
    return Files.writeString(
        dir.resolve(name),
        "-----BEGIN "
            + type
            + "-----\n"
            + Base64.getMimeEncoder().encodeToString(der)
            + "\n-----END "
            + type
            + "-----\n");
  }
}
