package io.streambert.processor.rollout;

import io.streambert.model.TextModel;
import java.util.Objects;

/** How loading one release ended: a model that passed every check, or why it was refused. */
public sealed interface LoadOutcome {

  /**
   * Milliseconds spent fetching, verifying, unpacking and opening; -1 when it did not get there.
   */
  long loadMillis();

  /** Milliseconds spent on the checks after opening; -1 when they did not run. */
  long checkMillis();

  /**
   * A model ready to serve, owned by whoever receives it.
   *
   * @param model the loaded, checked model
   */
  record Loaded(TextModel model, long loadMillis, long checkMillis) implements LoadOutcome {
    public Loaded {
      Objects.requireNonNull(model, "model");
    }
  }

  /**
   * A release that failed a check; nothing of it stays open.
   *
   * @param reason {@code "<RejectionReason>: expected ..., found ..."}
   * @param transientFailure whether its store was unavailable, so that loading it later may succeed
   */
  record Rejected(String reason, long loadMillis, long checkMillis, boolean transientFailure)
      implements LoadOutcome {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }

    /** A rejection that loading again would not change. */
    public Rejected(String reason, long loadMillis, long checkMillis) {
      this(reason, loadMillis, checkMillis, false);
    }
  }
}
