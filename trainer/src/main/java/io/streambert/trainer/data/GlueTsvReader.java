package io.streambert.trainer.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads GLUE-style TSV: a header line naming the columns, then {@code sentence<TAB>label} rows.
 *
 * <p>The text column is the one headed {@code sentence} or {@code text}, the label column the one
 * headed {@code label} (case-insensitive), so extra columns such as an index are fine. Fields are
 * not quoted. Blank lines are ignored; a row whose column count differs from the header's is bad,
 * since a stray tab would shift the label.
 */
public final class GlueTsvReader implements SentenceDataReader {

  @Override
  public SentenceDataset read(Path file, ReadOptions options) {
    SentenceCollector rows = new SentenceCollector(file, options);
    int[] layout = new int[3]; // text column, label column, column count; set by the header
    boolean[] headerSeen = {false};
    LineReader.read(
        file,
        (number, line) -> {
          if (!headerSeen[0]) {
            readHeader(file, number, line, layout);
            headerSeen[0] = true;
            return;
          }
          if (line.isBlank()) {
            return;
          }
          String[] fields = line.split("\t", -1);
          if (fields.length != layout[2]) {
            rows.bad(
                number,
                (fields.length < layout[2] ? "missing column: " : "extra column: ")
                    + "expected "
                    + layout[2]
                    + " tab-separated columns as in the header, found "
                    + fields.length);
            return;
          }
          rows.row(number, fields[layout[0]], fields[layout[1]]);
        });
    if (!headerSeen[0]) {
      throw new DataFormatException(
          "expected a header line (sentence<TAB>label) in " + file + ", found an empty file");
    }
    return rows.finish();
  }

  private static void readHeader(Path file, long number, String line, int[] layout) {
    List<String> names =
        Arrays.stream(line.split("\t", -1)).map(s -> s.strip().toLowerCase(Locale.ROOT)).toList();
    int text = names.indexOf("sentence");
    if (text < 0) {
      text = names.indexOf("text");
    }
    int label = names.indexOf("label");
    if (text < 0 || label < 0) {
      throw new DataFormatException(
          file
              + ":"
              + number
              + ": expected a header naming the columns \"sentence\" (or \"text\") and \"label\","
              + " found "
              + names);
    }
    layout[0] = text;
    layout[1] = label;
    layout[2] = names.size();
  }
}
