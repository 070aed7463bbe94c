package dev.recon.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartLineScannerTest {

  @Test
  void next_shouldReportOffsetsAndLengthsWithoutNewline_whenLinesAreScanned() throws IOException {
    // GIVEN
    byte[] file = "{\"a\":1}\n{\"bb\":22}\n".getBytes(StandardCharsets.UTF_8);

    // WHEN
    List<PartLineScanner.ScannedLine> lines = scanAll(file, 1_000);

    // THEN
    assertThat(lines).extracting(PartLineScanner.ScannedLine::offset).containsExactly(0L, 8L);
    assertThat(lines).extracting(PartLineScanner.ScannedLine::length).containsExactly(7L, 9L);
    assertThat(new String(lines.get(1).kept(), StandardCharsets.UTF_8)).isEqualTo("{\"bb\":22}");
  }

  @Test
  void next_shouldKeepOnlyThePrefix_whenALineIsLongerThanKeepBytes() throws IOException {
    // GIVEN a 200 KiB line, longer than the 64 KiB read chunk, and a 10-byte keep limit
    String big = "x".repeat(200 * 1024);
    byte[] file = (big + "\nabc\n").getBytes(StandardCharsets.UTF_8);

    // WHEN
    List<PartLineScanner.ScannedLine> lines = scanAll(file, 10);

    // THEN the length is exact, only 10 bytes are held, and the next offset is right
    assertThat(lines.get(0).length()).isEqualTo(big.length());
    assertThat(lines.get(0).kept()).hasSize(10);
    assertThat(lines.get(0).complete()).isFalse();
    assertThat(lines.get(1).offset()).isEqualTo(big.length() + 1L);
    assertThat(lines.get(1).complete()).isTrue();
  }

  @Test
  void next_shouldFail_whenTheLastLineHasNoNewline() {
    // GIVEN a truncated part-file
    byte[] file = "{\"a\":1}\n{\"b\"".getBytes(StandardCharsets.UTF_8);

    // WHEN / THEN
    assertThatThrownBy(() -> scanAll(file, 100))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not newline-terminated");
  }

  @Test
  void next_shouldFail_whenALineIsEmpty() {
    // GIVEN
    byte[] file = "{\"a\":1}\n\n".getBytes(StandardCharsets.UTF_8);

    // WHEN / THEN
    assertThatThrownBy(() -> scanAll(file, 100))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("empty line");
  }

  @Test
  void next_shouldReturnNull_whenTheObjectIsEmpty() throws IOException {
    // GIVEN / WHEN / THEN
    assertThat(scanAll(new byte[0], 100)).isEmpty();
  }

  private static List<PartLineScanner.ScannedLine> scanAll(byte[] file, int keep)
      throws IOException {
    List<PartLineScanner.ScannedLine> out = new ArrayList<>();
    try (PartLineScanner s = new PartLineScanner(new ByteArrayInputStream(file), "test")) {
      PartLineScanner.ScannedLine l;
      while ((l = s.next(keep)) != null) {
        out.add(l);
      }
    }
    return out;
  }
}
