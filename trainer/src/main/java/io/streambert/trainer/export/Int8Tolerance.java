package io.streambert.trainer.export;

/**
 * How far an int8 bundle may drift from its fp32 source on the dev sets before it is refused.
 *
 * @param maxAccuracyDrop sentence accuracy points (0-100 scale) the int8 bundle may lose
 * @param maxEntityF1Drop entity F1 points (0-100 scale) the int8 bundle may lose
 * @param minAgreement fraction of the dev predictions the int8 bundle must leave unchanged: the
 *     label of each sentence, the BIO tag of each word of the tagged sentences
 */
public record Int8Tolerance(double maxAccuracyDrop, double maxEntityF1Drop, double minAgreement) {

  /** 0.5 accuracy points, 1.0 entity F1 point, 95 % of the predictions unchanged. */
  public static final Int8Tolerance DEFAULT = new Int8Tolerance(0.5, 1.0, 0.95);

  public Int8Tolerance {
    if (!(maxAccuracyDrop >= 0) || !(maxEntityF1Drop >= 0)) {
      throw new IllegalArgumentException(
          "expected drops >= 0 points, found accuracy "
              + maxAccuracyDrop
              + " and entity F1 "
              + maxEntityF1Drop);
    }
    if (!(minAgreement >= 0 && minAgreement <= 1)) {
      throw new IllegalArgumentException(
          "expected an agreement between 0 and 1, found " + minAgreement);
    }
  }
}
