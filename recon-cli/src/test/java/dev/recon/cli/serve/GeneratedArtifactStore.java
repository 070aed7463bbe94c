package dev.recon.cli.serve;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.model.ArtifactLocation;
import dev.recon.core.model.ArtifactStatus;
import dev.recon.core.model.Line;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.model.Side;
import dev.recon.core.testing.ForwardingObjectStore;
import dev.recon.core.testing.InMemoryObjectStore;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An object store holding one generated artifact of {@code n} lines under {@link #KEY}, in its
 * canonical encoding (id {@code hot}), without holding its bytes: every line encodes to the same
 * length, so any range is computed on request. A million-line artifact (about 200 MB) costs no
 * memory, and the real codec reads it. Other keys go to an in-memory store.
 */
final class GeneratedArtifactStore extends ForwardingObjectStore {
  static final String KEY = "state/0000000001/part-00000.jsonl";
  static final Instant BASE = Instant.parse("2026-11-20T00:00:00.001Z");
  static final Instant AS_OF = Instant.parse("2026-11-22T10:00:00Z");

  final long n;
  final AtomicLong bytesRead = new AtomicLong();
  private final byte[] head;
  private final byte[] tail;
  private final int lineBytes;

  GeneratedArtifactStore(long n) {
    super(new InMemoryObjectStore());
    this.n = n;
    // encode a 2-line artifact with the right totals and cut it at its lines
    ReconciliationArtifact two = artifact(2, n);
    String json = new String(CanonicalJson.encode(two), StandardCharsets.UTF_8);
    String l0 = new String(lineJson(0), StandardCharsets.UTF_8);
    int at = json.indexOf(l0);
    this.head =
        json.substring(0, at)
            .replace("\"lineCount\":2,", "\"lineCount\":" + n + ",")
            .getBytes(StandardCharsets.UTF_8);
    this.lineBytes = lineJson(1).length;
    this.tail = "]}".getBytes(StandardCharsets.UTF_8);
    if (lineJson(n - 1).length != lineBytes) {
      throw new IllegalStateException("lines are not of one width");
    }
  }

  static Line line(long i) {
    return new Line(
        String.format("e-%09d", i),
        BASE.plusSeconds(i),
        "charge",
        Side.DEBIT,
        new BigDecimal("1.25"),
        "EUR",
        "shop",
        String.format("ref-%09d", i),
        null,
        1);
  }

  /** The artifact itself with its first {@code lines} lines (the totals are of all {@code n}). */
  static ReconciliationArtifact artifact(int lines, long n) {
    List<Line> ls = new ArrayList<>();
    for (int i = 0; i < lines; i++) {
      ls.add(line(i));
    }
    BigDecimal total = new BigDecimal("1.25").multiply(BigDecimal.valueOf(n));
    TreeMap<String, BigDecimal> m = new TreeMap<>();
    m.put("EUR", total);
    return new ReconciliationArtifact(
        "hot",
        1,
        AS_OF,
        ArtifactStatus.OPEN,
        m,
        m,
        new TreeMap<>(),
        lines,
        BASE,
        BASE.plusSeconds(n - 1),
        ls,
        null);
  }

  private static byte[] lineJson(long i) {
    // one line as the codec writes it inside the array: the object, then a comma unless last
    ReconciliationArtifact one =
        new ReconciliationArtifact(
            "x",
            1,
            AS_OF,
            ArtifactStatus.OPEN,
            new TreeMap<>(),
            new TreeMap<>(),
            new TreeMap<>(),
            1,
            null,
            null,
            List.of(line(i)),
            null);
    String json = new String(CanonicalJson.encode(one), StandardCharsets.UTF_8);
    String l = json.substring(json.indexOf("\"lines\":[") + 9, json.length() - 2);
    return (i == 0 ? l : "," + l).getBytes(StandardCharsets.UTF_8);
  }

  long length() {
    return head.length + (long) lineBytes * n + tail.length;
  }

  ArtifactLocation location() {
    return new ArtifactLocation(KEY, 0, length());
  }

  @Override
  public byte[] getRange(String key, long offset, long length) {
    if (!key.equals(KEY)) {
      return super.getRange(key, offset, length);
    }
    bytesRead.addAndGet(length);
    byte[] out = new byte[Math.toIntExact(length)];
    for (int k = 0; k < out.length; ) {
      long pos = offset + k;
      if (pos < head.length) {
        int c = (int) Math.min(head.length - pos, out.length - k);
        System.arraycopy(head, (int) pos, out, k, c);
        k += c;
        continue;
      }
      long inLines = pos - head.length;
      if (inLines < (long) lineBytes * n) {
        long i = inLines / lineBytes;
        int within = (int) (inLines % lineBytes);
        byte[] l = lineJson(i);
        // line 0 has no comma: shift so every line is lineBytes wide (line 0 ends with a space)
        if (i == 0) {
          l = (new String(l, StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8);
        }
        int c = Math.min(lineBytes - within, out.length - k);
        System.arraycopy(l, within, out, k, c);
        k += c;
        continue;
      }
      int t = (int) (pos - head.length - (long) lineBytes * n);
      int c = Math.min(tail.length - t, out.length - k);
      System.arraycopy(tail, t, out, k, c);
      k += c;
    }
    return out;
  }
}
