package dev.recon.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class BoundedLineReaderTest {

  private static List<RawLine> readAll(byte[] bytes, String name, int maxLine, long maxTotal) throws IOException {
    List<RawLine> out = new ArrayList<>();
    try (BoundedLineReader r = BoundedLineReader.open(name, new ByteArrayInputStream(bytes), maxLine, maxTotal)) {
      RawLine l;
      while ((l = r.next()) != null) {
        out.add(l);
      }
    }
    return out;
  }

  @Test
  void next_shouldNumberLinesAndStripCr_whenCrlfAndNoFinalNewline() throws IOException {
    List<RawLine> lines = readAll("a\r\nbb\n\nccc".getBytes(StandardCharsets.UTF_8), "x.jsonl", 100, 1 << 20);
    assertThat(lines).extracting(RawLine::text).containsExactly("a", "bb", "", "ccc");
    assertThat(lines).extracting(RawLine::lineNumber).containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void next_shouldNotStartALine_afterTheFinalNewline() throws IOException {
    assertThat(readAll("a\nb\n".getBytes(StandardCharsets.UTF_8), "x", 100, 1 << 20)).hasSize(2);
    assertThat(readAll(new byte[0], "x", 100, 1 << 20)).isEmpty();
  }

  @Test
  void next_shouldKeepOnlyAPrefix_whenALineIsTooLong() throws IOException {
    String big = "y".repeat(300_000);
    List<RawLine> lines = readAll(("ok\n" + big + "\nafter\n").getBytes(StandardCharsets.UTF_8), "x", 5000, 1 << 30);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(1).tooLong()).isTrue();
    assertThat(lines.get(1).byteLength()).isEqualTo(300_000);
    assertThat(lines.get(1).text()).hasSize(BoundedLineReader.KEPT_PREFIX_BYTES);
    assertThat(lines.get(2).text()).isEqualTo("after");
    assertThat(lines.get(2).lineNumber()).isEqualTo(3);
  }

  @Test
  void next_shouldGunzip_whenNameEndsInGz() throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
      gz.write("é1\né2\n".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(readAll(bos.toByteArray(), "b.jsonl.gz", 100, 1 << 20)).extracting(RawLine::text)
        .containsExactly("é1", "é2");
  }

  @Test
  void next_shouldRejectTheObject_whenDecompressedSizeExceedsTheBound() throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 64; i++) {
        gz.write(zeros);
      }
    }
    assertThat(bos.size()).isLessThan(200_000);
    assertThatThrownBy(() -> readAll(bos.toByteArray(), "bomb.jsonl.gz", 1000, 8 << 20))
        .isInstanceOf(BoundedLineReader.InputTooLargeException.class);
  }
}
