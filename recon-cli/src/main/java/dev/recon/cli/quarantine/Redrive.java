package dev.recon.cli.quarantine;

import dev.recon.core.layout.Layout;
import dev.recon.core.quarantine.LineRanges;
import dev.recon.core.quarantine.RedriveOf;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A file of fixed lines turned into redrive inputs of stateless batch {@code S}: line i of the file
 * replaces the i-th quarantined line of {@code S} (the order of {@code recon quarantine export}); a
 * blank line (empty or only spaces and tabs) leaves that quarantined line out. The file must have
 * exactly as many lines as {@code S} quarantined: with fewer or more, some line would replace the
 * wrong one, so nothing is landed.
 *
 * <p>The kept lines become one input object (more when the list of positions would not fit the
 * object metadata: {@link #MAX_RANGES_CHARS} per object) carrying its window and {@code
 * redrive-of}/{@code redrive-lines}; the backlog manager registers it like any input and records
 * the redrive (INPUT attributes, {@code redrivenBy} on {@code S}).
 */
public final class Redrive {
  /** S3 user metadata is at most 2 KB in all: the positions of one object stay below this. */
  public static final int MAX_RANGES_CHARS = 1500;

  /** One input object to land: key, bytes, metadata. */
  public record Part(String key, byte[] bytes, Map<String, String> metadata, RedriveOf of) {}

  /** What a file holds against the batch's quarantine. */
  public record Plan(
      long batch,
      long fileLines,
      long quarantined,
      long kept,
      long blank,
      long unchanged,
      List<Part> parts) {}

  /** The file does not line up with the batch's quarantine; nothing was landed. */
  public static final class MismatchException extends RuntimeException {
    MismatchException(String message) {
      super(message);
    }
  }

  private Redrive() {}

  /**
   * Plans the redrive of {@code file} for batch {@code s} whose quarantined lines, in order, are
   * {@code originals} (their exact bytes, as exported).
   */
  public static Plan plan(
      long s, Path file, Iterator<byte[]> originals, Instant windowStart, Instant windowEnd)
      throws IOException {
    List<Long> positions = new ArrayList<>();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    long fileLines = 0;
    long quarantined = 0;
    long blank = 0;
    long unchanged = 0;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      byte[] line;
      while ((line = readLine(in)) != null) {
        fileLines++;
        byte[] original = originals.hasNext() ? originals.next() : null;
        if (original != null) {
          quarantined++;
        }
        if (isBlank(line)) {
          blank++;
          continue;
        }
        if (original != null && Arrays.equals(original, line)) {
          unchanged++;
        }
        positions.add(fileLines);
        body.write(line);
        body.write('\n');
      }
    }
    while (originals.hasNext()) {
      originals.next();
      quarantined++;
    }
    if (fileLines != quarantined) {
      throw new MismatchException(
          file
              + " has "
              + fileLines
              + " line(s) but stateless batch "
              + s
              + " quarantined "
              + quarantined
              + ": line i of the file replaces the i-th quarantined line (`recon quarantine"
              + " export` order), so "
              + (fileLines > quarantined
                  ? "the extra lines would replace nothing"
                  : "lines would replace the wrong ones")
              + "; keep one line per quarantined line and blank those to leave out");
    }
    List<Part> parts = new ArrayList<>();
    if (!positions.isEmpty()) {
      parts = parts(s, positions, body.toByteArray(), windowStart, windowEnd);
    }
    return new Plan(
        s, fileLines, quarantined, positions.size(), blank, unchanged, List.copyOf(parts));
  }

  private static List<Part> parts(
      long s, List<Long> positions, byte[] body, Instant windowStart, Instant windowEnd) {
    String digest = sha12(s, positions, body);
    List<List<Long>> chunks = new ArrayList<>();
    List<Long> chunk = new ArrayList<>();
    // the length of the chunk's ranges text, kept as positions are added (one pass)
    int chars = 0;
    long rangeStart = 0;
    for (long p : positions) {
      long last = chunk.isEmpty() ? -1 : chunk.get(chunk.size() - 1);
      int next;
      if (last == p - 1) {
        int old = last == rangeStart ? digits(last) : digits(rangeStart) + 1 + digits(last);
        next = chars - old + digits(rangeStart) + 1 + digits(p);
      } else {
        next = chars + (chunk.isEmpty() ? 0 : 1) + digits(p);
      }
      if (next > MAX_RANGES_CHARS && !chunk.isEmpty()) {
        chunks.add(chunk);
        chunk = new ArrayList<>();
        next = digits(p);
        last = -1;
      }
      if (last != p - 1) {
        rangeStart = p;
      }
      chunk.add(p);
      chars = next;
    }
    chunks.add(chunk);
    List<Part> out = new ArrayList<>();
    int offset = 0;
    for (int c = 0; c < chunks.size(); c++) {
      List<Long> ps = chunks.get(c);
      int start = offset;
      for (int i = 0; i < ps.size(); i++) {
        while (body[offset] != '\n') {
          offset++;
        }
        offset++;
      }
      RedriveOf of = new RedriveOf(s, LineRanges.of(ps));
      Map<String, String> metadata = new TreeMap<>(of.metadata());
      metadata.put(Layout.META_WINDOW_START, windowStart.toString());
      metadata.put(Layout.META_WINDOW_END, windowEnd.toString());
      String id = "redrive-" + s + "-" + digest + (chunks.size() > 1 ? "-p" + (c + 1) : "");
      out.add(
          new Part(
              Layout.inputKey(windowStart, id, false),
              Arrays.copyOfRange(body, start, offset),
              Map.copyOf(metadata),
              of));
    }
    return out;
  }

  private static int digits(long n) {
    return Long.toString(n).length();
  }

  static boolean isBlank(byte[] line) {
    for (byte b : line) {
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  /** A line without its {@code \n}; a {@code \r} before it is kept (the reducer drops it). */
  private static byte[] readLine(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(256);
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

  private static String sha12(long s, List<Long> positions, byte[] body) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update((s + ":" + LineRanges.of(positions) + ":").getBytes());
      sha.update(body);
      return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
