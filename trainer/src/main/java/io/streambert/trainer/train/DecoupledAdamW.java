package io.streambert.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.streambert.trainer.bert.ParameterNames;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW with decoupled weight decay that, like Hugging Face's trainer, exempts biases and LayerNorm
 * weights from the decay.
 *
 * <p>Per parameter: {@code w *= 1 - lr*wd}; {@code m = b1*m + (1-b1)*g}; {@code v = b2*v +
 * (1-b2)*g^2}; {@code w -= lr*sqrt(1-b2^t)/(1-b1^t) * m/(sqrt(v)+eps)}, using PyTorch's fused
 * native update, which also zeroes the gradient. The moment estimates and the step count are kept
 * here (not inside DJL) so a checkpoint can save and restore them. A parameter may run at a
 * multiple of the scheduled rate (a table that starts at zero and must move far).
 */
public final class DecoupledAdamW implements AutoCloseable {

  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPSILON = 1e-8f;

  private final Map<String, NDArray> parameters;
  private final float weightDecay;
  private final Map<String, Float> rateScales;
  private final NDManager stateManager;
  private final Map<String, NDArray> means = new LinkedHashMap<>();
  private final Map<String, NDArray> variances = new LinkedHashMap<>();
  private final Map<String, Long> steps = new LinkedHashMap<>();

  /**
   * An optimizer over the given trainable parameters.
   *
   * @param parameters trainable parameters by Hugging Face name
   * @param weightDecay decoupled weight decay for every parameter that is not exempt
   * @param manager parent manager for the moment estimates (same device as the parameters)
   */
  public DecoupledAdamW(Map<String, NDArray> parameters, float weightDecay, NDManager manager) {
    this(parameters, weightDecay, Map.of(), manager);
  }

  /**
   * An optimizer whose named parameters run at a multiple of the scheduled learning rate.
   *
   * @param parameters trainable parameters by Hugging Face name
   * @param weightDecay decoupled weight decay for every parameter that is not exempt
   * @param rateScales learning-rate multiple by parameter name; 1 for every name not in it
   * @param manager parent manager for the moment estimates (same device as the parameters)
   */
  public DecoupledAdamW(
      Map<String, NDArray> parameters,
      float weightDecay,
      Map<String, Float> rateScales,
      NDManager manager) {
    this.parameters = new LinkedHashMap<>(parameters);
    this.weightDecay = weightDecay;
    this.rateScales = Map.copyOf(rateScales);
    this.stateManager = manager.newSubManager();
    for (Map.Entry<String, NDArray> e : this.parameters.entrySet()) {
      means.put(e.getKey(), stateManager.zeros(e.getValue().getShape()));
      variances.put(e.getKey(), stateManager.zeros(e.getValue().getShape()));
    }
  }

  /**
   * Applies one update to the named parameters and zeroes their gradients.
   *
   * <p>Each parameter counts its own updates (as torch's AdamW does), so a head that only some
   * batches of a multi-task run reach gets correctly bias-corrected moments.
   *
   * @param learningRate the scheduled learning rate
   * @param names the parameters the last backward pass reached
   */
  public void step(float learningRate, Iterable<String> names) {
    for (String name : names) {
      NDArray weight = parameters.get(name);
      if (weight == null) {
        throw new IllegalArgumentException(
            "expected a trainable parameter, found "
                + name
                + "; trainable: "
                + parameters.keySet());
      }
      float rate = learningRate * rateScales.getOrDefault(name, 1f);
      long t = steps.merge(name, 1L, Long::sum);
      double correction1 = 1.0 - Math.pow(BETA1, t);
      double correction2 = 1.0 - Math.pow(BETA2, t);
      float corrected = (float) (rate * Math.sqrt(correction2) / correction1);
      float decay = ParameterNames.isDecayExempt(name) ? 0f : weightDecay;
      try (NDArray gradient = weight.getGradient()) {
        weight
            .getNDArrayInternal()
            .adamUpdate(
                new NDList(weight, gradient, means.get(name), variances.get(name)),
                new NDList(weight),
                rate,
                corrected,
                decay,
                1f,
                -1f,
                BETA1,
                BETA2,
                EPSILON,
                false,
                true);
      }
    }
  }

  /** Updates applied so far, per parameter name. */
  public Map<String, Long> steps() {
    return Map.copyOf(steps);
  }

  /** The first-moment estimates by parameter name (live arrays; for checkpoints). */
  public Map<String, NDArray> means() {
    return Collections.unmodifiableMap(means);
  }

  /** The second-moment estimates by parameter name (live arrays; for checkpoints). */
  public Map<String, NDArray> variances() {
    return Collections.unmodifiableMap(variances);
  }

  /**
   * Restores the update counts of a checkpoint (its moments are loaded into {@link #means()} and
   * {@link #variances()}).
   */
  public void restoreSteps(Map<String, Long> restored) {
    steps.clear();
    steps.putAll(restored);
  }

  @Override
  public void close() {
    stateManager.close();
  }
}
