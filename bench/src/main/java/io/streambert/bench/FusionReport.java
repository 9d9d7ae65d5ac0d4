package io.streambert.bench;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.streambert.model.onnx.OnnxModels;
import io.streambert.model.onnx.OptimizedGraph;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Which fusions ONNX Runtime applies on the CPU to each graph: node types of the graph as exported
 * and after the EXTENDED and ALL optimization levels, side by side, the fused transformer operators
 * first.
 */
final class FusionReport {

  /** The operators ONNX Runtime's transformer fusions produce, and the plain ones they replace. */
  private static final List<String> KEY_OPS =
      List.of(
          "com.microsoft:Attention",
          "com.microsoft:MultiHeadAttention",
          "com.microsoft:EmbedLayerNormalization",
          "com.microsoft:SkipLayerNormalization",
          "com.microsoft:SkipSimplifiedLayerNormalization",
          "LayerNormalization",
          "com.microsoft:BiasGelu",
          "com.microsoft:FastGelu",
          "com.microsoft:Gelu",
          "com.microsoft:FusedMatMul",
          "MatMul",
          "Gemm",
          "com.microsoft:MatMulIntegerToFloat",
          "com.microsoft:DynamicQuantizeMatMul",
          "MatMulInteger",
          "DynamicQuantizeLinear",
          "Softmax",
          "Erf",
          "Transpose",
          "Reshape");

  /** One graph to inspect. */
  record Graph(String key, String name, Path onnx) {}

  private final Path workDir;

  FusionReport(Path workDir) {
    this.workDir = workDir;
  }

  /**
   * The ONNX file of {@code path}: the file itself, or the one {@code .onnx} entry of a jar (a
   * langchain4j model artifact), copied into the work folder.
   */
  Path onnxOf(String key, Path path) throws IOException {
    if (!path.toString().endsWith(".jar")) {
      return path;
    }
    try (ZipFile jar = new ZipFile(path.toFile())) {
      List<? extends ZipEntry> models =
          jar.stream().filter(e -> e.getName().endsWith(".onnx")).toList();
      if (models.size() != 1) {
        throw new IOException(
            "expected one .onnx entry in " + path + ", found " + models.size() + ": " + models);
      }
      return copy(key, jar.getInputStream(models.get(0)));
    }
  }

  /** The peer's fp32 graph, from the langchain4j artifact on the classpath. */
  Path peerOnnx() throws IOException {
    try (InputStream in = PeerEmbedding.class.getResourceAsStream("/all-minilm-l6-v2.onnx")) {
      if (in == null) {
        throw new IOException("expected all-minilm-l6-v2.onnx on the classpath, found none");
      }
      return copy("peer-fp32", in);
    }
  }

  private Path copy(String key, InputStream in) throws IOException {
    Files.createDirectories(workDir);
    Path out = workDir.resolve(key + ".onnx");
    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
    return out;
  }

  /**
   * Counts each graph's node types as exported and after EXTENDED and ALL, prints the table and
   * returns the counts by {@code key_level}.
   */
  Map<String, Map<String, Integer>> run(List<Graph> graphs) throws IOException, OrtException {
    Files.createDirectories(workDir);
    Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
    List<String> columns = new ArrayList<>();
    for (Graph g : graphs) {
      counts.put(
          g.key() + "_exported", OptimizedGraph.opCounts(OnnxModels.read(g.onnx()).getGraph()));
      for (OptLevel level : List.of(OptLevel.EXTENDED_OPT, OptLevel.ALL_OPT)) {
        String name = level == OptLevel.EXTENDED_OPT ? "extended" : "all";
        OnnxMl.GraphProto optimized =
            OptimizedGraph.optimize(
                g.onnx(), level, workDir.resolve(g.key() + "-" + name + ".onnx"));
        counts.put(g.key() + "_" + name, OptimizedGraph.opCounts(optimized));
      }
      columns.add(g.name());
    }
    print(graphs, counts);
    return counts;
  }

  private static void print(List<Graph> graphs, Map<String, Map<String, Integer>> counts) {
    Set<String> ops = new LinkedHashSet<>(KEY_OPS);
    counts.values().forEach(c -> ops.addAll(c.keySet()));
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-46s", "node type"));
    StringBuilder sub = new StringBuilder(String.format(Locale.ROOT, "%-46s", ""));
    for (Graph g : graphs) {
      header.append(String.format(Locale.ROOT, " | %-20s", g.name()));
      sub.append(String.format(Locale.ROOT, " | %6s %6s %6s", "export", "ext", "all"));
    }
    System.out.println(header);
    System.out.println(sub);
    for (String op : ops) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-46s", op));
      boolean any = false;
      for (Graph g : graphs) {
        line.append(" |");
        for (String level : List.of("exported", "extended", "all")) {
          int n = counts.get(g.key() + "_" + level).getOrDefault(op, 0);
          any |= n > 0;
          line.append(String.format(Locale.ROOT, " %6s", n == 0 ? "." : String.valueOf(n)));
        }
      }
      if (any) {
        System.out.println(line);
      }
    }
    StringBuilder total = new StringBuilder(String.format(Locale.ROOT, "%-46s", "all nodes"));
    for (Graph g : graphs) {
      total.append(" |");
      for (String level : List.of("exported", "extended", "all")) {
        int n = counts.get(g.key() + "_" + level).values().stream().mapToInt(i -> i).sum();
        total.append(String.format(Locale.ROOT, " %6d", n));
      }
    }
    System.out.println(total);
  }

  /** Writes the counts as JSON: {@code {"fp32_extended": {"com.microsoft:Attention": 6, ...}}}. */
  static void writeJson(Path json, Map<String, Map<String, Integer>> counts) throws IOException {
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), counts);
    System.out.println("wrote " + json);
  }
}
