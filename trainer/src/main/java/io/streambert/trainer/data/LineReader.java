package io.streambert.trainer.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Feeds the lines of a UTF-8 file with their 1-based numbers, turning I/O errors into messages. */
final class LineReader {
  private LineReader() {}

  /** Receives one line. */
  interface LineHandler {
    void line(long number, String text);
  }

  static void read(Path file, LineHandler handler) {
    long number = 0;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        number++;
        if (number == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        handler.line(number, line);
      }
    } catch (NoSuchFileException e) {
      throw new DataFormatException("expected a data file at " + file + ", found none", e);
    } catch (CharacterCodingException e) {
      throw new DataFormatException(
          "expected UTF-8 text in " + file + ", found invalid bytes at line " + (number + 1), e);
    } catch (IOException e) {
      throw new DataFormatException("cannot read " + file + ": " + e, e);
    }
  }
}
