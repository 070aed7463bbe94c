package dev.recon.reducer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.io.BoundedLineReader;
import dev.recon.core.io.RawLine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The split logic as pure functions over byte arrays (no Spark, no store): whatever the split size,
 * the splits' lines are exactly the object's lines, numbered as in the object.
 */
class LineSplitsTest {
  /** Small, so the property also meets over-long lines (kept as a prefix) across splits. */
  private static final int MAX_LINE_BYTES = 24;

  private static final byte[][] PIECES = {
    "ab".getBytes(StandardCharsets.UTF_8),
    "{\"k\":1}".getBytes(StandardCharsets.UTF_8),
    "é".getBytes(StandardCharsets.UTF_8), // 2 bytes
    "€".getBytes(StandardCharsets.UTF_8), // 3 bytes
    "😀".getBytes(StandardCharsets.UTF_8), // 4 bytes
    {'\n'},
    {'\r', '\n'},
    {'\n', '\n'}, // an empty line
    {'\r'}, // a lone CR is data
    {(byte) 0xFF}, // never valid UTF-8
    {(byte) 0xE2, (byte) 0x82}, // a cut 3-byte sequence
    {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, // a byte-order mark inside a line is data
  };

  /** An object of random pieces, sometimes starting with a byte-order mark. */
  static byte[] object(long seed, int pieces) {
    Random r = new Random(seed);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (r.nextInt(4) == 0) {
      out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    }
    for (int i = 0; i < pieces; i++) {
      // more line ends than anything else, so lines are short and splits fall everywhere
      out.writeBytes(
          r.nextInt(3) == 0 ? PIECES[5 + r.nextInt(3)] : PIECES[r.nextInt(PIECES.length)]);
    }
    return out.toByteArray();
  }

  /** Serves ranged reads of {@code bytes}, refusing any read the store would refuse. */
  static LineSplits.RangeSource source(byte[] bytes, long[] reads) {
    return (offset, length) -> {
      if (offset < 0 || length < 1 || offset + length > bytes.length) {
        throw new IllegalArgumentException(
            "range " + offset + "+" + length + " of " + bytes.length);
      }
      reads[0] += length;
      return Arrays.copyOfRange(bytes, (int) offset, (int) offset + length);
    };
  }

  static List<RawLine> lines(InputStream in, long linesBefore, boolean objectStart) {
    List<RawLine> out = new ArrayList<>();
    try (BoundedLineReader r =
        new BoundedLineReader(in, MAX_LINE_BYTES, Long.MAX_VALUE, linesBefore, objectStart)) {
      for (RawLine l; (l = r.next()) != null; ) {
        out.add(l);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static byte[] readAll(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Property(tries = 200)
  void splits_shouldYieldExactlyTheObjectsLinesAndNumbers_forAnySplitSize(
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 60) int pieces,
      @ForAll @IntRange(min = 1, max = 400) int splitBytes) {
    byte[] bytes = object(seed, pieces);
    long[] reads = {0};
    LineSplits.RangeSource src = source(bytes, reads);
    List<RawLine> whole = lines(new ByteArrayInputStream(bytes), 0, true);

    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    List<RawLine> fromSplits = new ArrayList<>();
    long before = 0;
    List<LineSplits.Range> ranges = LineSplits.ranges(bytes.length, splitBytes);
    for (LineSplits.Range r : ranges) {
      long count = LineSplits.lineStarts(src, bytes.length, r.start(), r.end());
      byte[] owned = readAll(LineSplits.ownedLines(src, bytes.length, r.start(), r.end()));
      joined.writeBytes(owned);
      List<RawLine> got = lines(new ByteArrayInputStream(owned), before, r.start() == 0);
      // the count pass agrees with what the split's reader reads
      assertThat((long) got.size()).as("lines of %s", r).isEqualTo(count);
      fromSplits.addAll(got);
      before += count;
    }

    // every byte is owned by exactly one split, in order
    assertThat(joined.toByteArray()).isEqualTo(bytes);
    // and the lines (text, numbers, lengths, flags) are those of the whole object
    assertThat(fromSplits).isEqualTo(whole);
    assertThat(ranges).hasSize(Math.max(1, (bytes.length + splitBytes - 1) / splitBytes));
  }

  @Test
  void ownedLines_shouldStartAtTheNextLine_whenASplitBeginsInsideACharacterOrBetweenCrAndLf() {
    // GIVEN "€\r\n😀\nx": byte 1 is inside €, byte 4 is the \n of \r\n, byte 6 inside 😀
    byte[] b = "€\r\n😀\nx".getBytes(StandardCharsets.UTF_8);
    long[] reads = {0};
    LineSplits.RangeSource src = source(b, reads);

    // THEN the split [1, 6) owns nothing of line 1 but the line starting at 5 (after \r\n)
    assertThat(readAll(LineSplits.ownedLines(src, b.length, 1, 6)))
        .isEqualTo("😀\n".getBytes(StandardCharsets.UTF_8));
    assertThat(LineSplits.lineStarts(src, b.length, 1, 6)).isEqualTo(1);
    // a split [4, 5) between \r and \n owns no line (the next starts at 5); [4, 6) owns it
    assertThat(readAll(LineSplits.ownedLines(src, b.length, 4, 5))).isEmpty();
    assertThat(LineSplits.lineStarts(src, b.length, 4, 5)).isZero();
    assertThat(readAll(LineSplits.ownedLines(src, b.length, 4, 6)))
        .isEqualTo("😀\n".getBytes(StandardCharsets.UTF_8));
    // one that begins inside 😀 owns the last line, which has no newline
    assertThat(readAll(LineSplits.ownedLines(src, b.length, 6, 11))).isEqualTo(new byte[] {'x'});
    assertThat(LineSplits.lineStarts(src, b.length, 6, 11)).isEqualTo(1);
    // a split that begins just after \n begins with that line; the final newline starts none
    byte[] c = "a\nb\n".getBytes(StandardCharsets.UTF_8);
    LineSplits.RangeSource cs = source(c, reads);
    assertThat(readAll(LineSplits.ownedLines(cs, c.length, 2, 3)))
        .isEqualTo("b\n".getBytes(StandardCharsets.UTF_8));
    assertThat(readAll(LineSplits.ownedLines(cs, c.length, 3, 4))).isEmpty();
    assertThat(LineSplits.lineStarts(cs, c.length, 3, 4)).isZero();
  }

  @Test
  void ownedLines_shouldReadLittleBeyondItsRange_whenTheLastLineEndsJustAfterIt() {
    // GIVEN 10 lines of 100 bytes, split in 4 ranges of 250 bytes
    byte[] b = ("x".repeat(99) + "\n").repeat(10).getBytes(StandardCharsets.US_ASCII);
    long[] reads = {0};
    LineSplits.RangeSource src = source(b, reads);
    long total = 0;
    for (LineSplits.Range r : LineSplits.ranges(b.length, 250)) {
      total += readAll(LineSplits.ownedLines(src, b.length, r.start(), r.end())).length;
    }
    // THEN every byte is delivered once, and the reads past the ends are bounded by the edge chunk
    assertThat(total).isEqualTo(b.length);
    assertThat(reads[0]).isLessThanOrEqualTo(b.length + 4L * LineSplits.EDGE_CHUNK_BYTES);
  }
}
