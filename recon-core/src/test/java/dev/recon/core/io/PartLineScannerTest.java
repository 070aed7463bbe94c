package dev.recon.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
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

  /** A stream handing out at most {@code size} bytes per read, every other read returning 0. */
  private static InputStream trickle(byte[] bytes, int size) {
    return new FilterInputStream(new ByteArrayInputStream(bytes)) {
      private boolean zero;

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        zero = !zero;
        if (zero && available() > 0) {
          return 0;
        }
        return super.read(b, off, Math.min(len, size));
      }
    };
  }

  @Property(tries = 200)
  void next_shouldReportEachLinesOffsetLengthAndPrefix_howeverTheReadsAreCut(
      @ForAll @Size(max = 8) List<@IntRange(min = 1, max = 3000) Integer> lengths,
      @ForAll @IntRange(min = 0, max = 4000) int keep,
      @ForAll @IntRange(min = 1, max = 700) int readSize)
      throws IOException {
    // GIVEN lines of the given lengths, each of distinct bytes (never \n), each ended by \n
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    List<byte[]> lines = new ArrayList<>();
    for (int n : lengths) {
      byte[] line = new byte[n];
      for (int j = 0; j < n; j++) {
        line[j] = (byte) ('A' + (lines.size() * 7 + j) % 26);
      }
      lines.add(line);
      file.writeBytes(line);
      file.write('\n');
    }
    byte[] bytes = file.toByteArray();

    // WHEN
    List<PartLineScanner.ScannedLine> got = new ArrayList<>();
    long end;
    try (PartLineScanner s = new PartLineScanner(trickle(bytes, readSize), "p")) {
      PartLineScanner.ScannedLine l;
      while ((l = s.next(keep)) != null) {
        got.add(l);
      }
      end = s.position();
    }

    // THEN offsets are the running sums of length + 1, and the kept bytes the line's prefix
    assertThat(got).hasSameSizeAs(lines);
    long offset = 0;
    for (int i = 0; i < lines.size(); i++) {
      byte[] line = lines.get(i);
      PartLineScanner.ScannedLine l = got.get(i);
      assertThat(l.lineNumber()).isEqualTo(i + 1L);
      assertThat(l.offset()).isEqualTo(offset);
      assertThat(l.length()).isEqualTo(line.length);
      assertThat(l.kept()).isEqualTo(Arrays.copyOf(line, Math.min(keep, line.length)));
      assertThat(l.complete()).isEqualTo(keep >= line.length);
      offset += line.length + 1;
    }
    assertThat(end).isEqualTo(bytes.length);
  }

  @Test
  void next_shouldKeepMoreThanAKibibyte_whenAskedFor() throws IOException {
    // GIVEN a 5,000-byte line, beyond the 1 KiB first allocation of the kept bytes
    byte[] line = new byte[5000];
    for (int i = 0; i < line.length; i++) {
      line[i] = (byte) ('a' + i % 26);
    }
    byte[] file = new byte[line.length + 1];
    System.arraycopy(line, 0, file, 0, line.length);
    file[line.length] = '\n';

    // WHEN / THEN
    assertThat(scanAll(file, 3000).get(0).kept()).isEqualTo(Arrays.copyOf(line, 3000));
    assertThat(scanAll(file, 10_000).get(0).kept()).isEqualTo(line);
    assertThat(scanAll(file, 10_000).get(0).complete()).isTrue();
    assertThat(scanAll(file, 0).get(0).kept()).isEmpty();
    assertThat(scanAll(file, 0).get(0).complete()).isFalse();
  }

  @Test
  void next_shouldNameTheObjectTheLineAndItsOffset_whenTheObjectIsDamaged() throws IOException {
    assertThatThrownBy(() -> scanAll("ab\ncde\nfg".getBytes(StandardCharsets.UTF_8), 10))
        .isInstanceOf(IOException.class)
        .hasMessage("test: line 3 at byte 7 is not newline-terminated (truncated object?)");
    assertThatThrownBy(() -> scanAll("ab\ncde\n\nx\n".getBytes(StandardCharsets.UTF_8), 10))
        .isInstanceOf(IOException.class)
        .hasMessage("test: empty line 3 at byte 7");
  }

  @Test
  void position_shouldCountTheBytesConsumed_lineByLine_andEndAtNullAfterTheLast()
      throws IOException {
    try (PartLineScanner s =
        new PartLineScanner(
            new ByteArrayInputStream("abc\nde\n".getBytes(StandardCharsets.UTF_8)), "p")) {
      assertThat(s.position()).isZero();
      assertThat(s.next(10).offset()).isZero();
      assertThat(s.position()).isEqualTo(4);
      assertThat(s.next(10).offset()).isEqualTo(4);
      assertThat(s.position()).isEqualTo(7);
      assertThat(s.next(10)).isNull();
      assertThat(s.next(10)).isNull();
      assertThat(s.position()).isEqualTo(7);
    }
  }

  @Test
  void close_shouldCloseTheUnderlyingStream() throws IOException {
    AtomicBoolean closed = new AtomicBoolean();
    InputStream in =
        new ByteArrayInputStream(new byte[0]) {
          @Override
          public void close() {
            closed.set(true);
          }
        };
    new PartLineScanner(in, "p").close();
    assertThat(closed).isTrue();
  }
}
