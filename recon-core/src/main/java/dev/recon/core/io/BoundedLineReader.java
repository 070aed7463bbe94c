package dev.recon.core.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads JSON Lines without ever holding more than {@code maxLineBytes} of one line in memory: an
 * over-long line is reported with its first bytes only and the rest is skipped. Lines end at
 * {@code \n}; a {@code \r} before it is dropped; a final line without {@code \n} still counts; the
 * newline ending the file does not start another line. Decompressed input can be capped too, so a
 * small gzip bomb is rejected instead of read.
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

  public BoundedLineReader(InputStream in, int maxLineBytes, long maxTotalBytes) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
    this.maxTotalBytes = maxTotalBytes;
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
    totalBytes += n;
    if (totalBytes > maxTotalBytes) {
      throw new InputTooLargeException(
          "input expands beyond " + maxTotalBytes + " bytes (near line " + (lineNumber + 1) + ")");
    }
    pos = 0;
    limit = n;
    return true;
  }

  /** The next line, or null at the end of the input. */
  public RawLine next() throws IOException {
    int len = 0;
    long full = 0;
    boolean sawAny = false;
    boolean ended = false;
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
      full += n;
      int room = maxLineBytes + 1 - len;
      int keep = Math.min(n, Math.max(room, 0));
      if (keep > 0) {
        if (len + keep > buf.length) {
          buf = Arrays.copyOf(buf, Math.max(len + keep, Math.min(buf.length * 2, maxLineBytes + 1)));
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
    if (full > maxLineBytes) {
      String prefix = new String(buf, 0, Math.min(len, KEPT_PREFIX_BYTES), StandardCharsets.UTF_8);
      return new RawLine(lineNumber, prefix, full, true);
    }
    if (len > 0 && buf[len - 1] == '\r') {
      len--;
      full--;
    }
    return new RawLine(lineNumber, new String(buf, 0, len, StandardCharsets.UTF_8), full, false);
  }

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
