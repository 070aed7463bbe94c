package dev.recon.core.quarantine;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.layout.Layout;
import dev.recon.core.model.QuarantineRecord;
import dev.recon.core.port.ObjectInfo;
import dev.recon.core.port.ObjectStore;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Streams the quarantine records of one stateless batch, {@code quarantine/<S>/part-*.jsonl} in key
 * order and each file in line order, numbering them 1, 2, … ({@link Positioned#position}): the
 * order of {@code recon quarantine list} and {@code export}, in which a redrive names the lines it
 * replaces. One part-file is open at a time and one record is held, so a batch with millions of
 * quarantined lines is read in bounded memory. The reducer writes these files once, at commit, so
 * the order is stable.
 */
public final class QuarantineReader implements Iterator<QuarantineReader.Positioned>, Closeable {
  /** A record and its 1-based position in the batch's listing. */
  public record Positioned(long batch, long position, QuarantineRecord record) {}

  private final ObjectStore store;
  private final long batch;
  private final Iterator<ObjectInfo> parts;
  private InputStream current;
  private Positioned next;
  private long position;

  /** The quarantine of stateless batch {@code batch}. */
  public QuarantineReader(ObjectStore store, long batch) {
    this(store, batch, Layout.quarantineDir(batch));
  }

  /**
   * The conflicting duplicates stateful batch {@code n} quarantined ({@link
   * Layout#stateQuarantineDir}); numbered the same way.
   */
  public static QuarantineReader stateful(ObjectStore store, long n) {
    return new QuarantineReader(store, n, Layout.stateQuarantineDir(n));
  }

  private QuarantineReader(ObjectStore store, long batch, String dir) {
    this.store = store;
    this.batch = batch;
    List<ObjectInfo> listed =
        store.list(dir).stream().filter(o -> o.key().endsWith(".jsonl")).toList();
    this.parts = listed.iterator();
  }

  @Override
  public boolean hasNext() {
    if (next != null) {
      return true;
    }
    try {
      while (true) {
        if (current == null) {
          if (!parts.hasNext()) {
            return false;
          }
          current = new BufferedInputStream(store.open(parts.next().key()), 1 << 16);
        }
        byte[] line = readLine(current);
        if (line == null) {
          current.close();
          current = null;
          continue;
        }
        if (line.length == 0) {
          continue;
        }
        next = new Positioned(batch, ++position, CanonicalJson.decodeQuarantine(line));
        return true;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the quarantine of stateless batch " + batch, e);
    }
  }

  @Override
  public Positioned next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Positioned p = next;
    next = null;
    return p;
  }

  private static byte[] readLine(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(512);
    int c;
    boolean any = false;
    while ((c = in.read()) >= 0) {
      any = true;
      if (c == '\n') {
        return b.toByteArray();
      }
      b.write(c);
    }
    return any ? b.toByteArray() : null;
  }

  @Override
  public void close() {
    if (current != null) {
      try {
        current.close();
      } catch (IOException ignored) {
        // reading is over
      }
      current = null;
    }
  }
}
