package dev.recon.core.quarantine;

import dev.recon.core.port.ObjectStore;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * The exact bytes of lines of input objects, by line number, read forward: what {@code recon
 * quarantine export} writes for a quarantined line whose record cannot give them (an over-long line
 * keeps only its first bytes, a line that is not UTF-8 shows its bad bytes as {@code \xNN}). The
 * reader's rules (BoundedLineReader): lines end at {@code \n}, a {@code \r} before it is dropped, a
 * byte-order mark opening the object is not part of line 1. One object is open at a time; asking
 * for an earlier line than the last reopens it. A line is held whole (it is exported whole).
 */
public final class InputLines implements Closeable {
  private final ObjectStore store;
  private String key;
  private InputStream in;
  private long lineNumber;

  public InputLines(ObjectStore store) {
    this.store = store;
  }

  /**
   * Line {@code n} (1-based) of {@code inputKey} without its terminator, or null if it has none.
   */
  public byte[] line(String inputKey, long n) throws IOException {
    if (n < 1) {
      return null;
    }
    if (!inputKey.equals(key) || n <= lineNumber) {
      close();
      InputStream raw = store.open(inputKey);
      in =
          new BufferedInputStream(
              inputKey.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw, 1 << 16);
      key = inputKey;
      lineNumber = 0;
      in.mark(3);
      if (!(in.read() == 0xEF && in.read() == 0xBB && in.read() == 0xBF)) {
        in.reset();
      }
    }
    while (lineNumber < n - 1) {
      if (!skipLine()) {
        return null;
      }
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream(256);
    int c;
    boolean any = false;
    while ((c = in.read()) >= 0) {
      any = true;
      if (c == '\n') {
        break;
      }
      b.write(c);
    }
    lineNumber++;
    if (!any) {
      return null;
    }
    byte[] out = b.toByteArray();
    if (out.length > 0 && out[out.length - 1] == '\r') {
      return java.util.Arrays.copyOf(out, out.length - 1);
    }
    return out;
  }

  private boolean skipLine() throws IOException {
    int c;
    boolean any = false;
    while ((c = in.read()) >= 0) {
      any = true;
      if (c == '\n') {
        lineNumber++;
        return true;
      }
    }
    if (any) {
      lineNumber++;
    }
    return false;
  }

  @Override
  public void close() {
    if (in != null) {
      try {
        in.close();
      } catch (IOException ignored) {
        // done with it
      }
      in = null;
      key = null;
    }
  }
}
