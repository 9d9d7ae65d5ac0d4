package io.streambert.trainer.train;

import io.streambert.model.bundle.TaskKind;

/**
 * Rows of one task's training list that form one optimizer step.
 *
 * @param task which task's samples the rows index (the bundle's own task kinds, so the trainer and
 *     the manifest share one word for a task)
 * @param rows indices into that task's training list
 */
public record PlannedBatch(TaskKind task, int[] rows) {}
