package io.streambert.processor.it.bench;

import io.streambert.processor.it.PipelineOutputs;
import java.util.Map;

/**
 * What became of the inputs {@code s-0 .. s-(sent-1)} of a {@link SteadyLoad}: how many lack a
 * result on either topic, and how many results came beyond the first per input.
 */
record Delivery(long lost, long duplicated) {

  static Delivery of(int sent, PipelineOutputs outputs) {
    Map<String, Integer> sentiments = outputs.sentimentCountsByEventId();
    Map<String, Integer> entities = outputs.entityCountsByEventId();
    long lost = 0;
    for (int i = 0; i < sent; i++) {
      String id = SteadyLoad.id(i);
      if (!sentiments.containsKey(id) || !entities.containsKey(id)) {
        lost++;
      }
    }
    return new Delivery(lost, surplus(sentiments) + surplus(entities));
  }

  private static long surplus(Map<String, Integer> counts) {
    long extra = 0;
    for (int n : counts.values()) {
      extra += n - 1;
    }
    return extra;
  }
}
