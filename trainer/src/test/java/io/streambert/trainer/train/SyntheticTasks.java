package io.streambert.trainer.train;

import ai.djl.Device;
import io.streambert.trainer.bert.BertConfig;
import io.streambert.trainer.bert.MultiTaskBert;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small learnable tasks over a 40-token vocabulary, for tests of the training loop. */
final class SyntheticTasks {

  static final long CLS = 1;
  static final long SEP = 2;

  private SyntheticTasks() {}

  static BertConfig tinyConfig(float dropout) {
    return new BertConfig(40, 16, 2, 2, 32, 32, 2, 1e-12f, dropout);
  }

  static MultiTaskBert tinyModel(TrainingData data, float dropout, long seed) {
    return MultiTaskBert.create(
        tinyConfig(dropout),
        data.sentence().map(t -> t.labels().size()).orElse(0),
        data.token().map(t -> t.tags().size()).orElse(0),
        Device.cpu(),
        seed);
  }

  /** Label 1 when most content tokens are 22 or above. */
  static List<SentenceSample> sentences(int n, long seed) {
    Random random = new Random(seed);
    List<SentenceSample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long[] ids = window(random);
      int high = 0;
      for (int j = 1; j < ids.length - 1; j++) {
        high += ids[j] >= 22 ? 1 : 0;
      }
      out.add(new SentenceSample(ids, new long[ids.length], 2 * high > ids.length - 2 ? 1 : 0));
    }
    return out;
  }

  /** Tags O, B-X, I-X: 10-14 begins an entity, 15-19 right after it continues it. */
  static List<TokenSample> tagged(int n, long seed) {
    Random random = new Random(seed);
    List<TokenSample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long[] ids = window(random);
      long[] labels = new long[ids.length];
      labels[0] = TokenSample.IGNORE;
      labels[ids.length - 1] = TokenSample.IGNORE;
      for (int j = 1; j < ids.length - 1; j++) {
        boolean begins = ids[j] >= 10 && ids[j] < 15;
        boolean continues = ids[j] >= 15 && ids[j] < 20 && labels[j - 1] > 0;
        labels[j] = begins ? 1 : continues ? 2 : 0;
      }
      out.add(new TokenSample(ids, new long[ids.length], labels, i));
    }
    return out;
  }

  private static long[] window(Random random) {
    int length = 4 + random.nextInt(10);
    long[] ids = new long[length];
    ids[0] = CLS;
    ids[length - 1] = SEP;
    for (int j = 1; j < length - 1; j++) {
      ids[j] = 5 + random.nextInt(35);
    }
    return ids;
  }

  static TrainingData multiTask(int trainSize) {
    return TrainingData.of(
        new SentenceTask(List.of("low", "high"), sentences(trainSize, 1), sentences(100, 2)),
        new TokenTask(List.of("O", "B-X", "I-X"), tagged(trainSize, 3), tagged(100, 4)));
  }
}
