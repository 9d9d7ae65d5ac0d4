package io.streambert.trainer.cli;

import java.util.Optional;

/**
 * The data of every task a command works on.
 *
 * @param sentiment sentence-classification data, when that task is on
 * @param entities tagging data, when that task is on
 */
public record TaskData(Optional<SentenceSplit> sentiment, Optional<TaggingSplit> entities) {}
