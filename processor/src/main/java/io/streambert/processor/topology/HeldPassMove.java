package io.streambert.processor.topology;

import io.streambert.model.TextModel;
import io.streambert.model.encoding.EncodedText;
import io.streambert.model.encoding.InvalidTextException;
import io.streambert.processor.serving.ModelLease;
import io.streambert.processor.serving.ServedModels;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a pass held by a model outage (its model broken or out of memory, {@link
 * io.streambert.processor.serving.ModelOutage}) to the model served now, when a swap installed
 * another one while it waited.
 *
 * <p>Without the move a held pass ran again only on the model it was leased: a rollback could not
 * rescue a task stuck behind a broken session, and the broken model stayed resident. A pass that
 * has not failed is never moved: a batch that runs finishes on its model.
 *
 * <p>The records are encoded again by the new model (its tokenizer and windows may differ); one it
 * cannot encode fails as {@link UnencodableText}, a dead letter with reason {@code INVALID_TEXT} as
 * on arrival.
 */
final class HeldPassMove {
  private static final Logger log = LoggerFactory.getLogger(HeldPassMove.class);

  /**
   * A record the new model cannot encode: its own fault, dead-lettered {@code INVALID_TEXT} as
   * {@link RecordEncoder} does for any encoding failure.
   */
  static final class UnencodableText extends RuntimeException {
    UnencodableText(Exception cause) {
      super(cause.getMessage(), cause);
    }
  }

  /**
   * A pass whose records are encoded by the model now served.
   *
   * @param pass the records, their encodings by the new model, and its lease
   * @param failures per record of {@code records} in order, null where it was encoded, else why
   *     not; the pass's {@code encoded} holds the encoded ones only
   */
  record Moved(PassPipeline.Pass pass, List<RuntimeException> failures) {}

  private final ServedModels models;

  HeldPassMove(ServedModels models) {
    this.models = models;
  }

  /** Whether {@code pass} runs on a model that a swap has replaced. */
  boolean stale(PassPipeline.Pass pass) {
    return !models.isCurrent(pass.lease());
  }

  /**
   * {@code held} on the model served now, its own lease closed (the replaced model may close with
   * it).
   */
  Moved move(PassPipeline.Pass held) {
    ModelLease next = models.acquire();
    TextModel model = next.model();
    List<EncodedText> encoded = new ArrayList<>(held.records().size());
    List<RuntimeException> failures = new ArrayList<>(held.records().size());
    long tokens = 0;
    for (BufferedRecord r : held.records()) {
      try {
        EncodedText e = model.encode(r.text());
        encoded.add(e);
        failures.add(null);
        tokens += e.tokenCount();
      } catch (InvalidTextException | RuntimeException e) {
        failures.add(new UnencodableText(e));
      }
    }
    log.warn(
        "A pass of {} records held on model {} moves to {}, served since it began to wait",
        held.records().size(),
        held.lease().model().version(),
        model.version());
    held.lease().close();
    return new Moved(new PassPipeline.Pass(next, held.records(), encoded, tokens), failures);
  }
}
