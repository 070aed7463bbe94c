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
}
