package dev.recon.tools.olist;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small RFC 4180 reader (quotes, doubled quotes, CRLF) for the Olist files; rows as header →
 * value.
 */
final class Csv {
  private Csv() {}

  /** Every data row of {@code file} keyed by its header; fails if a required column is absent. */
  static List<Map<String, String>> read(Path file, String... required) throws IOException {
    List<Map<String, String>> rows = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String headerLine = in.readLine();
      if (headerLine == null) {
        throw new IOException(file + " is empty");
      }
      List<String> header = split(stripBom(headerLine));
      for (String r : required) {
        if (!header.contains(r)) {
          throw new IOException(file + " has no column " + r + " (columns: " + header + ")");
        }
      }
      String line;
      long number = 1;
      while ((line = in.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        List<String> cells = split(line);
        if (cells.size() != header.size()) {
          throw new IOException(
              file
                  + " line "
                  + number
                  + " has "
                  + cells.size()
                  + " cells, header has "
                  + header.size());
        }
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
          row.put(header.get(i), cells.get(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  static List<String> split(String line) {
    String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    List<String> out = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < l.length(); i++) {
      char c = l.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < l.length() && l.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cell.toString().trim());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    out.add(cell.toString().trim());
    return out;
  }

  private static String stripBom(String s) {
    return s.startsWith("\uFEFF") ? s.substring(1) : s;
  }
}
