package io.streambert.model.bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The Ed25519 signature a bundle carries over the exact bytes of its {@code manifest.json}, in
 * {@value #FILE} (Base64). The manifest holds the SHA-256 of every other file, so the signature
 * covers the whole bundle.
 *
 * <p>Keys are PEM files as {@code openssl genpkey -algorithm ed25519} writes them ({@code PRIVATE
 * KEY}, PKCS#8) and {@code openssl pkey -pubout} derives ({@code PUBLIC KEY}, X.509).
 */
public final class ManifestSignature {

  /** The signature file beside {@code manifest.json}. */
  public static final String FILE = BundleBuilder.MANIFEST_FILE + ".sig";

  private static final String ALGORITHM = "Ed25519";

  private ManifestSignature() {}

  /** Signs {@code bundleDir}'s manifest with {@code key}, writing {@value #FILE} beside it. */
  public static Path sign(Path bundleDir, PrivateKey key) throws IOException {
    byte[] manifest = Files.readAllBytes(bundleDir.resolve(BundleBuilder.MANIFEST_FILE));
    try {
      Signature s = Signature.getInstance(ALGORITHM);
      s.initSign(key);
      s.update(manifest);
      return Files.writeString(
          bundleDir.resolve(FILE),
          Base64.getEncoder().encodeToString(s.sign()) + "\n",
          StandardCharsets.US_ASCII);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "expected an Ed25519 private key, found " + key.getAlgorithm() + ": " + e, e);
    }
  }

  /** Whether {@code bundleDir} carries a signature file. */
  public static boolean isSigned(Path bundleDir) {
    return Files.isRegularFile(bundleDir.resolve(FILE));
  }

  /**
   * Checks {@code bundleDir}'s signature with {@code key}.
   *
   * @throws BundleException saying whether the signature is missing, unreadable or wrong
   */
  public static void verify(Path bundleDir, PublicKey key) throws BundleException {
    if (!isSigned(bundleDir)) {
      throw new BundleException("expected a signed bundle (" + FILE + "), found no signature");
    }
    boolean valid;
    try {
      byte[] signature =
          Base64.getDecoder()
              .decode(Files.readString(bundleDir.resolve(FILE), StandardCharsets.US_ASCII).strip());
      Signature s = Signature.getInstance(ALGORITHM);
      s.initVerify(key);
      s.update(Files.readAllBytes(bundleDir.resolve(BundleBuilder.MANIFEST_FILE)));
      valid = s.verify(signature);
    } catch (IOException | IllegalArgumentException | GeneralSecurityException e) {
      throw new BundleException(
          "expected a Base64 Ed25519 signature in " + FILE + ", found an unusable one: " + e, e);
    }
    if (!valid) {
      throw new BundleException(
          "expected "
              + FILE
              + " to verify with the trusted public key, found a signature that does not"
              + " (signed by another key, or the manifest was changed)");
    }
  }

  /** Reads a PEM {@code PUBLIC KEY} (Ed25519). */
  public static PublicKey readPublicKey(Path pem) throws IOException {
    try {
      return KeyFactory.getInstance(ALGORITHM)
          .generatePublic(new X509EncodedKeySpec(pemBody(pem, "PUBLIC KEY")));
    } catch (GeneralSecurityException e) {
      throw new IOException("expected an Ed25519 PUBLIC KEY in " + pem + ", found: " + e, e);
    }
  }

  /** Reads a PEM {@code PRIVATE KEY} (PKCS#8, Ed25519). */
  public static PrivateKey readPrivateKey(Path pem) throws IOException {
    try {
      return KeyFactory.getInstance(ALGORITHM)
          .generatePrivate(new PKCS8EncodedKeySpec(pemBody(pem, "PRIVATE KEY")));
    } catch (GeneralSecurityException e) {
      throw new IOException("expected an Ed25519 PRIVATE KEY in " + pem + ", found: " + e, e);
    }
  }

  private static byte[] pemBody(Path pem, String type) throws IOException {
    String text = Files.readString(pem, StandardCharsets.US_ASCII);
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      throw new IOException("expected a PEM '" + begin + "' block in " + pem + ", found none");
    }
    try {
      return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    } catch (IllegalArgumentException e) {
      throw new IOException("expected Base64 inside the PEM block of " + pem + ": " + e, e);
    }
  }
}
