package io.streambert.processor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.streambert.processor.config.ConfigLoader;
import io.streambert.processor.config.ProcessorConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code docker/compose.yaml} and the Dockerfiles, checked without a Docker engine: images pinned,
 * builds multi-stage and non-root, every copied and mounted file present, every {@code
 * STREAMBERT_*} variable a processor key (and the resulting configuration valid), every trainer
 * option real, ports and the health path those of the code.
 */
class ComposeStackTest {

  private static final Path ROOT = DeployedTopics.ROOT;
  private static final Path DOCKER = ROOT.resolve("docker");
  private static final List<String> DOCKERFILES =
      List.of("processor.Dockerfile", "processor-gpu.Dockerfile", "trainer.Dockerfile");
  private static final List<String> PROCESSOR_DOCKERFILES =
      List.of("processor.Dockerfile", "processor-gpu.Dockerfile");
  private static final Pattern PINNED = Pattern.compile("[\\w./-]+:v?\\d+(\\.\\d+)+[\\w.-]*");
  private static final Pattern TRAINER_OPTION =
      Pattern.compile("names\\s*=\\s*\\{?\\s*((?:\"-[\\w-]+\"\\s*,?\\s*)+)\\}?");
  private static final String DEFAULT_HTTP_PORT =
      String.valueOf(ProcessorConfig.DEFINITION.defaultValues().get(ProcessorConfig.HTTP_PORT));

  private final JsonNode compose = yaml(DOCKER.resolve("compose.yaml"));
  private final JsonNode services = compose.get("services");

  ComposeStackTest() throws IOException {}

  @Test
  void shouldBuildEveryImageInStagesFromPinnedBasesAsANonRootUser() throws IOException {
    for (String name : DOCKERFILES) {
      ParsedDockerfile file = ParsedDockerfile.read(DOCKER.resolve(name));

      assertThat(file.baseImages()).as("%s: FROM lines (multi-stage)", name).hasSizeGreaterThan(1);
      for (String image : file.baseImages()) {
        assertThat(image)
            .as("%s: base image pinned to a version tag (not latest, not bare)", name)
            .matches(PINNED);
      }
      String user = file.last("USER");
      assertThat(user).as("%s: USER", name).isNotNull().isNotIn("root", "0", "0:0");
      assertThat(file.copies())
          .as("%s: the runtime stage takes the jar from the build stage", name)
          .anySatisfy(c -> assertThat(c.from()).isIn(file.stageNames()));
    }
  }

  @Test
  void shouldCopyOnlyFilesThatExistAndTheDockerignoreKeeps() throws IOException {
    List<String> ignored = Files.readAllLines(ROOT.resolve(".dockerignore"));
    assertThat(ignored).contains("**/target/", ".git/");
    for (String name : DOCKERFILES) {
      for (ParsedDockerfile.Copy copy : ParsedDockerfile.read(DOCKER.resolve(name)).copies()) {
        if (copy.from() != null) {
          continue;
        }
        for (String source : copy.sources()) {
          assertThat(ROOT.resolve(source)).as("%s copies %s", name, source).exists();
          assertThat(source).as("%s copies build output", name).doesNotContain("target");
        }
      }
    }
  }

  @Test
  void shouldCopyEveryModuleOfTheRootPomSoTheReactorResolves() throws IOException {
    Matcher module =
        Pattern.compile("<module>([^<]+)</module>")
            .matcher(Files.readString(ROOT.resolve("pom.xml")));
    List<String> modules = new ArrayList<>();
    while (module.find()) {
      modules.add(module.group(1));
    }
    assertThat(modules).contains("schemas", "processor", "trainer", "quickstart");
    for (String name : DOCKERFILES) {
      Set<String> copied = new HashSet<>();
      for (ParsedDockerfile.Copy copy : ParsedDockerfile.read(DOCKER.resolve(name)).copies()) {
        if (copy.from() == null) {
          copy.sources().forEach(s -> copied.add(s.replaceAll("/$", "")));
        }
      }
      for (String m : modules) {
        assertThat(copied)
            .as("%s: module %s (its folder or at least its pom.xml)", name, m)
            .containsAnyOf(m, m + "/pom.xml");
      }
    }
  }

  @Test
  void shouldAskHealthOnTheProcessorsHttpPort() throws IOException {
    String endpoint =
        Files.readString(
            ROOT.resolve("processor/src/main/java/io/streambert/processor/ops/HttpEndpoint.java"));
    assertThat(endpoint).contains("createContext(\"/health\"");
    for (String name : PROCESSOR_DOCKERFILES) {
      ParsedDockerfile file = ParsedDockerfile.read(DOCKER.resolve(name));

      assertThat(file.last("EXPOSE")).as("%s EXPOSE", name).isEqualTo(DEFAULT_HTTP_PORT);
      assertThat(file.last("HEALTHCHECK"))
          .as("%s HEALTHCHECK", name)
          .contains("GET /health ")
          .contains("/dev/tcp/127.0.0.1/${STREAMBERT_HTTP_PORT:-" + DEFAULT_HTTP_PORT + "}");
      assertThat(file.last("ENTRYPOINT")).contains("/opt/streambert/streambert-processor.jar");
    }
  }

  @Test
  void shouldBuildTheGpuImageWithTheGpuProfileOnACudaRuntimeBase() throws IOException {
    ParsedDockerfile gpu = ParsedDockerfile.read(DOCKER.resolve("processor-gpu.Dockerfile"));
    List<String> images = gpu.baseImages();

    assertThat(images.get(images.size() - 1)).startsWith("nvidia/cuda:").contains("runtime");
    assertThat(gpu.all("RUN")).anySatisfy(run -> assertThat(run).contains("-Pgpu"));
    assertThat(Files.readString(ROOT.resolve("model/pom.xml"))).contains("<id>gpu</id>");
    ParsedDockerfile cpu = ParsedDockerfile.read(DOCKER.resolve("processor.Dockerfile"));
    assertThat(cpu.baseImages().get(cpu.baseImages().size() - 1)).contains("-jre");
  }

  @Test
  void shouldSetOnlyProcessorKeysAndAValidConfigurationPerReplica() throws IOException {
    Set<String> known = new HashSet<>();
    ProcessorConfig.DEFINITION.names().forEach(k -> known.add(ConfigLoader.envName(k)));
    String kafkaPrefix = ConfigLoader.envName(ProcessorConfig.KAFKA_PREFIX);
    Map<String, String> imageEnv =
        ParsedDockerfile.read(DOCKER.resolve("processor.Dockerfile")).environment();
    for (String name : PROCESSOR_DOCKERFILES) {
      ParsedDockerfile.read(DOCKER.resolve(name)).environment().keySet().stream()
          .filter(k -> k.startsWith(ConfigLoader.ENV_PREFIX))
          .forEach(k -> assertThat(k).as("%s sets %s", name, k).isIn(known));
    }
    Set<String> instanceIds = new HashSet<>();
    List<String> processors = processorServices();
    assertThat(processors).as("processor replicas").hasSizeGreaterThanOrEqualTo(2);

    for (String service : processors) {
      Map<String, String> env = new HashMap<>(imageEnv);
      env.putAll(environment(services.get(service)));
      env.keySet().stream()
          .filter(k -> k.startsWith(ConfigLoader.ENV_PREFIX) && !k.startsWith(kafkaPrefix))
          .forEach(k -> assertThat(k).as("%s sets %s", service, k).isIn(known));

      ProcessorConfig config = ConfigLoader.load(null, env);

      assertThat(instanceIds.add(config.instanceId()))
          .as("%s instance.id unique", service)
          .isTrue();
      assertThat(containerPorts(services.get(service)))
          .as("%s publishes its http.port", service)
          .containsExactly(String.valueOf(config.httpPort()));
      assertThat(advertisedListeners()).contains(config.bootstrapServers());
      URI registry = URI.create(config.schemaRegistryUrl());
      assertThat(services.has(registry.getHost())).as("registry service %s", registry).isTrue();
      assertThat(environment(services.get(registry.getHost())).get("SCHEMA_REGISTRY_LISTENERS"))
          .endsWith(":" + registry.getPort());
    }
  }

  @Test
  void shouldPublishTheFirstModelToAStoreTheProcessorsTrustAndMount() throws IOException {
    for (JsonNode stack : List.of(services, withRealDataOverride())) {
      JsonNode trainer = stack.get("trainer");
      Map<String, String> publish = options(stack.get("publish-first-model"));
      Map<String, String> train = options(trainer);
      String store = publish.get("--store");

      assertThat(command(trainer).get(0)).isIn("demo", "finetune");
      assertThat(command(stack.get("publish-first-model")).get(0)).isEqualTo("publish");
      String version = train.get("--model-version");
      String run =
          command(trainer).get(0).equals("demo")
              ? train.get("--output") + "/run-" + version // DemoCommand's run folder
              : train.get("--output");
      assertThat(publish.get("--bundle"))
          .as("%s writes the bundle that is published", command(trainer).get(0))
          .isEqualTo(run + "/bundle-" + version);
      assertThat(store).startsWith("file:///");
      String storePath = URI.create(store).getPath().replaceAll("/$", "");
      assertThat(mountTargets(stack.get("publish-first-model"))).contains(storePath);
      for (String service : processorServices()) {
        Map<String, String> env = environment(stack.get(service));
        assertThat(env.get(ConfigLoader.envName(ProcessorConfig.MODEL_STORE_TRUSTED_PREFIXES)))
            .as("%s trusts the store", service)
            .isEqualTo(store);
        assertThat(mountTargets(stack.get(service))).contains(storePath);
      }
      assertThat(publish.get("--bootstrap-servers")).isIn(advertisedListeners());
    }
  }

  @Test
  void shouldTrainTheDemoModelByDefaultAndRealDataOnlyWithTheOverride() throws IOException {
    assertThat(command(services.get("trainer")).get(0)).isEqualTo("demo");
    assertThat(mountTargets(services.get("trainer"))).doesNotContain("/data");
    JsonNode real = withRealDataOverride().get("trainer");
    assertThat(command(real).get(0)).isEqualTo("finetune");
    assertThat(options(real).values()).anyMatch(v -> v.startsWith("/data/"));
    assertThat(mountTargets(real)).contains("/data");
  }

  @Test
  void shouldPassTheTrainerOnlyOptionsItsCommandsDeclare() throws IOException {
    for (JsonNode stack : List.of(services, withRealDataOverride())) {
      for (String service : List.of("trainer", "publish-first-model")) {
        JsonNode node = stack.get(service);
        assertThat(node.get("build").get("dockerfile").asText())
            .isEqualTo("docker/trainer.Dockerfile");
        Set<String> declared = trainerOptions(command(node).get(0));
        for (String option : options(node).keySet()) {
          assertThat(option)
              .as("%s: option of 'trainer %s'", service, command(node).get(0))
              .isIn(declared);
        }
        assertThat(environment(node).keySet())
            .as("%s: the trainer reads no STREAMBERT_* variables", service)
            .noneMatch(k -> k.startsWith(ConfigLoader.ENV_PREFIX));
      }
    }
  }

  /**
   * The services with {@code compose.real-data.yaml} applied as Compose merges an override: a
   * service's {@code command} replaced, its {@code volumes} merged by container path.
   */
  private JsonNode withRealDataOverride() throws IOException {
    ObjectNode merged = services.deepCopy();
    JsonNode override = yaml(DOCKER.resolve("compose.real-data.yaml")).get("services");
    for (Map.Entry<String, JsonNode> e : entries(override)) {
      assertThat(services.has(e.getKey())).as("override of service %s", e.getKey()).isTrue();
      ObjectNode service = (ObjectNode) merged.get(e.getKey());
      if (e.getValue().has("command")) {
        service.set("command", e.getValue().get("command"));
      }
      if (e.getValue().has("volumes")) {
        ArrayNode volumes = service.withArray("volumes");
        e.getValue().get("volumes").forEach(volumes::add);
      }
    }
    return merged;
  }

  @Test
  void shouldMountAndBuildOnlyWhatExistsAndScrapeEveryReplica() throws IOException {
    Set<String> volumes = new HashSet<>();
    compose.path("volumes").fieldNames().forEachRemaining(volumes::add);
    for (Map.Entry<String, JsonNode> service : entries(services)) {
      JsonNode build = service.getValue().get("build");
      if (build != null) {
        Path context = DOCKER.resolve(build.get("context").asText()).normalize();
        assertThat(context).isEqualTo(ROOT);
        assertThat(context.resolve(build.get("dockerfile").asText())).exists();
      }
      for (JsonNode mount : service.getValue().path("volumes")) {
        String source = mount.asText().split(":")[0];
        if (source.startsWith("${")) {
          continue; // operator-supplied path (documented in the compose file's header)
        }
        if (source.startsWith(".")) {
          assertThat(DOCKER.resolve(source)).as("%s mounts %s", service.getKey(), source).exists();
        } else {
          assertThat(volumes).as("%s: named volume %s", service.getKey(), source).contains(source);
        }
      }
    }
    assertThat(services.get("kafka").get("image").asText())
        .startsWith("apache/kafka:")
        .matches(PINNED);
    assertThat(services.get("schema-registry").get("image").asText())
        .startsWith("confluentinc/cp-schema-registry:")
        .matches(PINNED);
    JsonNode prometheus = yaml(DOCKER.resolve("prometheus.yml"));
    List<String> targets = new ArrayList<>();
    for (JsonNode target : prometheus.at("/scrape_configs/0/static_configs/0/targets")) {
      targets.add(target.asText());
    }
    List<String> expected = new ArrayList<>();
    for (String service : processorServices()) {
      expected.add(service + ":" + containerPorts(services.get(service)).get(0));
    }
    assertThat(targets).containsExactlyInAnyOrderElementsOf(expected);
    JsonNode provider = yaml(DOCKER.resolve("grafana/provisioning/dashboards/streambert.yml"));
    assertThat(mountTargets(services.get("grafana")))
        .contains(provider.at("/providers/0/options/path").asText());
    assertThat(ROOT.resolve("ops/dashboards/streambert-processor.json")).exists();
  }

  private List<String> processorServices() {
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : entries(services)) {
      JsonNode build = e.getValue().get("build");
      if (build != null && build.get("dockerfile").asText().startsWith("docker/processor")) {
        names.add(e.getKey());
      }
    }
    return names;
  }

  private List<String> advertisedListeners() {
    List<String> hostPorts = new ArrayList<>();
    for (String listener :
        environment(services.get("kafka")).get("KAFKA_ADVERTISED_LISTENERS").split(",")) {
      hostPorts.add(listener.substring(listener.indexOf("://") + 3));
    }
    return hostPorts;
  }

  private static Map<String, String> environment(JsonNode service) {
    Map<String, String> env = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : entries(service.path("environment"))) {
      env.put(e.getKey(), e.getValue().asText());
    }
    return env;
  }

  private static List<String> command(JsonNode service) {
    List<String> args = new ArrayList<>();
    service.path("command").forEach(a -> args.add(a.asText()));
    return args;
  }

  /** The {@code --name=value} arguments of a service's command. */
  private static Map<String, String> options(JsonNode service) {
    Map<String, String> options = new LinkedHashMap<>();
    for (String arg : command(service)) {
      if (arg.startsWith("--")) {
        int eq = arg.indexOf('=');
        options.put(eq < 0 ? arg : arg.substring(0, eq), eq < 0 ? "" : arg.substring(eq + 1));
      }
    }
    return options;
  }

  private static List<String> containerPorts(JsonNode service) {
    List<String> ports = new ArrayList<>();
    for (JsonNode port : service.path("ports")) {
      String[] parts = port.asText().split(":");
      ports.add(parts[parts.length - 1]);
    }
    return ports;
  }

  private static List<String> mountTargets(JsonNode service) {
    List<String> targets = new ArrayList<>();
    for (JsonNode mount : service.path("volumes")) {
      targets.add(mount.asText().replaceFirst("^\\$\\{[^}]*}", "x").split(":")[1]);
    }
    return targets;
  }

  /**
   * The options of the trainer command {@code name}, read from its source: the command class
   * ({@code @Command(name = "...")}) and the classes it mixes in.
   */
  private static Set<String> trainerOptions(String name) throws IOException {
    Path cli = ROOT.resolve("trainer/src/main/java/io/streambert/trainer/cli");
    String source;
    try (Stream<Path> files = Files.list(cli)) {
      source =
          files
              .map(ComposeStackTest::readQuietly)
              .filter(s -> s.contains("@Command(\n    name = \"" + name + "\""))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no trainer command named " + name));
    }
    StringBuilder all = new StringBuilder(source);
    Matcher mixins = Pattern.compile("@Mixin\\s+(\\w+)").matcher(source);
    while (mixins.find()) {
      all.append(Files.readString(cli.resolve(mixins.group(1) + ".java")));
    }
    Set<String> options = new HashSet<>();
    Matcher m = TRAINER_OPTION.matcher(all);
    while (m.find()) {
      for (String option : m.group(1).split(",")) {
        options.add(option.strip().replace("\"", ""));
      }
    }
    return options;
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<Map.Entry<String, JsonNode>> entries(JsonNode node) {
    List<Map.Entry<String, JsonNode>> list = new ArrayList<>();
    node.fields().forEachRemaining(list::add);
    return list;
  }

  private static JsonNode yaml(Path file) throws IOException {
    return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
  }
}
