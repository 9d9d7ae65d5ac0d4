package io.streambert.trainer.train;

import io.streambert.model.encoding.EncodedText;
import io.streambert.model.encoding.InvalidTextException;
import io.streambert.model.encoding.LabelAligner;
import io.streambert.model.encoding.TextEncoder;
import io.streambert.model.encoding.TokenWindow;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encodes labelled text into training windows with the same {@link TextEncoder} serving uses, so
 * training and serving cannot tokenize differently.
 *
 * <p>A sentence longer than one window is truncated to its first window (its label describes the
 * whole text). A tagged sentence yields every window; each word is labelled on its first sub-word
 * in the one window that owns it ({@link LabelAligner}), so overlapping windows never count a word
 * twice.
 */
public final class Featurizer {

  private static final Logger LOG = LoggerFactory.getLogger(Featurizer.class);

  private final TextEncoder encoder;

  /** A featurizer over the given encoder (not closed by this class). */
  public Featurizer(TextEncoder encoder) {
    this.encoder = encoder;
  }

  /**
   * Sentence windows.
   *
   * @param texts the texts
   * @param labels class id per text
   * @throws IllegalArgumentException when a text cannot be encoded (names its index)
   */
  public List<SentenceSample> sentences(List<String> texts, int[] labels) {
    if (texts.size() != labels.length) {
      throw new IllegalArgumentException(
          "expected one label per text, found "
              + texts.size()
              + " texts and "
              + labels.length
              + " labels");
    }
    List<SentenceSample> out = new ArrayList<>(texts.size());
    int truncated = 0;
    for (int i = 0; i < texts.size(); i++) {
      EncodedText encoded = encode(i, texts.get(i));
      TokenWindow first = encoded.windows().get(0);
      truncated += encoded.windows().size() > 1 ? 1 : 0;
      out.add(new SentenceSample(first.ids(), first.typeIds(), labels[i], first.caseIds()));
    }
    if (truncated > 0) {
      LOG.info(
          "{} of {} texts were longer than {} tokens and were truncated",
          truncated,
          texts.size(),
          encoder.maxSequenceLength());
    }
    return out;
  }

  /**
   * Tagged windows.
   *
   * @param sentences words per sentence
   * @param tags tag id per word, per sentence
   * @throws IllegalArgumentException when a sentence cannot be encoded (names its index)
   */
  public List<TokenSample> tagged(List<List<String>> sentences, List<int[]> tags) {
    if (sentences.size() != tags.size()) {
      throw new IllegalArgumentException(
          "expected one tag list per sentence, found "
              + sentences.size()
              + " sentences and "
              + tags.size()
              + " tag lists");
    }
    List<TokenSample> out = new ArrayList<>(sentences.size());
    for (int i = 0; i < sentences.size(); i++) {
      List<String> words = sentences.get(i);
      if (words.size() != tags.get(i).length) {
        throw new IllegalArgumentException(
            "sentence "
                + i
                + ": expected one tag per word, found "
                + words.size()
                + " words and "
                + tags.get(i).length
                + " tags");
      }
      EncodedText encoded;
      try {
        encoded = encoder.encodeWords(words);
      } catch (InvalidTextException e) {
        throw new IllegalArgumentException(
            "sentence " + i + " cannot be encoded: " + e.getMessage(), e);
      }
      for (TokenWindow window : encoded.windows()) {
        long[] labels = LabelAligner.alignWordLabels(window, tags.get(i));
        out.add(new TokenSample(window.ids(), window.typeIds(), labels, i, window.caseIds()));
      }
    }
    return out;
  }

  private EncodedText encode(int index, String text) {
    try {
      return encoder.encode(text);
    } catch (InvalidTextException e) {
      throw new IllegalArgumentException(
          "text " + index + " cannot be encoded: " + e.getMessage(), e);
    }
  }
}
