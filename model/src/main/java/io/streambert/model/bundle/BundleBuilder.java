package io.streambert.model.bundle;

import ai.onnx.proto.OnnxMl;
import io.streambert.model.onnx.EncoderWeights;
import io.streambert.model.onnx.OnnxModels;
import io.streambert.model.onnx.WeightNames;
import io.streambert.model.onnx.WeightTensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Turns an encoder ONNX graph into a model bundle: optionally replaces the encoder's weights with
 * fine-tuned values, appends a sentence head, a token head or both, and writes {@code model.onnx},
 * {@code tokenizer.json} and {@code manifest.json}.
 *
 * <p>With both heads, one forward pass of the encoder serves both tasks (two outputs).
 */
public final class BundleBuilder {

  /** The files every bundle holds. */
  public static final String MODEL_FILE = "model.onnx";

  public static final String TOKENIZER_FILE = "tokenizer.json";
  public static final String MANIFEST_FILE = "manifest.json";

  private final OnnxMl.ModelProto encoder;
  private final byte[] tokenizer;
  private final String baseEncoder;
  private final boolean lowerCase;
  private Map<String, WeightTensor> encoderWeights = Map.of();
  private List<String> sentenceLabels;
  private HeadWeights sentenceHead;
  private List<String> tokenTags;
  private HeadWeights tokenHead;
  private TagDecoding tokenDecoding = TagDecoding.GREEDY;
  private WeightTensor caseEmbeddings;
  private String modelVersion = "0";
  private int maxSequenceLength = 128;
  private int windowStride = 32;
  private Map<String, Double> metrics = Map.of();
  private List<BundleManifest.GoldenExample> goldenExamples = List.of();
  private Instant createdAt;

  private BundleBuilder(
      OnnxMl.ModelProto encoder, byte[] tokenizer, String baseEncoder, boolean lowerCase) {
    this.encoder = encoder;
    this.tokenizer = tokenizer;
    this.baseEncoder = baseEncoder;
    this.lowerCase = lowerCase;
  }

  /** Starts from a pretrained encoder on the classpath. */
  public static BundleBuilder fromEncoder(PretrainedEncoder encoder) throws IOException {
    try (InputStream onnx = encoder.openOnnx();
        InputStream tok = encoder.openTokenizer()) {
      return new BundleBuilder(
          OnnxModels.read(onnx), tok.readAllBytes(), encoder.name(), encoder.lowerCase());
    }
  }

  /** Starts from an encoder graph and tokenizer on disk. */
  public static BundleBuilder fromFiles(Path onnx, Path tokenizer, String baseEncoder)
      throws IOException {
    return new BundleBuilder(
        OnnxModels.read(onnx), Files.readAllBytes(tokenizer), baseEncoder, true);
  }

  /** The encoder's weights as they are in the graph now (before any replacement). */
  public EncoderWeights pretrainedWeights() {
    return EncoderWeights.of(encoder);
  }

  /**
   * Fine-tuned encoder weights (Hugging Face names, torch layout) that replace the graph's
   * initializers; names not given keep their pretrained values.
   */
  public BundleBuilder encoderWeights(Map<String, WeightTensor> weights) {
    this.encoderWeights = Map.copyOf(weights);
    return this;
  }

  /** Adds a sentence-classification head ("sentiment"). */
  public BundleBuilder sentenceHead(List<String> labels, HeadWeights weights) {
    checkHead("sentiment", labels, weights);
    this.sentenceLabels = List.copyOf(labels);
    this.sentenceHead = weights;
    return this;
  }

  /** Adds a token-classification head ("entities") over BIO tags. */
  public BundleBuilder tokenHead(List<String> tags, HeadWeights weights) {
    checkHead("entities", tags, weights);
    if (!tags.contains("O")) {
      throw new IllegalArgumentException("expected BIO tags including \"O\", found " + tags);
    }
    this.tokenTags = List.copyOf(tags);
    this.tokenHead = weights;
    return this;
  }

  /**
   * Makes the bundle case-aware: the graph takes a {@code case_ids} input and adds the rows of this
   * table ({@code [CaseClass.COUNT, hidden]}) to the word embeddings; the manifest declares the
   * input. Without it the bundle has BERT's inputs only.
   */
  public BundleBuilder caseEmbeddings(WeightTensor table) {
    this.caseEmbeddings = Objects.requireNonNull(table, "table");
    return this;
  }

  /**
   * How serving chooses the token head's tags (default {@link TagDecoding#GREEDY}); {@link
   * TagDecoding#BIO_VITERBI} needs BIO tags.
   */
  public BundleBuilder tokenDecoding(TagDecoding decoding) {
    this.tokenDecoding = Objects.requireNonNull(decoding, "decoding");
    return this;
  }

  public BundleBuilder modelVersion(String version) {
    this.modelVersion = Objects.requireNonNull(version, "version");
    return this;
  }

  public BundleBuilder maxSequenceLength(int tokens) {
    this.maxSequenceLength = tokens;
    return this;
  }

  public BundleBuilder windowStride(int tokens) {
    this.windowStride = tokens;
    return this;
  }

  public BundleBuilder metrics(Map<String, Double> metrics) {
    this.metrics = Map.copyOf(metrics);
    return this;
  }

  public BundleBuilder goldenExamples(List<BundleManifest.GoldenExample> examples) {
    this.goldenExamples = List.copyOf(examples);
    return this;
  }

  public BundleBuilder createdAt(Instant createdAt) {
    this.createdAt = createdAt;
    return this;
  }

  /**
   * Writes the bundle into {@code dir} (created; must not hold a bundle yet) and opens it, so the
   * result has passed every load-time check.
   */
  public ModelBundle writeTo(Path dir) throws IOException {
    if (sentenceHead == null && tokenHead == null) {
      throw new IllegalStateException("expected at least one task head, found none");
    }
    if (tokenHead != null && !tokenDecoding.accepts(tokenTags)) {
      throw new IllegalStateException(
          "expected BIO tags for " + tokenDecoding + " decoding, found " + tokenTags);
    }
    if (Files.exists(dir.resolve(MANIFEST_FILE))) {
      throw new BundleException("expected an empty bundle folder, found a bundle in " + dir);
    }
    Files.createDirectories(dir);
    OnnxMl.ModelProto model = buildGraph();
    Path onnx = dir.resolve(MODEL_FILE);
    Path tmp = dir.resolve(MODEL_FILE + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      model.writeTo(out);
    }
    Files.move(tmp, onnx, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.write(dir.resolve(TOKENIZER_FILE), tokenizer);

    Map<String, TaskSpec> tasks = new LinkedHashMap<>();
    if (sentenceHead != null) {
      tasks.put(
          BundleManifest.SENTIMENT,
          new TaskSpec(
              TaskKind.SENTENCE_CLASSIFICATION, sentenceLabels, HeadGraph.SENTENCE_OUTPUT));
    }
    if (tokenHead != null) {
      tasks.put(
          BundleManifest.ENTITIES,
          new TaskSpec(
              TaskKind.TOKEN_CLASSIFICATION, tokenTags, HeadGraph.TOKEN_OUTPUT, tokenDecoding));
    }
    Map<String, String> files = new LinkedHashMap<>();
    files.put(MODEL_FILE, Checksums.sha256(onnx));
    files.put(TOKENIZER_FILE, Checksums.sha256(dir.resolve(TOKENIZER_FILE)));
    BundleManifest manifest =
        new BundleManifest(
            BundleManifest.FORMAT_VERSION,
            modelVersion,
            baseEncoder,
            tasks,
            maxSequenceLength,
            windowStride,
            lowerCase,
            caseEmbeddings != null
                ? BundleManifest.OnnxInputs.bertWithCase()
                : BundleManifest.OnnxInputs.bert(),
            files,
            metrics,
            goldenExamples,
            createdAt != null ? createdAt : Instant.now());
    ManifestJson.write(manifest, dir.resolve(MANIFEST_FILE));
    return ModelBundle.open(dir);
  }

  private OnnxMl.ModelProto buildGraph() {
    OnnxMl.ModelProto.Builder model = encoder.toBuilder();
    OnnxMl.GraphProto.Builder g = model.getGraphBuilder();
    replaceWeights(g);
    BiasAddOrder.biasSecond(g);
    List<String> outputs = OnnxModels.outputNames(g.build());
    String hidden = outputs.contains("last_hidden_state") ? "last_hidden_state" : outputs.get(0);
    int width = hiddenSize(g);
    ResidualShapes.declare(g, width);
    for (HeadWeights h : new HeadWeights[] {sentenceHead, tokenHead}) {
      if (h != null && h.hidden() != width) {
        throw new IllegalArgumentException(
            "expected head weights of width "
                + width
                + " (the encoder's hidden size), found "
                + h.hidden());
      }
    }
    if (caseEmbeddings != null) {
      CaseEmbeddingGraph.add(g, caseEmbeddings, width);
    }
    if (sentenceHead != null) {
      HeadGraph.addSentenceHead(g, hidden, sentenceHead);
    }
    if (tokenHead != null) {
      HeadGraph.addTokenHead(g, hidden, tokenHead);
    }
    model.setDocString("streambert model " + modelVersion + " from " + baseEncoder);
    model.addMetadataProps(
        OnnxMl.StringStringEntryProto.newBuilder()
            .setKey("streambert.model_version")
            .setValue(modelVersion));
    return model.build();
  }

  private void replaceWeights(OnnxMl.GraphProto.Builder g) {
    if (encoderWeights.isEmpty()) {
      return;
    }
    Map<String, WeightNames.Ref> refs = WeightNames.map(g.build());
    Map<String, Integer> index = new LinkedHashMap<>();
    for (int i = 0; i < g.getInitializerCount(); i++) {
      index.put(g.getInitializer(i).getName(), i);
    }
    for (WeightTensor w : encoderWeights.values()) {
      WeightNames.Ref ref = refs.get(w.name());
      if (ref == null) {
        throw new IllegalArgumentException(
            "expected encoder weight names from the graph, found unknown '"
                + w.name()
                + "'; known: "
                + new TreeSet<>(refs.keySet()));
      }
      int i = index.get(ref.initializer());
      OnnxMl.TensorProto old = g.getInitializer(i);
      WeightTensor stored = ref.transposed() ? w.transposed() : w;
      long[] dims = old.getDimsList().stream().mapToLong(Long::longValue).toArray();
      if (!Arrays.equals(dims, stored.shape())) {
        throw new IllegalArgumentException(
            "weight "
                + w.name()
                + ": expected shape "
                + Arrays.toString(ref.transposed() ? reverse(dims) : dims)
                + ", found "
                + Arrays.toString(w.shape()));
      }
      g.setInitializer(i, OnnxModels.floatTensor(old.getName(), dims, stored.values()));
    }
  }

  private static int hiddenSize(OnnxMl.GraphProto.Builder g) {
    for (OnnxMl.TensorProto t : g.getInitializerList()) {
      if (t.getName().equals("embeddings.word_embeddings.weight") && t.getDimsCount() == 2) {
        return (int) t.getDims(1);
      }
    }
    throw new IllegalArgumentException(
        "expected a BERT encoder with embeddings.word_embeddings.weight, found none");
  }

  private static long[] reverse(long[] dims) {
    long[] r = new long[dims.length];
    for (int i = 0; i < dims.length; i++) {
      r[i] = dims[dims.length - 1 - i];
    }
    return r;
  }

  private void checkHead(String task, List<String> labels, HeadWeights weights) {
    if (labels.size() != weights.labels()) {
      throw new IllegalArgumentException(
          task
              + " head: expected weights for "
              + labels.size()
              + " labels "
              + labels
              + ", found "
              + weights.labels());
    }
    if (labels.stream().distinct().count() != labels.size()) {
      throw new IllegalArgumentException(task + " head: expected distinct labels, found " + labels);
    }
  }
}
