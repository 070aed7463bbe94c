package dev.recon.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BoundedLineReaderTest {

  private static List<RawLine> readAll(byte[] bytes, String name, int maxLine, long maxTotal)
      throws IOException {
    List<RawLine> out = new ArrayList<>();
    try (BoundedLineReader r =
        BoundedLineReader.open(name, new ByteArrayInputStream(bytes), maxLine, maxTotal)) {
      RawLine l;
      while ((l = r.next()) != null) {
        out.add(l);
      }
    }
    return out;
  }

  @Test
  void next_shouldNumberLinesAndStripCr_whenCrlfAndNoFinalNewline() throws IOException {
    List<RawLine> lines =
        readAll("a\r\nbb\n\nccc".getBytes(StandardCharsets.UTF_8), "x.jsonl", 100, 1 << 20);
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
    List<RawLine> lines =
        readAll(("ok\n" + big + "\nafter\n").getBytes(StandardCharsets.UTF_8), "x", 5000, 1 << 30);
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
    assertThat(readAll(bos.toByteArray(), "b.jsonl.gz", 100, 1 << 20))
        .extracting(RawLine::text)
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

  private static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object p : parts) {
      if (p instanceof String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
      } else if (p instanceof Integer b) {
        out.write(b);
      } else {
        out.writeBytes((byte[]) p);
      }
    }
    return out.toByteArray();
  }

  private static byte[] gzip(byte[] plain) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
      gz.write(plain);
    }
    return bos.toByteArray();
  }

  @Test
  void next_shouldNeverRewriteInvalidUtf8_butShowTheBadBytesAsEscapes() throws IOException {
    // GIVEN two ids differing only in a byte that is not UTF-8 (Latin-1 e-acute and e-grave)
    byte[] file = bytes("lat-", 0xE9, "\n", "lat-", 0xE8, "\n", "ok\u00e9\n");
    List<RawLine> lines = readAll(file, "x.jsonl", 100, 1 << 20);
    // THEN neither is decoded to U+FFFD (which would make them one id); the bytes show as \xNN
    assertThat(lines)
        .extracting(RawLine::text)
        .containsExactly("lat-\\xE9", "lat-\\xE8", "ok\u00e9");
    assertThat(lines.get(0).text()).doesNotContain("\uFFFD");
    assertThat(lines).extracting(RawLine::malformedUtf8).containsExactly(true, true, false);
    assertThat(lines.get(0).malformedUtf8At()).isEqualTo(4);
    assertThat(lines.get(0).byteLength()).isEqualTo(5);
  }

  @Test
  void next_shouldFlagOverlongSurrogateTruncatedAndLoneContinuationBytes() throws IOException {
    byte[][] bad = {
      {(byte) 0xC0, (byte) 0x80}, // overlong NUL
      {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, // overlong '/'
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // an encoded surrogate (U+D800)
      {(byte) 0x80}, // a lone continuation byte
      {(byte) 0xE2, (byte) 0x82}, // a truncated sequence (of U+20AC)
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // beyond U+10FFFF
      {(byte) 0xFF},
    };
    for (byte[] b : bad) {
      List<RawLine> lines = readAll(bytes("id-", b, "-x\n"), "x.jsonl", 100, 1 << 20);
      assertThat(lines)
          .singleElement()
          .satisfies(
              l -> {
                assertThat(l.malformedUtf8()).as(java.util.HexFormat.of().formatHex(b)).isTrue();
                assertThat(l.text()).startsWith("id-\\x").endsWith("-x").doesNotContain("\uFFFD");
              });
    }
  }

  @Test
  void next_shouldCutAnOverLongLinesPrefixAtACodePointBoundary() throws IOException {
    // GIVEN an over-long line whose kept prefix would end inside a 3-byte character
    String big = "ab" + "\u6771".repeat(2000);
    List<RawLine> lines = readAll(bytes(big, "\n"), "x", 5000, 1 << 20);
    RawLine l = lines.get(0);
    assertThat(l.tooLong()).isTrue();
    assertThat(l.text()).doesNotContain("\uFFFD").doesNotContain("\\x");
    assertThat(l.malformedUtf8()).isFalse();
    assertThat(l.text())
        .isEqualTo("ab" + "\u6771".repeat((BoundedLineReader.KEPT_PREFIX_BYTES - 2) / 3));
    assertThat((BoundedLineReader.KEPT_PREFIX_BYTES - 2) % 3)
        .as("the prefix really splits a character")
        .isNotZero();
  }

  @Test
  void next_shouldStripAByteOrderMark_onlyAtTheStartOfTheObject_plainOrGzip() throws IOException {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] plain = bytes(bom, "{\"a\":1}\r\n", bom, "{\"b\":2}\n");
    for (boolean gz : new boolean[] {false, true}) {
      List<RawLine> lines =
          readAll(gz ? gzip(plain) : plain, gz ? "x.jsonl.gz" : "x.jsonl", 100, 1 << 20);
      assertThat(lines).extracting(RawLine::text).containsExactly("{\"a\":1}", "\uFEFF{\"b\":2}");
      assertThat(lines.get(0).byteLength()).isEqualTo(7);
    }
    // a BOM alone is an empty object; a BOM arriving one byte per read is still stripped
    assertThat(readAll(bom, "x.jsonl", 100, 1 << 20)).isEmpty();
    java.io.InputStream trickle =
        new java.io.FilterInputStream(new ByteArrayInputStream(plain)) {
          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 1));
          }
        };
    try (BoundedLineReader r = new BoundedLineReader(trickle, 100, 1 << 20)) {
      assertThat(r.next().text()).isEqualTo("{\"a\":1}");
    }
  }

  /**
   * A stream handing out at most the next of {@code sizes} bytes per read (cycling), a 0 among them
   * meaning a read that returns 0 bytes (unless the read before did), however much was asked for.
   */
  private static InputStream chunked(byte[] bytes, List<Integer> sizes) {
    return new FilterInputStream(new ByteArrayInputStream(bytes)) {
      private int call;
      private boolean returnedZero;

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int size = sizes.isEmpty() ? len : sizes.get(call++ % sizes.size());
        // never two empty reads in a row, so a list of zeros still makes progress
        if (size == 0 && !returnedZero && len > 0 && available() > 0) {
          returnedZero = true;
          return 0;
        }
        returnedZero = false;
        return super.read(b, off, Math.min(len, Math.max(size, 1)));
      }
    };
  }

  private static List<RawLine> readAll(BoundedLineReader r) throws IOException {
    List<RawLine> out = new ArrayList<>();
    RawLine l;
    while ((l = r.next()) != null) {
      out.add(l);
    }
    return out;
  }

  /** The longest prefix of {@code s}, whole code points only, of at most {@code bytes} in UTF-8. */
  private static String utf8Prefix(String s, int bytes) {
    int end = 0;
    int used = 0;
    while (end < s.length()) {
      int cp = s.codePointAt(end);
      int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (used + n > bytes) {
        break;
      }
      used += n;
      end += Character.charCount(cp);
    }
    return s.substring(0, end);
  }

  @Provide
  Arbitrary<List<String>> lines() {
    return Arbitraries.of("a", "b", " ", "{", "\t", "\u00e9", "\u6771", "\uD83D\uDE00", "\uFEFF")
        .list()
        .ofMaxSize(120)
        .map(tokens -> String.join("", tokens))
        .list()
        .ofMaxSize(8);
  }

  @Property(tries = 300)
  void next_shouldSplitLinesAsBufferedReaderDoes_howeverTheReadsAreCut(
      @ForAll("lines") List<String> lines,
      @ForAll List<Boolean> crlf,
      @ForAll boolean finalNewline,
      @ForAll boolean byteOrderMark,
      @ForAll boolean objectStart,
      @ForAll @IntRange(min = 0, max = 50) int linesBefore,
      @ForAll @IntRange(min = 1, max = 600) int maxLineBytes,
      @ForAll("readSizes") List<Integer> readSizes)
      throws IOException {
    // GIVEN lines (none holds \r or \n) joined by \n or \r\n, maybe after a byte-order mark
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    if (byteOrderMark) {
      file.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    }
    for (int i = 0; i < lines.size(); i++) {
      file.writeBytes(lines.get(i).getBytes(StandardCharsets.UTF_8));
      if (i < lines.size() - 1 || finalNewline) {
        boolean cr = !crlf.isEmpty() && crlf.get(i % crlf.size());
        file.writeBytes((cr ? "\r\n" : "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    byte[] bytes = file.toByteArray();

    // WHEN
    List<RawLine> got;
    try (BoundedLineReader r =
        new BoundedLineReader(
            chunked(bytes, readSizes), maxLineBytes, Long.MAX_VALUE, linesBefore, objectStart)) {
      got = readAll(r);
      assertThat(r.linesRead()).isEqualTo(linesBefore + got.size());
    }

    // THEN the lines are BufferedReader's (of the bytes after the mark only at an object start)
    boolean marked =
        bytes.length >= 3
            && bytes[0] == (byte) 0xEF
            && bytes[1] == (byte) 0xBB
            && bytes[2] == (byte) 0xBF;
    int skip = marked && objectStart ? 3 : 0;
    List<String> expected = new ArrayList<>();
    try (BufferedReader oracle =
        new BufferedReader(
            new InputStreamReader(
                new ByteArrayInputStream(bytes, skip, bytes.length - skip),
                StandardCharsets.UTF_8))) {
      String l;
      while ((l = oracle.readLine()) != null) {
        expected.add(l);
      }
    }
    assertThat(got).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      String want = expected.get(i);
      int length = want.getBytes(StandardCharsets.UTF_8).length;
      RawLine line = got.get(i);
      assertThat(line.lineNumber()).isEqualTo(linesBefore + i + 1L);
      assertThat(line.byteLength()).as("line %d", i).isEqualTo(length);
      assertThat(line.tooLong()).as("line %d", i).isEqualTo(length > maxLineBytes);
      assertThat(line.malformedUtf8()).isFalse();
      assertThat(line.malformedUtf8At()).isEqualTo(-1);
      assertThat(line.text())
          .as("line %d", i)
          .isEqualTo(
              length > maxLineBytes
                  ? utf8Prefix(
                      want, Math.min(maxLineBytes + 1, BoundedLineReader.KEPT_PREFIX_BYTES))
                  : want);
    }
  }

  @Provide
  Arbitrary<List<Integer>> readSizes() {
    return Arbitraries.integers().between(0, 9).list().ofMaxSize(6);
  }

  @Test
  void next_shouldMeasureACrlfLineWithoutItsCr_atAndAboveTheBound() throws IOException {
    // GIVEN lines of exactly the bound, one byte over it, and far over it, each ended by \r\n
    byte[] file = bytes("abcde\r\n", "abcdef\r\n", "x".repeat(3000), "\r\n", "\r\n");

    // WHEN
    List<RawLine> lines = readAll(file, "x.jsonl", 5, 1 << 20);

    // THEN the \r is part of the terminator, as with a line of the bound's size
    assertThat(lines).extracting(RawLine::byteLength).containsExactly(5L, 6L, 3000L, 0L);
    assertThat(lines).extracting(RawLine::tooLong).containsExactly(false, true, true, false);
    assertThat(lines).extracting(RawLine::text).containsExactly("abcde", "abcdef", "xxxxxx", "");
  }

  @Test
  void next_shouldKeepTheBoundPlusOneBytes_ofALineJustOverAShortBound() throws IOException {
    // GIVEN a bound of 10 bytes and lines of 10, 11 and 20 bytes
    byte[] file = bytes("0123456789\n", "0123456789A\n", "0123456789ABCDEFGHIJ\n");

    // WHEN
    List<RawLine> lines = readAll(file, "x", 10, 1 << 20);

    // THEN
    assertThat(lines).extracting(RawLine::tooLong).containsExactly(false, true, true);
    assertThat(lines)
        .extracting(RawLine::text)
        .containsExactly("0123456789", "0123456789A", "0123456789A");
    assertThat(lines).extracting(RawLine::byteLength).containsExactly(10L, 11L, 20L);
  }

  @Test
  void next_shouldReadALongLineWhole_whenItSpansReadChunksButFitsTheBound() throws IOException {
    // GIVEN a 150,000-byte line (beyond the 64 KiB read chunk) under a 200,000-byte bound
    String big = "\u00e9a\u6771".repeat(25_000);
    byte[] file = bytes("s\n", big, "\nt");

    // WHEN
    List<RawLine> lines = readAll(file, "x", 200_000, 1 << 20);

    // THEN
    assertThat(lines).extracting(RawLine::text).containsExactly("s", big, "t");
    assertThat(lines.get(1).byteLength()).isEqualTo(150_000);
    assertThat(lines.get(1).tooLong()).isFalse();
  }

  @Test
  void next_shouldAcceptExactlyTheTotalBound_andNameTheLineNear_whenOneByteMoreArrives()
      throws IOException {
    byte[] file = bytes("a\nb\nc\n");
    // GIVEN a total bound equal to the input's size: all three lines are read
    assertThat(readAll(file, "x", 100, 6)).extracting(RawLine::text).containsExactly("a", "b", "c");

    // WHEN the bound is one byte short, read a byte at a time
    try (BoundedLineReader r = new BoundedLineReader(chunked(file, List.of(1)), 100, 5)) {
      assertThat(r.next().text()).isEqualTo("a");
      assertThat(r.next().text()).isEqualTo("b");
      // THEN the 6th byte (in line 3) fails the object
      assertThatThrownBy(r::next)
          .isInstanceOf(BoundedLineReader.InputTooLargeException.class)
          .hasMessage("input expands beyond 5 bytes (near line 3)");
    }
    // AND a byte-order mark counts towards the bound while it is being looked for
    assertThatThrownBy(
            () ->
                readAll(
                    new BoundedLineReader(
                        chunked(bytes(0xEF, 0xBB, 0xBF, "a\n"), List.of(1)), 100, 2)))
        .isInstanceOf(BoundedLineReader.InputTooLargeException.class)
        .hasMessage("input expands beyond 2 bytes (near line 1)");
  }

  @Test
  void constructor_shouldRefuseANegativeLineCountBefore_andNumberFromTheGivenOne()
      throws IOException {
    assertThatThrownBy(
            () -> new BoundedLineReader(new ByteArrayInputStream(new byte[0]), 10, 10, -1, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("negative linesBefore -1");

    // GIVEN a split from the middle of an object that happens to start with the mark's bytes
    byte[] split = bytes(0xEF, 0xBB, 0xBF, "x\ny\n");
    try (BoundedLineReader r =
        new BoundedLineReader(new ByteArrayInputStream(split), 100, 1 << 20, 41, false)) {
      assertThat(r.linesRead()).isEqualTo(41);
      List<RawLine> lines = readAll(r);
      // THEN the mark is data and the lines are numbered after the 41 before the split
      assertThat(lines).extracting(RawLine::text).containsExactly("\uFEFFx", "y");
      assertThat(lines).extracting(RawLine::lineNumber).containsExactly(42L, 43L);
      assertThat(lines.get(0).byteLength()).isEqualTo(4);
      assertThat(r.linesRead()).isEqualTo(43);
    }
  }

  @Test
  void next_shouldKeepBytesThatOnlyResembleAByteOrderMark_asData() throws IOException {
    // GIVEN three-byte characters differing from the mark in one byte each, and short objects
    byte[][] lookalikes = {
      {(byte) 0xEE, (byte) 0xBB, (byte) 0xBF},
      {(byte) 0xEF, (byte) 0xBA, (byte) 0xBF},
      {(byte) 0xEF, (byte) 0xBB, (byte) 0xBE}
    };
    for (byte[] b : lookalikes) {
      for (List<Integer> sizes : List.of(List.<Integer>of(), List.of(1), List.of(2, 0))) {
        try (BoundedLineReader r =
            new BoundedLineReader(chunked(bytes(b, "z\n"), sizes), 100, 1 << 20)) {
          RawLine l = r.next();
          assertThat(l.text()).isEqualTo(new String(b, StandardCharsets.UTF_8) + "z");
          assertThat(l.byteLength()).isEqualTo(4);
          assertThat(r.next()).isNull();
        }
      }
    }
    // AND objects shorter than a mark are read as they are, whole
    for (String tiny : List.of("a", "ab", "a\n", "\n")) {
      for (List<Integer> sizes : List.of(List.<Integer>of(), List.of(1), List.of(0, 1))) {
        try (BoundedLineReader r =
            new BoundedLineReader(chunked(bytes(tiny), sizes), 100, 1 << 20)) {
          List<RawLine> lines = readAll(r);
          assertThat(lines).extracting(RawLine::text).containsExactly(tiny.replace("\n", ""));
        }
      }
    }
  }

  @Test
  void next_shouldReportTheFirstBadByte_andEscapeEveryBadSequence() throws IOException {
    // GIVEN a bad byte first, then bad bytes after valid multi-byte characters
    byte[] file =
        bytes(
            0xFF,
            "a\n",
            "\u00e9\u6771",
            0x80,
            "b",
            0xC3,
            0x28,
            "\n",
            "\u00e9\u00e9\u00e9".repeat(100),
            0xFE,
            "\n");

    // WHEN
    List<RawLine> lines = readAll(file, "x", 1000, 1 << 20);

    // THEN offsets count bytes (é is 2, 東 is 3), every bad byte shows, valid text around it stays
    assertThat(lines).extracting(RawLine::malformedUtf8At).containsExactly(0, 5, 600);
    assertThat(lines).extracting(RawLine::malformedUtf8).containsExactly(true, true, true);
    assertThat(lines)
        .extracting(RawLine::text)
        .containsExactly(
            "\\xFFa", "\u00e9\u6771\\x80b\\xC3(", "\u00e9\u00e9\u00e9".repeat(100) + "\\xFE");
    assertThat(lines).extracting(RawLine::byteLength).containsExactly(2L, 9L, 601L);
  }

  @Test
  void next_shouldReadALoneCrAsAnEmptyLine() throws IOException {
    List<RawLine> lines = readAll(bytes("\r\n", "\r\n", "a"), "x", 100, 1 << 20);
    assertThat(lines).extracting(RawLine::text).containsExactly("", "", "a");
    assertThat(lines).extracting(RawLine::byteLength).containsExactly(0L, 0L, 1L);
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
    new BoundedLineReader(in, 10, 10).close();
    assertThat(closed).isTrue();
  }

  @Test
  void rawLine_shouldBeWellFormed_withTheFourArgumentConstructor_andMalformedFromOffsetZero() {
    assertThat(new RawLine(3, "t", 1, false).malformedUtf8At()).isEqualTo(-1);
    assertThat(new RawLine(3, "t", 1, false).malformedUtf8()).isFalse();
    assertThat(new RawLine(3, "\\xFF", 1, false, 0).malformedUtf8()).isTrue();
  }
}
