package dev.recon.prefetch;

import java.util.List;
import java.util.Objects;

/**
 * One ranged GET of the plan: {@code length} bytes at {@code offset} of {@code key}, and how to cut
 * them back into the requested ranges.
 *
 * @param pieces what of this GET's bytes belongs to which request; a request larger than the GET
 *     cap is spread over several GETs, so its pieces are found in several {@code RangeGet}s
 */
public record RangeGet(String key, long offset, long length, List<Piece> pieces) {
  public RangeGet {
    Objects.requireNonNull(key, "key");
    pieces = List.copyOf(pieces);
    if (offset < 0 || length <= 0) {
      throw new IllegalArgumentException("bad GET " + key + "@" + offset + "+" + length);
    }
  }

  public long end() {
    return offset + length;
  }

  /** Bytes of this GET that no request asked for (the gaps it bridged). */
  public long wastedBytes() {
    // Pieces may overlap only when requests overlap; count covered positions once.
    long covered = 0;
    long reach = 0;
    List<Piece> sorted =
        pieces.stream().sorted(java.util.Comparator.comparingLong(Piece::getOffset)).toList();
    for (Piece p : sorted) {
      long start = Math.max(p.getOffset(), reach);
      long stop = p.getOffset() + p.length();
      if (stop > start) {
        covered += stop - start;
        reach = stop;
      }
    }
    return length - covered;
  }

  /**
   * Copy {@code length} bytes from this GET at {@code getOffset} into request {@code request}'s
   * buffer at {@code requestOffset}.
   *
   * @param request index of the request in the list handed to the planner
   */
  public record Piece(int request, long requestOffset, long getOffset, long length) {
    public Piece {
      if (request < 0 || requestOffset < 0 || getOffset < 0 || length <= 0) {
        throw new IllegalArgumentException(
            "bad piece " + request + " " + requestOffset + " " + getOffset + " " + length);
      }
    }
  }
}
