package io.streambert.bench;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.List;

/**
 * The peer: langchain4j's in-process all-MiniLM-L6-v2 embedding model, the same encoder a Java user
 * would otherwise embed with (embedding only: no heads, no decoding, no Kafka). Its {@code
 * embedAll} tokenizes each text itself and runs the texts on its own executor.
 */
final class PeerEmbedding {
  private final AllMiniLmL6V2EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();

  /** Embeds {@code texts}; returns how many embeddings came back. */
  int embedAll(List<String> texts) {
    return model.embedAll(texts.stream().map(TextSegment::from).toList()).content().size();
  }
}
