package io.streambert.trainer.cli;

import io.streambert.trainer.data.BadRowPolicy;
import io.streambert.trainer.data.ConllReader;
import io.streambert.trainer.data.DataFormat;
import io.streambert.trainer.data.ReadOptions;
import io.streambert.trainer.data.SentenceDataset;
import io.streambert.trainer.data.TagScheme;
import io.streambert.trainer.data.TaggingDataset;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Data files, their formats and the bad-row policy, shared by the commands that read data. */
public final class DataOptions {
  @Spec(Spec.Target.MIXEE)
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--task",
      split = ",",
      paramLabel = "TASK",
      description =
          "Tasks to work on: ${COMPLETION-CANDIDATES} (comma-separated). Default: every task whose"
              + " data is given.")
  Set<Task> tasks = EnumSet.noneOf(Task.class);

  @Option(
      names = "--sentiment-train",
      paramLabel = "FILE",
      description = "Sentence-labelled training data (GLUE TSV with header, or JSON Lines).")
  Path sentimentTrain;

  @Option(
      names = "--sentiment-dev",
      paramLabel = "FILE",
      description = "Sentence-labelled dev data, same formats.")
  Path sentimentDev;

  @Option(
      names = "--sentiment-format",
      paramLabel = "FORMAT",
      defaultValue = "AUTO",
      description = "TSV, JSONL or AUTO (by extension). Default: ${DEFAULT-VALUE}.")
  DataFormat sentimentFormat;

  @Option(
      names = "--label-names",
      paramLabel = "DATA=NAME",
      split = ",",
      description =
          "Rename sentence labels as read, keeping their order, e.g. 0=negative,1=positive for"
              + " SST-2.")
  Map<String, String> labelNames;

  @Option(
      names = "--entities-train",
      paramLabel = "FILE",
      description = "Tagged training data (CoNLL columns, or JSON Lines {tokens, tags}).")
  Path entitiesTrain;

  @Option(names = "--entities-dev", paramLabel = "FILE", description = "Tagged dev data.")
  Path entitiesDev;

  @Option(
      names = "--entities-format",
      paramLabel = "FORMAT",
      defaultValue = "AUTO",
      description =
          "CONLL, JSONL or AUTO (.jsonl/.json: JSONL, else CoNLL). Default: ${DEFAULT-VALUE}.")
  DataFormat entitiesFormat;

  @Option(
      names = "--tag-column",
      paramLabel = "N",
      defaultValue = "0",
      description = "1-based CoNLL column holding the tag; 0 = the last column (default).")
  int tagColumn;

  @Option(
      names = "--tag-scheme",
      paramLabel = "SCHEME",
      defaultValue = "BIO",
      description = "How the files write tags: ${COMPLETION-CANDIDATES}; IOB1 is converted to BIO.")
  TagScheme tagScheme;

  @Option(
      names = "--bad-rows",
      paramLabel = "POLICY",
      defaultValue = "SKIP",
      description =
          "SKIP: report each bad row (file:line) and leave it out; FAIL: stop at the first."
              + " Default: ${DEFAULT-VALUE}.")
  BadRowPolicy badRows;

  @Option(
      names = "--max-bad-fraction",
      paramLabel = "F",
      defaultValue = "0.01",
      description =
          "With SKIP, fail when more than this fraction of a file's rows is bad. Default:"
              + " ${DEFAULT-VALUE}.")
  double maxBadFraction;

  @Option(
      names = "--limit-train",
      paramLabel = "N",
      defaultValue = "0",
      description = "Use only the first N training examples (0: all); for quick runs.")
  int limitTrain;

  @Option(
      names = "--limit-dev",
      paramLabel = "N",
      defaultValue = "0",
      description = "Use only the first N dev examples (0: all).")
  int limitDev;

  /** The tasks to work on: the {@code --task} list, or every task with a file given. */
  Set<Task> activeTasks(boolean needTrain) {
    Set<Task> active = EnumSet.copyOf(tasks.isEmpty() ? EnumSet.allOf(Task.class) : tasks);
    if (tasks.isEmpty()) {
      if (sentimentTrain == null && (needTrain || sentimentDev == null)) {
        active.remove(Task.SENTIMENT);
      }
      if (entitiesTrain == null && (needTrain || entitiesDev == null)) {
        active.remove(Task.ENTITIES);
      }
    }
    if (active.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          "expected data for at least one task (--sentiment-"
              + (needTrain ? "train" : "dev")
              + " or --entities-"
              + (needTrain ? "train" : "dev")
              + "), found none");
    }
    return active;
  }

  /** Reads training (and, when given, dev) data of every active task. */
  TaskData readForTraining() {
    Set<Task> active = activeTasks(true);
    Optional<SentenceSplit> sentiment = Optional.empty();
    Optional<TaggingSplit> entities = Optional.empty();
    if (active.contains(Task.SENTIMENT)) {
      require(sentimentTrain, "--sentiment-train", Task.SENTIMENT);
      SentenceDataset train = readSentences(sentimentTrain, Optional.empty(), limitTrain);
      Optional<SentenceDataset> dev =
          Optional.ofNullable(sentimentDev)
              .map(p -> readSentences(p, Optional.of(originalLabels(train)), limitDev));
      sentiment = Optional.of(new SentenceSplit(Optional.of(train), dev));
    }
    if (active.contains(Task.ENTITIES)) {
      require(entitiesTrain, "--entities-train", Task.ENTITIES);
      TaggingDataset train = readTags(entitiesTrain, Optional.empty(), limitTrain);
      Optional<TaggingDataset> dev =
          Optional.ofNullable(entitiesDev)
              .map(p -> readTags(p, Optional.of(train.tags()), limitDev));
      entities = Optional.of(new TaggingSplit(Optional.of(train), dev));
    }
    return new TaskData(sentiment, entities);
  }

  /**
   * Reads dev data of every active task with the model's label sets fixed.
   *
   * @param modelLabels task name to the model's labels
   */
  TaskData readForEvaluation(Map<String, List<String>> modelLabels) {
    if (sentimentTrain != null || entitiesTrain != null || limitTrain > 0) {
      throw new ParameterException(
          spec.commandLine(),
          "expected only dev data (--sentiment-dev, --entities-dev) for evaluation, found"
              + " training options");
    }
    Set<Task> active = activeTasks(false);
    Optional<SentenceSplit> sentiment = Optional.empty();
    Optional<TaggingSplit> entities = Optional.empty();
    if (active.contains(Task.SENTIMENT)) {
      require(sentimentDev, "--sentiment-dev", Task.SENTIMENT);
      List<String> labels = modelLabels(modelLabels, Task.SENTIMENT);
      Optional<List<String>> dataLabels = Optional.of(unrenamed(labels));
      sentiment =
          Optional.of(
              new SentenceSplit(
                  Optional.empty(),
                  Optional.of(readSentences(sentimentDev, dataLabels, limitDev))));
    }
    if (active.contains(Task.ENTITIES)) {
      require(entitiesDev, "--entities-dev", Task.ENTITIES);
      List<String> tags = modelLabels(modelLabels, Task.ENTITIES);
      entities =
          Optional.of(
              new TaggingSplit(
                  Optional.empty(),
                  Optional.of(readTags(entitiesDev, Optional.of(tags), limitDev))));
    }
    return new TaskData(sentiment, entities);
  }

  private List<String> modelLabels(Map<String, List<String>> modelLabels, Task task) {
    List<String> labels = modelLabels.get(task.taskName());
    if (labels == null) {
      throw new ParameterException(
          spec.commandLine(),
          "expected the model to have a task \""
              + task.taskName()
              + "\", found tasks "
              + modelLabels.keySet());
    }
    return labels;
  }

  /** The labels as written in the data, before {@code --label-names}. */
  private List<String> unrenamed(List<String> names) {
    if (labelNames == null) {
      return names;
    }
    Map<String, String> inverse = new java.util.HashMap<>();
    labelNames.forEach((data, name) -> inverse.put(name, data));
    return names.stream().map(n -> inverse.getOrDefault(n, n)).toList();
  }

  private List<String> originalLabels(SentenceDataset renamedTrain) {
    return unrenamed(renamedTrain.labels());
  }

  private SentenceDataset readSentences(Path file, Optional<List<String>> labels, int limit) {
    ReadOptions options = readOptions(labels);
    SentenceDataset data = sentimentFormat.sentenceReader(file).read(file, options);
    if (labelNames != null) {
      data = data.withLabelNames(labelNames);
    }
    if (limit > 0 && limit < data.size()) {
      data = new SentenceDataset(data.examples().subList(0, limit), data.labels(), data.report());
    }
    return data;
  }

  private TaggingDataset readTags(Path file, Optional<List<String>> tags, int limit) {
    int column = tagColumn <= 0 ? ConllReader.LAST_COLUMN : tagColumn - 1;
    if (tagColumn == 1) {
      throw new ParameterException(
          spec.commandLine(), "expected --tag-column >= 2 (column 1 is the token), found 1");
    }
    TaggingDataset data =
        entitiesFormat.taggingReader(file, column, tagScheme).read(file, readOptions(tags));
    if (limit > 0 && limit < data.size()) {
      data = new TaggingDataset(data.sentences().subList(0, limit), data.tags(), data.report());
    }
    return data;
  }

  private ReadOptions readOptions(Optional<List<String>> labels) {
    return new ReadOptions(badRows, maxBadFraction, labels);
  }

  private void require(Path file, String option, Task task) {
    if (file == null) {
      throw new ParameterException(
          spec.commandLine(), "task " + task.taskName() + " needs " + option + ", found none");
    }
  }
}
