package io.streambert.trainer.cli;

import io.streambert.model.bundle.BundleManifest;

/** The tasks the trainer knows, by their bundle task names. */
public enum Task {
  /** Sentence classification, task name {@value BundleManifest#SENTIMENT}. */
  SENTIMENT(BundleManifest.SENTIMENT),
  /** Token classification, task name {@value BundleManifest#ENTITIES}. */
  ENTITIES(BundleManifest.ENTITIES);

  private final String taskName;

  Task(String taskName) {
    this.taskName = taskName;
  }

  /** The task's name in bundles, metrics and releases. */
  public String taskName() {
    return taskName;
  }
}
