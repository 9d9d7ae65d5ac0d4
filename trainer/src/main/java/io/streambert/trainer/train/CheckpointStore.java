package io.streambert.trainer.train;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.streambert.trainer.files.Folders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * A run's folder: {@code latest/} (the resumable checkpoint: parameters, AdamW moments and {@code
 * state.json}) and {@code best/} (the parameters of the best dev epoch).
 *
 * <p>Each is written to a temporary folder first and then moved into place, so an interruption
 * while saving leaves the previous checkpoint intact.
 */
final class CheckpointStore {

  private static final String LATEST = "latest";
  private static final String BEST = "best";
  private static final String MODEL = "model.bin";
  private static final String MEANS = "adamw-means.bin";
  private static final String VARIANCES = "adamw-variances.bin";
  private static final String STATE = "state.json";

  private final Path dir;
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  CheckpointStore(Path dir) {
    this.dir = dir;
  }

  boolean hasLatest() {
    return Files.isRegularFile(dir.resolve(LATEST).resolve(STATE));
  }

  boolean hasBest() {
    return Files.isRegularFile(dir.resolve(BEST).resolve(MODEL));
  }

  void saveLatest(TrainingState state, Map<String, NDArray> parameters, DecoupledAdamW optimizer)
      throws IOException {
    replace(
        LATEST,
        tmp -> {
          TensorFile.write(tmp.resolve(MODEL), parameters);
          TensorFile.write(tmp.resolve(MEANS), optimizer.means());
          TensorFile.write(tmp.resolve(VARIANCES), optimizer.variances());
          json.writeValue(tmp.resolve(STATE).toFile(), state);
        });
  }

  TrainingState loadLatest(Map<String, NDArray> parameters, DecoupledAdamW optimizer)
      throws IOException {
    Path latest = dir.resolve(LATEST);
    TrainingState state = json.readValue(latest.resolve(STATE).toFile(), TrainingState.class);
    TensorFile.readInto(latest.resolve(MODEL), parameters);
    TensorFile.readInto(latest.resolve(MEANS), optimizer.means());
    TensorFile.readInto(latest.resolve(VARIANCES), optimizer.variances());
    optimizer.restoreSteps(state.optimizerSteps());
    return state;
  }

  void saveBest(Map<String, NDArray> parameters) throws IOException {
    replace(BEST, tmp -> TensorFile.write(tmp.resolve(MODEL), parameters));
  }

  void loadBest(Map<String, NDArray> parameters) throws IOException {
    TensorFile.readInto(dir.resolve(BEST).resolve(MODEL), parameters);
  }

  private interface Writer {
    void write(Path tmp) throws IOException;
  }

  private void replace(String name, Writer writer) throws IOException {
    Files.createDirectories(dir);
    Path tmp = Files.createTempDirectory(dir, name + ".tmp-");
    try {
      writer.write(tmp);
      Path target = dir.resolve(name);
      Path old = dir.resolve(name + ".old");
      Folders.deleteRecursively(old);
      if (Files.exists(target)) {
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      Folders.deleteRecursively(old);
    } finally {
      Folders.deleteRecursively(tmp);
    }
  }
}
