package dev.recon.core.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads JSON Lines without ever holding more than {@code maxLineBytes} of one line in memory: an
 * over-long line is reported with its first bytes only and the rest is skipped. Lines end at {@code
 * \n}; a {@code \r} before it is dropped; a final line without {@code \n} still counts; the newline
 * ending the file does not start another line. Decompressed input can be capped too, so a small
 * gzip bomb is rejected instead of read.
 *
 * <p>A UTF-8 byte-order mark ({@code EF BB BF}) at the very start of the (decompressed) object is
 * skipped and counts in no line's length; anywhere else it is data. Lines are decoded as strict
 * UTF-8 (a {@link CharsetDecoder} that reports malformed input, over the whole line's bytes):
 * nothing is ever replaced by U+FFFD. A line that is not valid UTF-8 — stray or missing
 * continuation bytes, overlong encodings, encoded surrogates, code points beyond U+10FFFF — comes
 * back flagged ({@link RawLine#malformedUtf8At}) with its bad bytes written as {@code \xNN}. The
 * kept prefix of an over-long line is decoded the same way and cut before a character its prefix
 * splits.
 */
public final class BoundedLineReader implements Closeable {
  /** How much of an over-long line is kept for the quarantine record. */
  public static final int KEPT_PREFIX_BYTES = 1024;

  private final InputStream in;
  private final int maxLineBytes;
  private final long maxTotalBytes;
  private final byte[] chunk = new byte[1 << 16];
  private int pos;
  private int limit;
  private byte[] buf = new byte[256];
  private long lineNumber;
  private long totalBytes;
  private boolean eof;
  private boolean startChecked;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private CharBuffer chars = CharBuffer.allocate(256);
  private int firstBadByte;

  public BoundedLineReader(InputStream in, int maxLineBytes, long maxTotalBytes) {
    this(in, maxLineBytes, maxTotalBytes, 0, true);
  }

  /**
   * Reads a stream that holds whole lines from the middle of an object (a split of it): its first
   * line is number {@code linesBefore + 1}, and a byte-order mark is skipped only when {@code
   * objectStart} (anywhere else it is data).
   */
  public BoundedLineReader(
      InputStream in, int maxLineBytes, long maxTotalBytes, long linesBefore, boolean objectStart) {
    if (linesBefore < 0) {
      throw new IllegalArgumentException("negative linesBefore " + linesBefore);
    }
    this.in = in;
    this.maxLineBytes = maxLineBytes;
    this.maxTotalBytes = maxTotalBytes;
    this.lineNumber = linesBefore;
    this.startChecked = !objectStart;
  }

  /** Opens {@code raw}, gunzipping when {@code name} ends in {@code .gz}. */
  public static BoundedLineReader open(
      String name, InputStream raw, int maxLineBytes, long maxTotalBytes) throws IOException {
    InputStream in = name.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
    return new BoundedLineReader(in, maxLineBytes, maxTotalBytes);
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    int n;
    do {
      n = in.read(chunk, 0, chunk.length);
    } while (n == 0);
    if (n < 0) {
      eof = true;
      return false;
    }
    count(n);
    pos = 0;
    limit = n;
    return true;
  }

  private void count(int n) throws InputTooLargeException {
    totalBytes += n;
    if (totalBytes > maxTotalBytes) {
      throw new InputTooLargeException(
          "input expands beyond " + maxTotalBytes + " bytes (near line " + (lineNumber + 1) + ")");
    }
  }

  /**
   * Skips a byte-order mark at the very start of the input, however the stream splits its reads.
   */
  private void skipByteOrderMark() throws IOException {
    startChecked = true;
    while (limit - pos < 3 && !eof) {
      if (pos > 0) {
        System.arraycopy(chunk, pos, chunk, 0, limit - pos);
        limit -= pos;
        pos = 0;
      }
      int n = in.read(chunk, limit, chunk.length - limit);
      if (n < 0) {
        eof = true;
      } else {
        count(n);
        limit += n;
      }
    }
    if (limit - pos >= 3
        && chunk[pos] == (byte) 0xEF
        && chunk[pos + 1] == (byte) 0xBB
        && chunk[pos + 2] == (byte) 0xBF) {
      pos += 3;
    }
  }

  /**
   * Decodes {@code buf[0, len)} as strict UTF-8, writing each byte of an invalid sequence as {@code
   * \xNN} and setting {@link #firstBadByte} (else -1). With {@code complete} false (a cut prefix)
   * an incomplete sequence at the end is dropped instead of reported.
   */
  private String decode(int len, boolean complete) {
    firstBadByte = -1;
    decoder.reset();
    if (chars.capacity() < len) {
      chars = CharBuffer.allocate(Math.max(len, chars.capacity() * 2));
    }
    chars.clear();
    ByteBuffer bytes = ByteBuffer.wrap(buf, 0, len);
    StringBuilder escaped = null;
    while (true) {
      CoderResult r = decoder.decode(bytes, chars, complete);
      if (r.isError()) {
        if (escaped == null) {
          firstBadByte = bytes.position();
          escaped = new StringBuilder(len + 16);
        }
        chars.flip();
        escaped.append(chars);
        chars.clear();
        for (int i = 0; i < r.length(); i++) {
          escaped.append(String.format("\\x%02X", bytes.get() & 0xff));
        }
        continue;
      }
      if (r.isOverflow()) {
        // valid UTF-8 never yields more chars than bytes, and the buffer holds len chars
        throw new IllegalStateException(
            "decoding overflowed a buffer of " + chars.capacity() + " chars");
      }
      if (complete) {
        decoder.flush(chars);
      }
      break;
    }
    chars.flip();
    if (escaped == null) {
      return chars.toString();
    }
    return escaped.append(chars).toString();
  }

  /** The next line, or null at the end of the input. */
  public RawLine next() throws IOException {
    if (!startChecked) {
      skipByteOrderMark();
    }
    int len = 0;
    long full = 0;
    boolean sawAny = false;
    boolean ended = false;
    // whether the line's last byte so far is \r: only the first bytes of an over-long line are
    // kept, so the \r ending one is known from the chunk, not from buf
    boolean endsInCr = false;
    while (!ended) {
      if (pos == limit && !fill()) {
        break;
      }
      sawAny = true;
      int start = pos;
      int stop = start;
      while (stop < limit && chunk[stop] != '\n') {
        stop++;
      }
      int n = stop - start;
      if (n > 0) {
        endsInCr = chunk[stop - 1] == '\r';
      }
      full += n;
      int room = maxLineBytes + 1 - len;
      int keep = Math.min(n, Math.max(room, 0));
      if (keep > 0) {
        if (len + keep > buf.length) {
          buf =
              Arrays.copyOf(buf, Math.max(len + keep, Math.min(buf.length * 2, maxLineBytes + 1)));
        }
        System.arraycopy(chunk, start, buf, len, keep);
        len += keep;
      }
      if (stop < limit) {
        ended = true;
        pos = stop + 1;
      } else {
        pos = limit;
      }
    }
    if (!sawAny) {
      return null;
    }
    lineNumber++;
    if (endsInCr) {
      // the \r belongs to the terminator: it counts neither in the length nor against the bound
      if (len == full) {
        len--;
      }
      full--;
    }
    if (full > maxLineBytes) {
      String prefix = decode(Math.min(len, KEPT_PREFIX_BYTES), false);
      return new RawLine(lineNumber, prefix, full, true, firstBadByte);
    }
    String text = decode(len, true);
    return new RawLine(lineNumber, text, full, false, firstBadByte);
  }

  /** The number of the last line read (the lines before the stream included). */
  public long linesRead() {
    return lineNumber;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** The (decompressed) input is larger than allowed: the whole object is rejected. */
  public static final class InputTooLargeException extends IOException {
    public InputTooLargeException(String message) {
      super(message);
    }
  }
}
