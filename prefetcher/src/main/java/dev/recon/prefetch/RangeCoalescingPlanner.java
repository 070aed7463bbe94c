package dev.recon.prefetch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Plans the ranged GETs that fetch a set of artifact ranges, merging ranges of the same part-file
 * that lie close together into one larger GET.
 *
 * <p>Why: the processor writes each batch into a few large part-files sorted by artifactId, so the
 * keys of the next batch that miss the cache often sit near each other. An S3 GET costs a fixed
 * request price and roughly one round trip of latency before the first byte, while a few hundred
 * extra kilobytes stream in a few milliseconds; bridging a small gap is cheaper than a second
 * request. The gap ({@code maxGapBytes}) bounds the bytes read for nothing per bridged pair, and
 * the cap ({@code maxGetBytes}) bounds the memory one GET needs and keeps retries cheap. A single
 * artifact larger than the cap is read as several consecutive GETs of at most the cap and put back
 * together.
 *
 * <p>The plan is pure and deterministic: the same requests give the same GETs in the same order (by
 * part-file, then offset), whatever order the requests come in.
 */
public final class RangeCoalescingPlanner {
  /**
   * Largest gap between two ranges worth reading through: about 1-2 ms of S3 throughput per
   * connection.
   */
  public static final long MAX_GAP_BYTES_DEFAULT = 256L * 1024;

  /** Largest single GET: bounds per-thread memory and the cost of one failed attempt. */
  public static final long MAX_GET_BYTES_DEFAULT = 8L * 1024 * 1024;

  /** A request is assembled into one Java array. */
  static final long MAX_ASSEMBLED_BYTES = Integer.MAX_VALUE - 8;

  private static final Comparator<Segment> ORDER =
      Comparator.comparing(Segment::key)
          .thenComparingLong(Segment::fileOffset)
          // Ranges alone decide the GETs (never the order requests came in); the request index only
          // breaks ties between identical ranges.
          .thenComparingLong(Segment::length)
          .thenComparingInt(Segment::request)
          .thenComparingLong(Segment::requestOffset);

  private final long maxGapBytes;
  private final long maxGetBytes;

  public RangeCoalescingPlanner(long maxGapBytes, long maxGetBytes) {
    if (maxGapBytes < 0) {
      throw new IllegalArgumentException("maxGapBytes must be >= 0: " + maxGapBytes);
    }
    if (maxGetBytes < 1) {
      throw new IllegalArgumentException("maxGetBytes must be >= 1: " + maxGetBytes);
    }
    this.maxGapBytes = maxGapBytes;
    this.maxGetBytes = maxGetBytes;
  }

  public static RangeCoalescingPlanner defaults() {
    return new RangeCoalescingPlanner(MAX_GAP_BYTES_DEFAULT, MAX_GET_BYTES_DEFAULT);
  }

  public long maxGapBytes() {
    return maxGapBytes;
  }

  public long maxGetBytes() {
    return maxGetBytes;
  }

  /** The GETs covering every request, ordered by (key, offset). */
  public List<RangeGet> plan(List<RangeRequest> requests) {
    List<Segment> segments = new ArrayList<>(requests.size());
    for (int i = 0; i < requests.size(); i++) {
      RangeRequest r = requests.get(i);
      // A request larger than the cap becomes consecutive cap-sized segments; each may still be
      // coalesced with a neighbour like any other range.
      for (long done = 0; done < r.length(); done += maxGetBytes) {
        long len = Math.min(maxGetBytes, r.length() - done);
        segments.add(new Segment(r.key(), r.offset() + done, len, i, done));
      }
    }
    segments.sort(ORDER);

    List<RangeGet> gets = new ArrayList<>();
    List<Segment> open = new ArrayList<>();
    long start = 0;
    long end = 0;
    for (Segment s : segments) {
      boolean joins =
          !open.isEmpty()
              && s.key().equals(open.get(0).key())
              && s.fileOffset() - end <= maxGapBytes
              && Math.max(end, s.end()) - start <= maxGetBytes;
      if (!joins) {
        if (!open.isEmpty()) {
          gets.add(toGet(open, start, end));
        }
        open = new ArrayList<>();
        start = s.fileOffset();
        end = s.end();
      }
      open.add(s);
      end = Math.max(end, s.end());
    }
    if (!open.isEmpty()) {
      gets.add(toGet(open, start, end));
    }
    return gets;
  }

  /**
   * Cuts the GETs' bytes back into one array per request.
   *
   * @param results the bytes each GET returned, in the order of {@code gets}
   * @return one array per request, in the order of {@code requests}
   */
  public static byte[][] assemble(
      List<RangeRequest> requests, List<RangeGet> gets, List<byte[]> results) {
    if (gets.size() != results.size()) {
      throw new IllegalArgumentException(gets.size() + " GETs but " + results.size() + " results");
    }
    byte[][] out = new byte[requests.size()][];
    long[] filled = new long[requests.size()];
    for (int i = 0; i < requests.size(); i++) {
      out[i] = new byte[(int) requests.get(i).length()];
    }
    for (int g = 0; g < gets.size(); g++) {
      RangeGet get = gets.get(g);
      byte[] bytes = results.get(g);
      if (bytes.length != get.length()) {
        throw new IllegalStateException(
            "GET "
                + get.key()
                + "@"
                + get.offset()
                + "+"
                + get.length()
                + " returned "
                + bytes.length
                + " bytes");
      }
      for (RangeGet.Piece p : get.pieces()) {
        System.arraycopy(
            bytes,
            (int) p.getOffset(),
            out[p.request()],
            (int) p.requestOffset(),
            (int) p.length());
        filled[p.request()] += p.length();
      }
    }
    for (int i = 0; i < requests.size(); i++) {
      if (filled[i] != requests.get(i).length()) {
        throw new IllegalStateException(
            "request " + i + " got " + filled[i] + " of " + requests.get(i).length() + " bytes");
      }
    }
    return out;
  }

  private static RangeGet toGet(List<Segment> segments, long start, long end) {
    List<RangeGet.Piece> pieces = new ArrayList<>(segments.size());
    for (Segment s : segments) {
      pieces.add(
          new RangeGet.Piece(s.request(), s.requestOffset(), s.fileOffset() - start, s.length()));
    }
    return new RangeGet(segments.get(0).key(), start, end - start, pieces);
  }

  /** At most {@code maxGetBytes} of one request, at {@code requestOffset} within it. */
  private record Segment(
      String key, long fileOffset, long length, int request, long requestOffset) {
    long end() {
      return fileOffset + length;
    }
  }
}
