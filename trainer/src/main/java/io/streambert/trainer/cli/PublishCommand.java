package io.streambert.trainer.cli;

import io.streambert.model.bundle.BundleBuilder;
import io.streambert.model.bundle.ManifestSignature;
import io.streambert.model.bundle.ModelBundle;
import io.streambert.trainer.files.Folders;
import io.streambert.trainer.publish.BundleStore;
import io.streambert.trainer.publish.BundleStores;
import io.streambert.trainer.publish.GoldenCheck;
import io.streambert.trainer.publish.HttpBundleStore;
import io.streambert.trainer.publish.ModelVersion;
import io.streambert.trainer.publish.PublishRefusedException;
import io.streambert.trainer.publish.PublishResult;
import io.streambert.trainer.publish.ReleasePublisher;
import io.streambert.trainer.publish.ReleaseSpec;
import io.streambert.trainer.publish.ReleaseTarget;
import io.streambert.trainer.publish.ReleaseTopic;
import io.streambert.trainer.publish.ServedBundleStore;
import io.streambert.trainer.publish.StoredBundle;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code publish}: store a bundle under a new version and announce it on the release topic. */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Verify a bundle (checksums, graph, golden examples reproduced on ONNX Runtime), copy it to the bundle store under its manifest's model version (new"
          + " versions only, never overwritten), and produce a ModelRelease record to the compacted"
          + " release topic. Processors do not follow that topic yet: point a processor's"
          + " model.bundle.path at the stored zip to serve it.",
      "With --announce-only, announce a version already in the store instead (a retry after a"
          + " failed produce, or a rollback)."
    })
public final class PublishCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ArgGroup(multiplicity = "1")
  What what;

  /** Exactly one of: a bundle to publish, or a stored version to announce. */
  static final class What {
    @Option(
        names = "--bundle",
        paramLabel = "PATH",
        description = "The bundle to publish: a .zip (as export writes it) or a bundle folder.")
    Path bundle;

    @Option(
        names = "--announce-only",
        paramLabel = "VERSION",
        description = "Announce this version, already in the store, without storing anything.")
    String announceVersion;
  }

  @Option(
      names = "--store",
      required = true,
      paramLabel = "URI",
      description =
          "Bundle store: a file: URI or folder, or the http(s) URL of a folder on a server that"
              + " accepts PUT (credentials: the URL's user info, or an Authorization value in "
              + BundleStores.AUTHORIZATION_ENV
              + ").")
  String store;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT,...",
      description = "Kafka brokers (or bootstrap.servers in --client-config).")
  String bootstrapServers;

  @Option(
      names = "--registry-url",
      paramLabel = "URL",
      description = "Schema registry (or schema.registry.url in --client-config).")
  String registryUrl;

  @Option(
      names = "--client-config",
      paramLabel = "FILE",
      description =
          "Properties for the Kafka clients and the registry client (security, credentials;"
              + " Confluent key names).")
  Path clientConfig;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      defaultValue = ReleaseTopic.DEFAULT_NAME,
      description = "Compacted release topic, created if missing. Default: ${DEFAULT-VALUE}.")
  String topic;

  @Option(
      names = "--target-instance",
      paramLabel = "ID",
      description =
          "Only these processor instances load the release (repeatable; a canary). The record key"
              + " is instances:<sorted ids>, so the release for all stays on the topic. Default:"
              + " all.")
  List<String> targetInstances;

  @Option(
      names = "--target-fraction",
      paramLabel = "F",
      description =
          "Only this share (0 < F <= 1) of processor instances loads the release, the same"
              + " instances every time (chosen from the SHA-256 of each instance id). Key"
              + " fraction:<F>. Not with --target-instance.")
  Double targetFraction;

  @Option(
      names = "--serve-url",
      paramLabel = "URL",
      description =
          "http(s) URL at which a static file server serves the --store folder; releases then"
              + " name <URL><version>.zip, so processors fetch over HTTP. Default: the file: URI.")
  URI serveUrl;

  @Option(
      names = "--signing-key",
      paramLabel = "PEM",
      description =
          "Ed25519 private key (openssl genpkey -algorithm ed25519): signs the manifest into"
              + " manifest.json.sig before storing, for processors with"
              + " model.store.trusted.public.key set.")
  Path signingKey;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "PT30S",
      description = "How long broker calls may take (ISO-8601). Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  private final ReleaseClients clients;

  /** A command talking to a real Kafka cluster and registry. */
  public PublishCommand() {
    this(new KafkaReleaseClients());
  }

  /** A command using the given clients (tests). */
  PublishCommand(ReleaseClients clients) {
    this.clients = clients;
  }

  /**
   * Runs the publish.
   *
   * @throws IOException when the bundle cannot be read (a {@code BundleException} says why)
   */
  @Override
  public Integer call() throws IOException {
    ReleaseTarget target = target();
    BundleStore bundles = BundleStores.open(store);
    BundleStore announced = announcedStore(bundles);
    Map<String, Object> config = clientConfig();
    PrintWriter out = spec.commandLine().getOut();
    if (what.announceVersion != null) {
      if (signingKey != null) {
        throw new ParameterException(
            spec.commandLine(),
            "expected --signing-key only with --bundle (a stored bundle keeps the signature it was"
                + " published with), found it with --announce-only");
      }
      ModelVersion version = ModelVersion.parse(what.announceVersion);
      StoredBundle stored =
          bundles
              .find(version)
              .orElseThrow(
                  () ->
                      new PublishRefusedException(
                          "expected version "
                              + version
                              + " in the bundle store "
                              + bundles.location()
                              + ", found "
                              + bundles.list().stream().map(StoredBundle::version).toList()));
      ReleaseSpec releaseSpec = manifestOfStored(bundles, stored);
      try (ReleaseClients.Opened opened = clients.open(config, timeout)) {
        report(out, "announced", publisher(announced, opened).announce(releaseSpec, target));
      }
      return ExitCodes.OK;
    }
    Path zip = what.bundle;
    ReleaseSpec releaseSpec;
    if (signingKey != null) {
      PrivateKey key = ManifestSignature.readPrivateKey(signingKey);
      ModelBundle opened = ModelBundle.open(what.bundle);
      Path signedDir = Files.createTempDirectory("streambert-signed-");
      try {
        releaseSpec = ReleaseSpec.of(opened.manifest());
        bundles.requirePublishable(releaseSpec.modelVersion()); // before the slow parts
        GoldenCheck.require(opened);
        copyBundleFiles(opened, signedDir);
        ManifestSignature.sign(signedDir, key);
        zip = ModelBundle.open(signedDir).zip(Files.createTempFile("streambert-bundle-", ".zip"));
      } finally {
        Folders.deleteRecursively(signedDir);
        ExtractedBundles.cleanUp(opened, what.bundle);
      }
    } else if (Files.isDirectory(what.bundle)) {
      ModelBundle folder = ModelBundle.open(what.bundle);
      releaseSpec = ReleaseSpec.of(folder.manifest());
      bundles.requirePublishable(releaseSpec.modelVersion()); // before the slow parts
      GoldenCheck.require(folder);
      zip = Files.createTempFile("streambert-bundle-", ".zip");
      folder.zip(zip);
    } else {
      releaseSpec = manifestOf(zip);
    }
    try (ReleaseClients.Opened opened = clients.open(config, timeout)) {
      report(out, "published", publisher(announced, opened).publish(zip, releaseSpec, target));
    } finally {
      if (!zip.equals(what.bundle)) {
        Files.deleteIfExists(zip);
      }
    }
    return ExitCodes.OK;
  }

  private ReleaseTarget target() {
    try {
      if (targetInstances != null && targetFraction != null) {
        throw new IllegalArgumentException(
            "expected --target-instance or --target-fraction, found both");
      }
      if (targetInstances != null) {
        return ReleaseTarget.instances(targetInstances);
      }
      return targetFraction == null ? ReleaseTarget.all() : ReleaseTarget.fraction(targetFraction);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** Copies the manifest and the files it lists (nothing else) into {@code dir}. */
  private static void copyBundleFiles(ModelBundle bundle, Path dir) throws IOException {
    Files.copy(
        bundle.directory().resolve(BundleBuilder.MANIFEST_FILE),
        dir.resolve(BundleBuilder.MANIFEST_FILE));
    for (String file : bundle.manifest().files().keySet()) {
      Path target = dir.resolve(file);
      Files.createDirectories(target.getParent());
      Files.copy(bundle.directory().resolve(file), target);
    }
  }

  /** Opens (and so verifies) a bundle zip, then removes the copy it was extracted to. */
  private static ReleaseSpec manifestOf(Path zip) throws IOException {
    ModelBundle bundle = ModelBundle.open(zip);
    try {
      GoldenCheck.require(bundle);
      return ReleaseSpec.of(bundle.manifest());
    } finally {
      ExtractedBundles.cleanUp(bundle, zip);
    }
  }

  /** The manifest of a stored bundle, downloaded first (and its SHA-256 checked) when remote. */
  private static ReleaseSpec manifestOfStored(BundleStore bundles, StoredBundle stored)
      throws IOException {
    if (!(bundles instanceof HttpBundleStore http)) {
      return manifestOf(Path.of(stored.uri()));
    }
    Path copy = Files.createTempFile("streambert-stored-", ".zip");
    try {
      return manifestOf(http.download(stored, copy));
    } finally {
      Files.deleteIfExists(copy);
    }
  }

  /** The store as releases name it: the file store, or its URL when served over HTTP. */
  private BundleStore announcedStore(BundleStore bundles) {
    if (serveUrl != null && bundles instanceof HttpBundleStore) {
      throw new ParameterException(
          spec.commandLine(),
          "expected --serve-url only with a file store (releases name an http(s) store's own"
              + " URLs), found it with --store "
              + bundles.location());
    }
    try {
      return serveUrl == null ? bundles : new ServedBundleStore(bundles, serveUrl);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private ReleasePublisher publisher(BundleStore announced, ReleaseClients.Opened opened) {
    return new ReleasePublisher(
        announced, opened.topic(), opened.producer(), topic, Clock.systemUTC(), timeout);
  }

  private void report(PrintWriter out, String what, PublishResult r) {
    out.printf(
        "%s %s%n  bundle  %s%n  sha256  %s%n  record  %s-%d@%d (key %s)%n",
        what,
        r.release().getModelVersion(),
        r.stored().uri(),
        r.stored().sha256(),
        r.topic(),
        r.partition(),
        r.offset(),
        r.release().getTargetKey());
    out.flush();
  }

  private Map<String, Object> clientConfig() throws IOException {
    return ClientConfigs.load(spec.commandLine(), clientConfig, bootstrapServers, registryUrl);
  }
}
