package dev.recon.processor;

import dev.recon.core.io.PartLineScanner;
import dev.recon.core.port.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * Streams one part-file as rows, one per line, lazily: a task holds one line at a time, and the
 * object is closed when the last line has been read.
 */
final class PartFileRows {
  private PartFileRows() {}

  static <T> Iterator<T> rows(
      ObjectStore store, String key, Function<PartLineScanner.ScannedLine, T> toRow) {
    PartLineScanner scanner = new PartLineScanner(store.open(key), key);
    return new Iterator<>() {
      private PartLineScanner.ScannedLine next = advance();

      private PartLineScanner.ScannedLine advance() {
        try {
          PartLineScanner.ScannedLine l = scanner.next(Integer.MAX_VALUE - 8);
          if (l == null) {
            scanner.close();
          }
          return l;
        } catch (IOException e) {
          try {
            scanner.close();
          } catch (IOException suppressed) {
            e.addSuppressed(suppressed);
          }
          throw new UncheckedIOException("reading " + key, e);
        }
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public T next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        T row = toRow.apply(next);
        next = advance();
        return row;
      }
    };
  }
}
