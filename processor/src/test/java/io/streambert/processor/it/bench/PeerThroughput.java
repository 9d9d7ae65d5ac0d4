package io.streambert.processor.it.bench;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.List;

/**
 * The peer on the pipeline's texts: langchain4j's in-process all-MiniLM-L6-v2 embedding model, what
 * a Java user would otherwise embed with (embedding only: its own tokenization, no heads, no
 * Kafka), {@code embedAll} over chunks of {@link #CHUNK} texts.
 */
final class PeerThroughput {
  private static final int CHUNK = 256;

  private final AllMiniLmL6V2EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();

  /** Embeddings per second over {@code texts}, after one unmeasured chunk. */
  double measure(List<String> texts) {
    embed(texts.subList(0, Math.min(CHUNK, texts.size())));
    long start = System.nanoTime();
    int done = 0;
    for (int from = 0; from < texts.size(); from += CHUNK) {
      done += embed(texts.subList(from, Math.min(texts.size(), from + CHUNK)));
    }
    return done / ((System.nanoTime() - start) / 1e9);
  }

  private int embed(List<String> texts) {
    return model.embedAll(texts.stream().map(TextSegment::from).toList()).content().size();
  }
}
