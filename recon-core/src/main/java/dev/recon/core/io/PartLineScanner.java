package dev.recon.core.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Streams the lines of a part-file (one record per {@code \n}-terminated line) and tells each
 * line's byte offset and length, which is exactly what an index entry stores.
 *
 * <p>Only the first {@code keepBytes} bytes of a line are kept in memory: the indexer keeps whole
 * lines only when they are small enough to cache and otherwise just the header, so a line of
 * hundreds of megabytes streams through in 64 KiB chunks. A part-file is written whole and
 * newline-terminated; an empty line or a last line without {@code \n} means a damaged or truncated
 * object and fails the scan instead of producing a wrong offset.
 */
public final class PartLineScanner implements Closeable {
  private static final int CHUNK = 1 << 16;

  private final InputStream in;
  private final String name;
  private final byte[] chunk = new byte[CHUNK];
  private int pos;
  private int limit;
  private boolean eof;
  private long offset;
  private long lineNumber;

  public PartLineScanner(InputStream in, String name) {
    this.in = in;
    this.name = name;
  }

  /**
   * One line: its position, full length (without the {@code \n}), and its first bytes.
   *
   * @param kept the first {@code min(length, keepBytes)} bytes of the line
   */
  public record ScannedLine(long lineNumber, long offset, long length, byte[] kept) {
    /** Whether {@link #kept} is the whole line. */
    public boolean complete() {
      return kept.length == length;
    }
  }

  /**
   * The next line, or null at the end of the object.
   *
   * @param keepBytes how many of the line's first bytes to keep
   */
  public ScannedLine next(int keepBytes) throws IOException {
    if (pos == limit && !fill()) {
      return null;
    }
    long start = offset;
    byte[] kept = new byte[Math.min(keepBytes, 1024)];
    int keptLen = 0;
    long length = 0;
    while (true) {
      if (pos == limit && !fill()) {
        throw new IOException(
            name
                + ": line "
                + (lineNumber + 1)
                + " at byte "
                + start
                + " is not newline-terminated (truncated object?)");
      }
      int stop = pos;
      while (stop < limit && chunk[stop] != '\n') {
        stop++;
      }
      int n = stop - pos;
      int keep = (int) Math.min(n, Math.max(0, keepBytes - keptLen));
      if (keep > 0) {
        if (keptLen + keep > kept.length) {
          kept =
              Arrays.copyOf(
                  kept, (int) Math.min(keepBytes, Math.max(keptLen + keep, 2L * kept.length)));
        }
        System.arraycopy(chunk, pos, kept, keptLen, keep);
        keptLen += keep;
      }
      length += n;
      if (stop < limit) {
        pos = stop + 1;
        break;
      }
      pos = limit;
    }
    lineNumber++;
    offset = start + length + 1;
    if (length == 0) {
      throw new IOException(name + ": empty line " + lineNumber + " at byte " + start);
    }
    return new ScannedLine(
        lineNumber, start, length, keptLen == kept.length ? kept : Arrays.copyOf(kept, keptLen));
  }

  /** Bytes consumed so far: after the last line, the object's size. */
  public long position() {
    return offset;
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    int n;
    do {
      n = in.read(chunk, 0, CHUNK);
    } while (n == 0);
    if (n < 0) {
      eof = true;
      pos = limit = 0;
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
