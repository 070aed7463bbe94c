package dev.recon.reducer;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A local file being written, with its running size, line count and sha256 for the manifest. */
final class HashingFile extends OutputStream {
  private final Path path;
  private final OutputStream out;
  private final MessageDigest sha256;
  private long bytes;
  private long lines;

  HashingFile(Path path) throws IOException {
    this.path = path;
    this.out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    sha256.update((byte) b);
    bytes++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    sha256.update(b, off, len);
    bytes += len;
  }

  /** Writes one record and its terminating newline. */
  void line(byte[] record) throws IOException {
    write(record, 0, record.length);
    write('\n');
    lines++;
  }

  /** Ends a record whose bytes were streamed with {@link #write}. */
  void endLine() throws IOException {
    write('\n');
    lines++;
  }

  Path path() {
    return path;
  }

  long bytes() {
    return bytes;
  }

  long lines() {
    return lines;
  }

  /** Closes the file; the digest is final afterwards. */
  String finish() throws IOException {
    out.close();
    return HexFormat.of().formatHex(sha256.digest());
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
