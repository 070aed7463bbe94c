package dev.recon.reducer;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Byte-range splits of a plain JSON Lines object, aligned to line boundaries the way Hadoop's
 * {@code LineRecordReader} aligns them, as pure functions over a {@link RangeSource}.
 *
 * <p><b>Ownership.</b> A line <i>starts</i> at byte 0 (of a non-empty object) and after every
 * {@code \n} that is not the object's last byte (the newline ending the file starts no line, as in
 * the core {@code BoundedLineReader}). Split {@code [s, e)} owns exactly the lines that start in
 * it. Its reader therefore skips, unless {@code s = 0}, the bytes up to the first line start at or
 * after {@code s} (it looks at byte {@code s-1}: a split that begins right after a {@code \n}
 * begins with a line), and reads past {@code e} to finish its last line. Every line is owned by
 * exactly one split, whatever the split size, so the lines of all splits, in split order, are the
 * lines of the object.
 *
 * <p>Only {@code \n} (0x0A) ends a line: a {@code \r} before it is part of the line's bytes (the
 * line reader drops it), so a split between {@code \r} and {@code \n} changes nothing; and 0x0A
 * never occurs inside a multi-byte UTF-8 sequence, so a split inside a character changes nothing
 * either: the line holding it is decoded whole by the one split that owns it.
 *
 * <p><b>Line numbers.</b> The number of lines split {@code [s, e)} owns is a plain count of {@code
 * \n} bytes in {@code [s-1, e-1)} (plus the line at 0), computed by {@link #lineStarts} without
 * decoding anything; the first line number of split {@code k} is one plus the sum over the splits
 * before it.
 */
public final class LineSplits {
  /** Bytes fetched per ranged GET while reading a split's own bytes. */
  static final int BODY_CHUNK_BYTES = 8 << 20;

  /** Bytes fetched per ranged GET while looking for a line end outside the split. */
  static final int EDGE_CHUNK_BYTES = 64 << 10;

  private LineSplits() {}

  /** Reads {@code length} bytes at {@code offset}, all inside the object. */
  @FunctionalInterface
  public interface RangeSource {
    byte[] read(long offset, int length);
  }

  /** One byte range {@code [start, end)} of an object. */
  public record Range(long start, long end) implements java.io.Serializable {}

  /**
   * {@code [0, size)} cut into ranges of {@code splitBytes} (the last one shorter); one if empty.
   */
  public static List<Range> ranges(long size, long splitBytes) {
    if (splitBytes < 1) {
      throw new IllegalArgumentException("splitBytes must be >= 1: " + splitBytes);
    }
    List<Range> out = new ArrayList<>();
    if (size <= splitBytes) {
      out.add(new Range(0, size));
      return out;
    }
    for (long s = 0; s < size; s += splitBytes) {
      out.add(new Range(s, Math.min(size, s + splitBytes)));
    }
    return out;
  }

  /** How many lines start in {@code [start, end)} of an object of {@code size} bytes. */
  public static long lineStarts(RangeSource src, long size, long start, long end) {
    long count = start == 0 && size > 0 && end > 0 && !onlyByteOrderMark(src, size) ? 1 : 0;
    long from = Math.max(start - 1, 0);
    long to = Math.min(end - 1, size - 1);
    for (long at = from; at < to; ) {
      int n = (int) Math.min(BODY_CHUNK_BYTES, to - at);
      byte[] b = src.read(at, n);
      for (int i = 0; i < n; i++) {
        if (b[i] == '\n') {
          count++;
        }
      }
      at += n;
    }
    return count;
  }

  /** An object that is just a byte-order mark has no line (the reader skips the mark). */
  private static boolean onlyByteOrderMark(RangeSource src, long size) {
    if (size != 3) {
      return false;
    }
    byte[] b = src.read(0, 3);
    return b[0] == (byte) 0xEF && b[1] == (byte) 0xBB && b[2] == (byte) 0xBF;
  }

  /**
   * The bytes of exactly the lines that start in {@code [start, end)}, each with its terminator
   * (the last line of the object may have none), read with ranged reads.
   */
  public static InputStream ownedLines(RangeSource src, long size, long start, long end) {
    return new OwnedLines(src, size, start, end);
  }

  private static final class OwnedLines extends InputStream {
    private final RangeSource src;
    private final long size;
    private final long end;
    private long pos;
    private boolean done;
    private boolean inTail;
    private byte[] buf = new byte[0];
    private long bufStart;

    OwnedLines(RangeSource src, long size, long start, long end) {
      this.src = src;
      this.size = size;
      this.end = Math.min(end, size);
      if (start >= this.end) {
        done = true;
      } else if (start == 0) {
        pos = 0;
      } else {
        long first = firstLineStart(start - 1);
        if (first < 0) {
          done = true;
        } else {
          pos = first;
        }
      }
    }

    /** After the first {@code \n} in {@code [from, end-1)}, or -1 if the split owns no line. */
    private long firstLineStart(long from) {
      for (long at = from; at < end - 1; ) {
        int n = (int) Math.min(EDGE_CHUNK_BYTES, end - 1 - at);
        byte[] b = src.read(at, n);
        for (int i = 0; i < n; i++) {
          if (b[i] == '\n') {
            return at + i + 1;
          }
        }
        at += n;
      }
      return -1;
    }

    /** Makes {@code pos} buffered; reads at most up to {@code limit}. */
    private void ensure(long limit, int chunk) {
      if (pos >= bufStart && pos < bufStart + buf.length) {
        return;
      }
      int n = (int) Math.min(chunk, limit - pos);
      buf = src.read(pos, n);
      bufStart = pos;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (!done && !inTail && pos >= end) {
        // The split's bytes are delivered; finish the line holding byte end-1, if it goes on.
        if (end >= size || lastByte() == '\n') {
          done = true;
        } else {
          inTail = true;
        }
      }
      if (done) {
        return -1;
      }
      if (!inTail) {
        ensure(end, BODY_CHUNK_BYTES);
        int n = (int) Math.min(len, Math.min(end - pos, bufStart + buf.length - pos));
        System.arraycopy(buf, (int) (pos - bufStart), b, off, n);
        pos += n;
        return n;
      }
      ensure(size, EDGE_CHUNK_BYTES);
      int from = (int) (pos - bufStart);
      int max = (int) Math.min(len, bufStart + buf.length - pos);
      int n = 0;
      while (n < max) {
        byte c = buf[from + n];
        b[off + n] = c;
        n++;
        if (c == '\n') {
          done = true;
          break;
        }
      }
      pos += n;
      if (pos >= size) {
        done = true;
      }
      return n;
    }

    private byte lastByte() {
      long at = end - 1;
      if (at >= bufStart && at < bufStart + buf.length) {
        return buf[(int) (at - bufStart)];
      }
      return src.read(at, 1)[0];
    }
  }
}
