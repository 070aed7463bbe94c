package dev.recon.spark;

import dev.recon.core.contract.PartFileStats;
import dev.recon.core.port.ObjectStore;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * Writes one part-file of {@code \n}-terminated lines to a local temporary file while counting its
 * records and bytes and hashing it, then uploads it in one go.
 *
 * <p>Why a local file: a part-file can be far larger than a task's heap, and S3 objects cannot be
 * appended to; the spill file is streamed to S3 as a multipart upload, and the object only becomes
 * visible when complete, so readers never see half a part-file. The SHA-256 goes into the manifest,
 * which is how a rerun proves it produced the same bytes.
 */
public final class PartFileWriter implements Closeable {
  /**
   * Below this a part-file is uploaded with one PUT; above, as a multipart upload in parts of this
   * size.
   */
  public static final long MULTIPART_PART_BYTES_DEFAULT = 16L * 1024 * 1024;

  private final Path file;
  private final MessageDigest sha256;
  private final OutputStream out;
  private long records;
  private long bytes;
  private boolean closed;

  public PartFileWriter() {
    try {
      file = Files.createTempFile("recon-part-", ".jsonl");
      sha256 = MessageDigest.getInstance("SHA-256");
      out =
          new DigestOutputStream(
              new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), sha256);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Appends one line: {@code content} then {@code \n}. Returns the line's offset. */
  public long writeLine(byte[] content) {
    return writeLine(
        o -> {
          try {
            o.write(content);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /**
   * Appends one line written by {@code writer} (which must not write a newline) and the {@code \n}.
   * Returns the line's offset.
   */
  public long writeLine(Consumer<OutputStream> writer) {
    long start = bytes;
    CountingStream counting = new CountingStream(out);
    writer.accept(counting);
    if (counting.count == 0) {
      throw new IllegalArgumentException("empty line at record " + (records + 1));
    }
    try {
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    bytes += counting.count + 1;
    records++;
    return start;
  }

  public long records() {
    return records;
  }

  public long bytes() {
    return bytes;
  }

  /** Finishes the file; returns its statistics under {@code key}. Idempotent. */
  public PartFileStats finish(String key) {
    closeQuietly();
    return new PartFileStats(key, records, bytes, HexFormat.of().formatHex(sha256.digest()));
  }

  /** Finishes the file and uploads it to {@code key}. */
  public PartFileStats upload(ObjectStore store, String key) {
    PartFileStats stats = finish(key);
    if (bytes < MULTIPART_PART_BYTES_DEFAULT) {
      try {
        store.put(key, Files.readAllBytes(file));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    } else {
      store.putMultipart(key, file, MULTIPART_PART_BYTES_DEFAULT);
    }
    return stats;
  }

  private void closeQuietly() {
    if (!closed) {
      closed = true;
      try {
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  public void close() {
    try {
      closeQuietly();
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // A leftover temp file is not worth failing a batch for.
      }
    }
  }

  /** Counts what the line writer writes, and keeps it from closing the file. */
  private static final class CountingStream extends OutputStream {
    private final OutputStream out;
    private long count;

    CountingStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      if (b == '\n') {
        throw new IllegalArgumentException("a record must not contain a raw newline");
      }
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      for (int i = off; i < off + len; i++) {
        if (b[i] == '\n') {
          throw new IllegalArgumentException("a record must not contain a raw newline");
        }
      }
      out.write(b, off, len);
      count += len;
    }

    @Override
    public void close() {
      // The part-file stays open for the next line.
    }
  }
}
