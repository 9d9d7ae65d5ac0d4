package io.streambert.trainer.cli;

import io.streambert.trainer.data.SentenceDataset;
import java.util.Optional;

/**
 * The sentence-task data of a command.
 *
 * @param train the training set, absent for evaluation
 * @param dev the dev set, if given; read with the training set's labels fixed
 */
public record SentenceSplit(Optional<SentenceDataset> train, Optional<SentenceDataset> dev) {}
