package io.streambert.processor;

import io.streambert.model.TextModel;
import io.streambert.processor.config.ConfigDocs;
import io.streambert.processor.config.ConfigLoader;
import io.streambert.processor.config.InvalidConfigException;
import io.streambert.processor.config.ProcessorConfig;
import io.streambert.processor.ops.StreamThreadExceptionHandler;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the processor: {@code java -jar streambert-processor.jar --config processor.properties}.
 *
 * <p>Exit codes: 1 when the streams fail (or the HTTP port cannot be bound), 2 for an invalid
 * configuration, 3 when the model bundle cannot be loaded, 4 when Kafka refuses the credentials or
 * the rights. SIGTERM and Ctrl-C stop the streams gracefully from a shutdown hook.
 */
@Command(
    name = "streambert-processor",
    mixinStandardHelpOptions = true,
    versionProvider = ProcessorMain.Version.class,
    description = {
      "Kafka Streams processor: micro-batches text events, runs the bundle's model with ONNX"
          + " Runtime and writes sentiment and entity results.",
      "Every key can be overridden by an environment variable: batch.max.records ->"
          + " STREAMBERT_BATCH_MAX_RECORDS."
    })
public final class ProcessorMain implements Callable<Integer> {

  /** Exit code for a configuration that cannot be used. */
  public static final int EXIT_BAD_CONFIG = 2;

  /** Exit code for a model bundle that cannot be loaded. */
  public static final int EXIT_BAD_MODEL = 3;

  /** Exit code when the streams stop in ERROR. */
  public static final int EXIT_STREAMS_FAILED = 1;

  /** Exit code when Kafka refuses the processor's credentials (SASL, TLS) or its ACLs. */
  public static final int EXIT_KAFKA_ACCESS_REFUSED = 4;

  private static final Logger log = LoggerFactory.getLogger(ProcessorMain.class);

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description =
          "Configuration file (Java properties); see processor/README.md for the keys. Without"
              + " it, STREAMBERT_* environment variables must set every required key.")
  Path configFile;

  @Option(
      names = "--demo",
      description =
          "Serve an untrained demo bundle (MiniLM encoder, random heads) built into"
              + " <state.dir>/demo-bundle instead of model.bundle.path; for trying the pipeline.")
  boolean demo;

  @Option(
      names = "--config-table",
      description = "Print the Markdown table of configuration keys and exit.")
  boolean configTable;

  private final java.util.function.Function<ProcessorConfig, TextModel> modelLoader;

  /** A main that loads the configured bundle with ONNX Runtime. */
  public ProcessorMain() {
    this(ModelLoader::load);
  }

  ProcessorMain(java.util.function.Function<ProcessorConfig, TextModel> modelLoader) {
    this.modelLoader = modelLoader;
  }

  public static void main(String[] args) {
    System.exit(commandLine(new ProcessorMain()).execute(args));
  }

  static CommandLine commandLine(ProcessorMain main) {
    CommandLine cli = new CommandLine(main);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          if (e instanceof InvalidConfigException) {
            err.println("Invalid configuration: " + e.getMessage());
            return EXIT_BAD_CONFIG;
          }
          if (e instanceof ModelLoader.ModelLoadException) {
            err.println("Cannot load the model: " + e.getMessage());
            return EXIT_BAD_MODEL;
          }
          if (e instanceof java.io.UncheckedIOException) {
            err.println("Cannot start: " + e.getMessage() + ": " + e.getCause().getMessage());
            return EXIT_STREAMS_FAILED;
          }
          throw e;
        });
    return cli;
  }

  @Override
  public Integer call() {
    if (configTable) {
      System.out.print(ConfigDocs.markdownTable());
      return 0;
    }
    // Without --config, the environment (STREAMBERT_*) must supply every required key.
    ProcessorConfig config;
    if (demo) {
      ProcessorConfig base =
          ConfigLoader.load(
              configFile,
              System.getenv(),
              java.util.Map.of(ProcessorConfig.MODEL_BUNDLE_PATH, "(demo)"));
      Path bundle = ModelLoader.buildDemoBundle(base.stateDir().resolve("demo-bundle"));
      config =
          ConfigLoader.load(
              configFile,
              System.getenv(),
              java.util.Map.of(ProcessorConfig.MODEL_BUNDLE_PATH, bundle.toString()));
    } else {
      config = ConfigLoader.load(configFile);
    }
    // The bootstrap model serves only while no release targets the instance; without one the
    // instance waits (not ready) for a release to load.
    try (TextModel model = config.bundlePath().isPresent() ? modelLoader.apply(config) : null) {
      return run(config, model);
    }
  }

  private int run(ProcessorConfig config, TextModel model) {
    StreambertApp app = StreambertApp.create(config, model);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              log.info("Shutdown requested; stopping the stream threads");
              app.close();
              stopped.countDown();
            },
            "streambert-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    app.start();
    try {
      while (!stopped.await(500, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        if (app.state() == KafkaStreams.State.ERROR) {
          app.close();
          return exitCodeOfFailure(app.failure().orElse(null));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /**
   * Says why the streams stopped and returns the exit code: {@value #EXIT_KAFKA_ACCESS_REFUSED}
   * when Kafka refused the credentials or the rights, {@value #EXIT_STREAMS_FAILED} otherwise.
   */
  static int exitCodeOfFailure(Throwable failure) {
    var refusal = StreamThreadExceptionHandler.accessRefusal(failure);
    if (refusal.isPresent()) {
      String message =
          "Kafka refused the processor's "
              + (refusal.get() instanceof org.apache.kafka.common.errors.AuthenticationException
                  ? "credentials"
                  : "rights")
              + ": "
              + refusal.get().getClass().getSimpleName()
              + ": "
              + refusal.get().getMessage()
              + ". Expected: kafka.security.protocol, kafka.sasl.mechanism and"
              + " kafka.sasl.jaas.config (or STREAMBERT_KAFKA_SASL_JAAS_CONFIG) naming a user the"
              + " brokers know, with ACLs to read the input topic, write the output topics, use"
              + " the group, the internal topics and the transactional ids prefixed with"
              + " application.id (processor/README.md, Security). Exiting with code "
              + EXIT_KAFKA_ACCESS_REFUSED
              + ".";
      log.error(message);
      System.err.println(message);
      return EXIT_KAFKA_ACCESS_REFUSED;
    }
    log.error("Kafka Streams stopped in ERROR; exiting with code {}", EXIT_STREAMS_FAILED);
    return EXIT_STREAMS_FAILED;
  }

  /** Reports the implementation version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = ProcessorMain.class.getPackage().getImplementationVersion();
      return new String[] {"streambert-processor " + (v == null ? "(development build)" : v)};
    }
  }
}
