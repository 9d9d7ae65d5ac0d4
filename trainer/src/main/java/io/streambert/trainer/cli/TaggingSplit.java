package io.streambert.trainer.cli;

import io.streambert.trainer.data.TaggingDataset;
import java.util.Optional;

/**
 * The tagging-task data of a command.
 *
 * @param train the training set, absent for evaluation
 * @param dev the dev set, if given; read with the training set's tags fixed
 */
public record TaggingSplit(Optional<TaggingDataset> train, Optional<TaggingDataset> dev) {}
