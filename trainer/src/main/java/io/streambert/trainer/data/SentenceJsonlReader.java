package io.streambert.trainer.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads JSON Lines of {@code {"text": "...", "label": "..."}}, one object per line.
 *
 * <p>A label may be a string, an integer or a boolean (read as its text). Blank lines are ignored.
 */
public final class SentenceJsonlReader implements SentenceDataReader {

  @Override
  public SentenceDataset read(Path file, ReadOptions options) {
    SentenceCollector rows = new SentenceCollector(file, options);
    LineReader.read(
        file,
        (number, line) -> {
          if (line.isBlank()) {
            return;
          }
          Optional<JsonNode> parsed = JsonFields.object(line, why -> rows.bad(number, why));
          if (parsed.isEmpty()) {
            return;
          }
          JsonNode node = parsed.get();
          JsonNode text = node.get("text");
          if (text == null || text.isNull()) {
            rows.bad(number, "missing field \"text\"");
            return;
          }
          if (!text.isTextual()) {
            rows.bad(number, "expected \"text\" to be a string, found " + JsonFields.kind(text));
            return;
          }
          JsonNode label = node.get("label");
          if (label == null || label.isNull()) {
            rows.bad(number, "missing field \"label\"");
            return;
          }
          if (!(label.isTextual() || label.isIntegralNumber() || label.isBoolean())) {
            rows.bad(
                number,
                "expected \"label\" to be a string, integer or boolean, found "
                    + JsonFields.kind(label));
            return;
          }
          rows.row(number, text.asText(), label.asText());
        });
    return rows.finish();
  }
}
