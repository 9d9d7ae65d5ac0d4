package io.streambert.processor.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Adds a SASL_SSL listener (SCRAM-SHA-512 over TLS) and the {@code StandardAuthorizer} to a test
 * broker's KRaft configuration.
 *
 * <p>The broker's certificate is self-signed for 127.0.0.1 by the JDK's {@code keytool}; the plain
 * and controller listeners stay unauthenticated and their principal ({@code User:ANONYMOUS}) is a
 * super user, so the broker, its controller and the tests' own clients need no ACLs.
 */
final class SecureBrokerConfig {

  private SecureBrokerConfig() {}

  /** Appends the listener to {@code serverProperties} and returns how clients reach it. */
  static KafkaBroker.SecureListener addSaslSslListener(
      Path serverProperties, Path directory, int port) throws IOException {
    String password = UUID.randomUUID().toString();
    Path keystore = directory.resolve("broker.p12");
    Path certificate = directory.resolve("broker.crt");
    Path truststore = directory.resolve("truststore.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "broker",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-dname",
        "CN=127.0.0.1",
        "-ext",
        "SAN=ip:127.0.0.1",
        "-validity",
        "2",
        "-keystore",
        keystore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        password,
        "-keypass",
        password);
    keytool(
        "-exportcert",
        "-alias",
        "broker",
        "-keystore",
        keystore.toString(),
        "-storepass",
        password,
        "-file",
        certificate.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "broker",
        "-file",
        certificate.toString(),
        "-keystore",
        truststore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        password);

    Properties p = new Properties();
    try (var in = Files.newBufferedReader(serverProperties, StandardCharsets.UTF_8)) {
      p.load(in);
    }
    String listener = "SASL_SSL://127.0.0.1:" + port;
    p.setProperty("listeners", p.getProperty("listeners") + "," + listener);
    p.setProperty("advertised.listeners", p.getProperty("advertised.listeners") + "," + listener);
    p.setProperty(
        "listener.security.protocol.map",
        p.getProperty("listener.security.protocol.map") + ",SASL_SSL:SASL_SSL");
    p.setProperty("sasl.enabled.mechanisms", "SCRAM-SHA-512");
    p.setProperty(
        "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    p.setProperty("ssl.keystore.location", keystore.toString());
    p.setProperty("ssl.keystore.password", password);
    p.setProperty("ssl.key.password", password);
    p.setProperty("ssl.keystore.type", "PKCS12");
    p.setProperty(
        "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    p.setProperty("super.users", "User:ANONYMOUS");
    p.setProperty("allow.everyone.if.no.acl.found", "false");
    try (var out = Files.newBufferedWriter(serverProperties, StandardCharsets.UTF_8)) {
      p.store(out, "streambert single-node KRaft broker for tests, with a SASL_SSL listener");
    }
    return new KafkaBroker.SecureListener("127.0.0.1:" + port, truststore, password);
  }

  private static void keytool(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException(
            "expected keytool "
                + args[0]
                + " to succeed, found: "
                + new String(output, StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running keytool", e);
    }
  }
}
