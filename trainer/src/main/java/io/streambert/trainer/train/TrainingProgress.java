package io.streambert.trainer.train;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Console progress of one epoch: examples done, examples/s, ETA and the running loss. */
interface TrainingProgress extends AutoCloseable {

  /** Records a trained batch. */
  void step(int examples, double meanLoss, float learningRate);

  @Override
  void close();

  /** A progress bar on the console, or a silent one. */
  static TrainingProgress open(boolean visible, String task, long examples, long done) {
    if (!visible) {
      return new TrainingProgress() {
        @Override
        public void step(int n, double loss, float lr) {}

        @Override
        public void close() {}
      };
    }
    ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(examples)
            .startsFrom(done, java.time.Duration.ZERO)
            .setUnit(" ex", 1)
            .showSpeed()
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(500)
            .build();
    return new TrainingProgress() {
      @Override
      public void step(int n, double loss, float lr) {
        bar.stepBy(n);
        bar.setExtraMessage(String.format(java.util.Locale.ROOT, "loss %.4f lr %.2e", loss, lr));
      }

      @Override
      public void close() {
        bar.close();
      }
    };
  }
}
